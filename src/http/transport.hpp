#pragma once
// The transport seam: what the client and the delivery engine need from HTTP, and nothing
// more. CurlTransport (curl_transport.*) is the real one; tests drive the engine through a
// fake (tests/support/fake_transport.hpp).

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace flameup::detail {

/// The request methods the API uses.
enum class HttpMethod {
  post,  // track: the body is sent
  get,   // list: no body
};

/// One request. Header values have already been checked for CR/LF/NUL.
struct HttpRequest {
  HttpMethod method = HttpMethod::post;
  std::string url;
  /// Sent with a POST; ignored for a GET.
  std::string body;
  /// Complete header lines, "Name: value".
  std::vector<std::string> headers;
};

/// How a transfer ended below HTTP. `ok` means a complete HTTP response was read (of any status).
enum class TransportStatus {
  ok,
  connect_failed,      // refused, unreachable
  dns_failed,          // host did not resolve
  timeout,             // connect/total timeout, low-speed limit
  tls_failed,          // handshake or verification
  send_failed,         // reset while sending: the server may or may not have the request
  receive_failed,      // reset/closed before a complete response
  response_too_large,  // body over the cap; aborted
  aborted,             // cancelled by us (close deadline)
  other,
  internal,            // the SDK could not make or read the request (out of memory, libcurl setup)
};

struct HttpResponse {
  TransportStatus transport = TransportStatus::ok;
  /// libcurl's description of a transport failure. Never contains request headers.
  std::string transport_message;
  int status = 0;
  /// The response headers the SDK reads (date, retry-after, x-ratelimit-*, x-request-id), names
  /// lower-cased, in arrival order; the libcurl transports keep no others.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  /// First header named @p lower_name (already lower-case), or empty.
  std::string_view header(std::string_view lower_name) const noexcept {
    for (const auto& [name, value] : headers) {
      if (name == lower_name) return value;
    }
    return {};
  }
};

/// Synchronous sends, for Client::track. Thread-safe: many threads may send at once; the
/// implementation reuses connections across calls.
class Transport {
 public:
  virtual ~Transport() = default;
  virtual HttpResponse send(const HttpRequest& request) = 0;
};

/// Concurrent sends driven by one thread (the delivery worker). Only wakeup() may be called
/// from other threads.
class AsyncTransport {
 public:
  using Tag = std::uint64_t;
  struct Completion {
    Tag tag = 0;
    HttpResponse response;
  };

  virtual ~AsyncTransport() = default;
  /// Starts a request; its completion will carry @p tag.
  virtual void start(Tag tag, HttpRequest request) = 0;
  /// Drives I/O for at most @p max_wait (returns earlier on completion or wakeup()) and
  /// appends finished transfers to @p done.
  virtual void poll(std::chrono::milliseconds max_wait, std::vector<Completion>& done) = 0;
  /// Makes a blocked poll() return soon. Safe from any thread.
  virtual void wakeup() = 0;
  /// Aborts every transfer in flight; each is appended to @p done with TransportStatus::aborted.
  virtual void abort_all(std::vector<Completion>& done) = 0;
  /// Transfers started and not yet returned through poll()/abort_all().
  virtual std::size_t in_flight() const = 0;
};

}  // namespace flameup::detail
