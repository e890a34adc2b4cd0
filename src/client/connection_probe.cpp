#include "client/connection_probe.hpp"

#include <curl/curl.h>

#include <string_view>

#include "http/curl_handle.hpp"

namespace flameup::detail {
namespace {

// libcurl names the negotiated protocol only in its verbose text, as
// "SSL connection using TLSv1.3 / TLS_AES_256_GCM_SHA384": this keeps the version. The
// callback sees informational text only; no request is sent, so no header can pass here.
int on_debug(CURL*, curl_infotype type, char* data, std::size_t size, void* out) {
  if (type != CURLINFO_TEXT) return 0;
  constexpr std::string_view kPrefix = "SSL connection using ";
  const std::string_view text(data, size);
  if (text.rfind(kPrefix, 0) != 0) return 0;
  const std::string_view rest = text.substr(kPrefix.size());
  try {
    static_cast<std::string*>(out)->assign(rest.substr(0, rest.find_first_of(" /\r\n")));
  } catch (...) {
    // Out of memory: the version stays unknown.
  }
  return 0;
}

long milliseconds_of(CURL* easy, CURLINFO info) {
  curl_off_t microseconds = 0;
  if (curl_easy_getinfo(easy, info, &microseconds) != CURLE_OK) return 0;
  return static_cast<long>(microseconds / 1000);
}

void read_stages(CURL* easy, CURLcode code, ConnectionProbe& probe) {
  const char* ip = nullptr;
  if (curl_easy_getinfo(easy, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK && ip != nullptr) {
    probe.address = ip;
  }
  curl_easy_getinfo(easy, CURLINFO_PRIMARY_PORT, &probe.port);
  probe.lookup_ms = milliseconds_of(easy, CURLINFO_NAMELOOKUP_TIME_T);
  probe.connect_ms = milliseconds_of(easy, CURLINFO_CONNECT_TIME_T);
  probe.tls_ms = milliseconds_of(easy, CURLINFO_APPCONNECT_TIME_T);
  probe.tls_done = code == CURLE_OK;
  const TransportStatus status = transport_status(code);
  probe.connected = probe.tls_done || status == TransportStatus::tls_failed ||
                    (status == TransportStatus::timeout && probe.connect_ms > 0);
  probe.resolved = probe.connected || status == TransportStatus::connect_failed ||
                   (status == TransportStatus::timeout && !probe.address.empty());
}

}  // namespace

ConnectionProbe probe_connection(const ClientOptions& options, const BaseUrl& base,
                                 const std::string& url) {
  ConnectionProbe probe;
  const std::unique_ptr<CurlHandle> handle = CurlHandle::create(CurlSettings(options, base));
  HttpRequest request;
  request.method = HttpMethod::get;
  request.url = url;
  if (!handle || !handle->prepare(request)) {
    probe.error = "libcurl could not be set up";
    return probe;
  }
  CURL* easy = handle->get();
  curl_easy_setopt(easy, CURLOPT_CONNECT_ONLY, 1L);
  curl_easy_setopt(easy, CURLOPT_DEBUGFUNCTION, &on_debug);
  curl_easy_setopt(easy, CURLOPT_DEBUGDATA, &probe.tls_version);
  curl_easy_setopt(easy, CURLOPT_VERBOSE, 1L);
  const CURLcode code = curl_easy_perform(easy);
  read_stages(easy, code, probe);
  const HttpResponse response = handle->finish(code);
  if (code != CURLE_OK) probe.error = response.transport_message;
  return probe;
}

}  // namespace flameup::detail
