#include "http/curl_handle.hpp"

#include <algorithm>
#include <array>
#include <climits>
#include <cstring>
#include <string_view>

#include "http/curl_global.hpp"
#include "http/host_pinning.hpp"
#include "platform/ip_address.hpp"
#include "platform/fork_guard.hpp"
#include "wire/url.hpp"

// The build requires it too (find_package(CURL 7.87)); this says why where it matters.
static_assert(LIBCURL_VERSION_NUM >= 0x075700,
              "libcurl 7.87 or later: CURLOPT_QUICK_EXIT keeps close() within its deadline "
              "during a stuck DNS lookup");

namespace flameup::detail {
namespace {

long clamp_to_long(long long value) {
  return static_cast<long>(std::clamp<long long>(value, 0, LONG_MAX));
}

std::string_view trimmed(const char* begin, const char* end) {
  while (begin < end && (*begin == ' ' || *begin == '\t')) ++begin;
  while (end > begin && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r' || end[-1] == '\n')) {
    --end;
  }
  return {begin, static_cast<std::size_t>(end - begin)};
}

// The response headers the SDK reads (see response_classifier.cpp; `date` for diagnose()'s
// clock check), lower-case. Only these are kept: copying every header a server sends cost an
// allocation or two per header.
constexpr std::array<std::string_view, 6> kWantedHeaders = {
    "date", "retry-after", "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset",
    "x-request-id"};

bool equals_ignoring_ascii_case(std::string_view text, std::string_view lower) noexcept {
  if (text.size() != lower.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower[i]) return false;
  }
  return true;
}

// The canonical (lower-case) name if @p name is one the SDK reads, else empty.
std::string_view wanted_header(std::string_view name) noexcept {
  for (const std::string_view wanted : kWantedHeaders) {
    if (equals_ignoring_ascii_case(name, wanted)) return wanted;
  }
  return {};
}

// Links @p lines into a curl_slist made of @p nodes, without an allocation per line: libcurl
// only reads such lists. The strings must outlive the list. Null for no lines.
curl_slist* link_slist(const std::vector<std::string>& lines, std::vector<curl_slist>& nodes) {
  nodes.resize(lines.size());
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    // libcurl never writes through data (the field is not const for C's sake).
    nodes[i].data = const_cast<char*>(lines[i].c_str());
    nodes[i].next = i + 1 < nodes.size() ? &nodes[i + 1] : nullptr;
  }
  return nodes.empty() ? nullptr : nodes.data();
}

bool set_proxy(CURL* easy, const CurlSettings& s) {
  if (s.direct) {
    // "" is libcurl's "no proxy at all", environment included; NOPROXY "*" says it twice.
    return curl_easy_setopt(easy, CURLOPT_PROXY, "") == CURLE_OK &&
           curl_easy_setopt(easy, CURLOPT_NOPROXY, "*") == CURLE_OK;
  }
  return s.proxy.empty() || curl_easy_setopt(easy, CURLOPT_PROXY, s.proxy.c_str()) == CURLE_OK;
}

// Options that never change for the life of the handle.
bool configure(CURL* easy, const CurlSettings& s) {
  bool ok = true;
  auto set = [&ok](CURLcode code) { ok = ok && code == CURLE_OK; };
  // Signals: libcurl must never raise SIGALRM/SIGPIPE in the host application.
  set(curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L));
  // A redirect turns the POST into a body-less GET and could carry headers to another host.
  set(curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L));
  set(curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, s.allow_http ? "http,https" : "https"));
  set(curl_easy_setopt(easy, CURLOPT_NETRC, static_cast<long>(CURL_NETRC_IGNORED)));
  set(curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, s.verify_tls ? 1L : 0L));
  set(curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, s.verify_tls ? 2L : 0L));
  if (!s.ca_file.empty()) set(curl_easy_setopt(easy, CURLOPT_CAINFO, s.ca_file.c_str()));
  if (!s.ca_path.empty()) set(curl_easy_setopt(easy, CURLOPT_CAPATH, s.ca_path.c_str()));
  ok = ok && set_proxy(easy, s);
  set(curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, s.connect_timeout_ms));
  set(curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, s.request_timeout_ms));
  set(curl_easy_setopt(easy, CURLOPT_LOW_SPEED_LIMIT, s.low_speed_limit));
  set(curl_easy_setopt(easy, CURLOPT_LOW_SPEED_TIME, s.low_speed_time_s));
  // Refuses early when Content-Length announces too much; the write callback covers the rest.
  set(curl_easy_setopt(easy, CURLOPT_MAXFILESIZE_LARGE,
                       static_cast<curl_off_t>(std::min<std::size_t>(s.max_response_bytes,
                                                                     LLONG_MAX))));
  set(curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L));
  // The SDK resolves the API's name itself (host_pinning.hpp); libcurl still resolves a
  // proxy's. Removing a handle whose threaded lookup of it is stuck must not join that thread:
  // close() has a deadline to keep. The thread then ends when getaddrinfo returns.
  set(curl_easy_setopt(easy, CURLOPT_QUICK_EXIT, 1L));
  return ok;
}

}  // namespace

CurlSettings::CurlSettings(const ClientOptions& options, const BaseUrl& base)
    : allow_http(base.scheme == "http"),
      verify_tls(options.verify_tls),
      ca_file(options.ca_file),
      ca_path(options.ca_path),
      proxy(options.proxy),
      direct(is_loopback_host(base.host)),
      connect_timeout_ms(clamp_to_long(options.connect_timeout.count())),
      request_timeout_ms(clamp_to_long(options.request_timeout.count())),
      low_speed_limit(options.low_speed_limit),
      low_speed_time_s(clamp_to_long(options.low_speed_time.count())),
      max_response_bytes(options.max_response_bytes) {
  // allow_http: validate() only accepts an http:// base URL for a loopback host or with
  // allow_insecure_http; any other client speaks https and nothing else.
  if (is_localhost_name(base.host)) {
    // The cache compares names ignoring case.
    pinned_hosts = resolve_entries("localhost", effective_port(base), {"127.0.0.1", "::1"});
  } else if (!parse_ipv4_literal(base.host) && !parse_ipv6_literal(base.host) && !direct &&
             proxy.empty() && !proxy_in_environment()) {
    lookup_host = base.host;
    lookup_port = effective_port(base);
  }
}

std::unique_ptr<CurlHandle> CurlHandle::create(const CurlSettings& settings) {
  CURL* easy = new_easy_handle();
  if (easy == nullptr) return nullptr;
  std::unique_ptr<CurlHandle> handle(new CurlHandle(easy, settings.max_response_bytes));
  if (!configure(easy, settings)) return nullptr;
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &CurlHandle::on_body);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, handle.get());
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &CurlHandle::on_header);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, handle.get());
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, handle->error_buffer_);
  curl_easy_setopt(easy, CURLOPT_PRIVATE, handle.get());
  if (!settings.pinned_hosts.empty() && !handle->pin(settings.pinned_hosts)) return nullptr;
  return handle;
}

bool CurlHandle::pin(std::vector<std::string> entries) {
  // libcurl copies the entries into its DNS cache when a transfer starts, but keeps the list
  // until then: the old one may go only once the new one is set.
  std::vector<std::string> lines = std::move(entries);
  std::vector<curl_slist> nodes;
  curl_slist* const list = link_slist(lines, nodes);
  if (curl_easy_setopt(easy_, CURLOPT_RESOLVE, list) != CURLE_OK) return false;
  pinned_hosts_.swap(lines);
  pinned_nodes_.swap(nodes);
  return true;
}

CurlHandle::CurlHandle(CURL* easy, std::size_t max_response_bytes)
    : easy_(easy), owner_(fork_generation_registered()), max_response_bytes_(max_response_bytes) {}

CurlHandle::~CurlHandle() {
  if (owner_ == fork_generation()) curl_easy_cleanup(easy_);
}

bool CurlHandle::prepare(const HttpRequest& request) {
  curl_slist* headers = nullptr;
  try {
    headers = link_slist(request.headers, header_nodes_);
  } catch (...) {
    return false;
  }
  body_.clear();
  response_headers_.clear();
  too_large_ = false;
  out_of_memory_ = false;
  error_buffer_[0] = '\0';
  bool ok = curl_easy_setopt(easy_, CURLOPT_URL, request.url.c_str()) == CURLE_OK;
  ok = ok && curl_easy_setopt(easy_, CURLOPT_HTTPHEADER, headers) == CURLE_OK;
  return ok && set_method(request);
}

// A pooled handle keeps the method of its previous transfer: every request sets its own.
bool CurlHandle::set_method(const HttpRequest& request) {
  if (request.method == HttpMethod::get) {
    // HTTPGET switches a handle that last POSTed back to a body-less GET.
    return curl_easy_setopt(easy_, CURLOPT_HTTPGET, 1L) == CURLE_OK;
  }
  bool ok = curl_easy_setopt(easy_, CURLOPT_POST, 1L) == CURLE_OK;
  ok = ok && curl_easy_setopt(easy_, CURLOPT_POSTFIELDSIZE_LARGE,
                              static_cast<curl_off_t>(request.body.size())) == CURLE_OK;
  // Not COPYPOSTFIELDS: the request outlives the transfer, so no copy is needed.
  return ok && curl_easy_setopt(easy_, CURLOPT_POSTFIELDS, request.body.data()) == CURLE_OK;
}

HttpResponse CurlHandle::finish(CURLcode code) {
  HttpResponse response;
  long status = 0;
  curl_easy_getinfo(easy_, CURLINFO_RESPONSE_CODE, &status);
  response.status = static_cast<int>(status);
  response.transport = transport_status(code);
  if (too_large_ || code == CURLE_FILESIZE_EXCEEDED) {
    response.transport = TransportStatus::response_too_large;
    response.transport_message = "response larger than max_response_bytes (" +
                                 std::to_string(max_response_bytes_) + ")";
  } else if (out_of_memory_ || code == CURLE_OUT_OF_MEMORY) {
    // The SDK's failure, not the network's: say so (ErrorCode::internal).
    response.transport = TransportStatus::internal;
    response.transport_message = "out of memory while reading the response";
  } else if (code != CURLE_OK) {
    response.transport_message = error_buffer_[0] != '\0' ? error_buffer_ : curl_easy_strerror(code);
  }
  response.headers = std::move(response_headers_);
  response.body = std::move(body_);
  response_headers_.clear();
  body_.clear();
  // The header list points into the request, which may now go away.
  curl_easy_setopt(easy_, CURLOPT_HTTPHEADER, nullptr);
  // So does the body; this also makes the handle a POST again until set_method().
  curl_easy_setopt(easy_, CURLOPT_POSTFIELDS, nullptr);
  return response;
}

std::size_t CurlHandle::on_body(char* data, std::size_t size, std::size_t count, void* self) {
  auto* handle = static_cast<CurlHandle*>(self);
  const std::size_t bytes = size * count;
  if (handle->body_.size() + bytes > handle->max_response_bytes_) {
    handle->too_large_ = true;
    return 0;  // anything but `bytes` aborts the transfer
  }
  try {
    handle->body_.append(data, bytes);
  } catch (...) {
    handle->out_of_memory_ = true;
    return 0;
  }
  return bytes;
}

std::size_t CurlHandle::on_header(char* data, std::size_t size, std::size_t count, void* self) {
  auto* handle = static_cast<CurlHandle*>(self);
  const std::size_t bytes = size * count;
  const char* end = data + bytes;
  if (bytes >= 5 && std::memcmp(data, "HTTP/", 5) == 0) {
    // A new status line (after 100 Continue or a proxy's CONNECT answer): start afresh.
    handle->response_headers_.clear();
    return bytes;
  }
  const char* colon = static_cast<const char*>(std::memchr(data, ':', bytes));
  if (colon == nullptr) return bytes;  // the blank line ending the headers
  // Bound what a hostile server can make us keep.
  if (handle->response_headers_.size() >= 100) return bytes;
  const std::string_view name = wanted_header(trimmed(data, colon));
  if (name.empty()) return bytes;
  try {
    handle->response_headers_.emplace_back(std::string(name), std::string(trimmed(colon + 1, end)));
  } catch (...) {
    handle->out_of_memory_ = true;
    return 0;
  }
  return bytes;
}

TransportStatus transport_status(CURLcode code) noexcept {
  switch (code) {
    case CURLE_OK: return TransportStatus::ok;
    case CURLE_COULDNT_CONNECT: return TransportStatus::connect_failed;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY: return TransportStatus::dns_failed;
    case CURLE_OPERATION_TIMEDOUT: return TransportStatus::timeout;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_SHUTDOWN_FAILED: return TransportStatus::tls_failed;
    case CURLE_SEND_ERROR: return TransportStatus::send_failed;
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM: return TransportStatus::receive_failed;
    case CURLE_FILESIZE_EXCEEDED: return TransportStatus::response_too_large;
    case CURLE_ABORTED_BY_CALLBACK: return TransportStatus::aborted;
    case CURLE_OUT_OF_MEMORY: return TransportStatus::internal;
    default: return TransportStatus::other;
  }
}

}  // namespace flameup::detail
