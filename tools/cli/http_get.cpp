#include "http_get.hpp"

#include <curl/curl.h>

#include <memory>

#include <flameup/version.hpp>

namespace flameup::cli {
namespace {

// A list of up to 1000 events of up to 32 KiB each fits; anything larger is not the API.
constexpr std::size_t kMaxResponseBytes = std::size_t{64} * 1024 * 1024;

struct Sink {
  std::string body;
  bool too_large = false;
};

std::size_t collect(char* data, std::size_t size, std::size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  if (sink->body.size() + size * count > kMaxResponseBytes) {
    sink->too_large = true;
    return 0;  // aborts the transfer
  }
  sink->body.append(data, size * count);
  return size * count;
}

// curl_global_init for the life of one call; the CLI is single-threaded when it lists.
struct CurlGlobal {
  CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
  ~CurlGlobal() { curl_global_cleanup(); }
  CurlGlobal(const CurlGlobal&) = delete;
  CurlGlobal& operator=(const CurlGlobal&) = delete;
};

// False if libcurl refused a setting: better no request than one without its safeguards.
bool set_transport_options(CURL* h, const ClientOptions& options) {
  bool ok = true;
  auto set = [&ok](CURLcode code) { ok = ok && code == CURLE_OK; };
  set(curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L));
  // A redirect would resend the Authorization header to wherever the server points.
  set(curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L));
  // http is allowed here because validate() has already limited it to loopback hosts.
#if LIBCURL_VERSION_NUM >= 0x075500  // 7.85.0
  set(curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https"));
#else
  set(curl_easy_setopt(h, CURLOPT_PROTOCOLS, static_cast<long>(CURLPROTO_HTTP | CURLPROTO_HTTPS)));
#endif
  set(curl_easy_setopt(h, CURLOPT_NETRC, static_cast<long>(CURL_NETRC_IGNORED)));
  set(curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                       static_cast<long>(options.connect_timeout.count())));
  set(curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(options.request_timeout.count())));
  set(curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, options.low_speed_limit));
  set(curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME,
                       static_cast<long>(options.low_speed_time.count())));
  set(curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, options.verify_tls ? 1L : 0L));
  set(curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, options.verify_tls ? 2L : 0L));
  if (!options.ca_file.empty()) set(curl_easy_setopt(h, CURLOPT_CAINFO, options.ca_file.c_str()));
  if (!options.ca_path.empty()) set(curl_easy_setopt(h, CURLOPT_CAPATH, options.ca_path.c_str()));
  if (!options.proxy.empty()) set(curl_easy_setopt(h, CURLOPT_PROXY, options.proxy.c_str()));
  set(curl_easy_setopt(h, CURLOPT_USERAGENT, "flameup-cli/" FLAMEUP_VERSION_STRING));
  return ok;
}

// Accept + Authorization, or null if out of memory.
curl_slist* request_headers(const std::string& api_key) {
  curl_slist* accept = curl_slist_append(nullptr, "Accept: application/json");
  if (accept == nullptr) return nullptr;
  curl_slist* both = curl_slist_append(accept, ("Authorization: Bearer " + api_key).c_str());
  if (both == nullptr) curl_slist_free_all(accept);
  return both;
}

}  // namespace

HttpGetResult http_get(const std::string& url, const ClientOptions& options) {
  HttpGetResult result;
  const CurlGlobal global;
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
  if (!curl) {
    result.error = "cannot start libcurl";
    return result;
  }
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(
      request_headers(options.api_key), &curl_slist_free_all);
  Sink sink;
  char error_text[CURL_ERROR_SIZE] = {};
  CURL* h = curl.get();
  if (!headers || !set_transport_options(h, options) ||
      curl_easy_setopt(h, CURLOPT_URL, url.c_str()) != CURLE_OK) {
    result.error = "cannot configure libcurl";
    return result;
  }
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &collect);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_text);
  const CURLcode code = curl_easy_perform(h);
  if (sink.too_large) {
    result.error = "response larger than " + std::to_string(kMaxResponseBytes) + " bytes";
  } else if (code != CURLE_OK) {
    result.error = error_text[0] != '\0' ? error_text : curl_easy_strerror(code);
  } else {
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &result.status);
    result.body = std::move(sink.body);
  }
  return result;
}

}  // namespace flameup::cli
