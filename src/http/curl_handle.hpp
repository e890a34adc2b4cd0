#pragma once
// One configured libcurl easy handle: the safety settings every transfer needs (no redirects,
// restricted protocols, no netrc, TLS verification, bounded time and size, no signals) and
// the buffers its callbacks fill. Shared by the sync pool and the multi transport.

#include <curl/curl.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "flameup/client_options.hpp"
#include "http/transport.hpp"
#include "wire/url.hpp"

namespace flameup::detail {

/// The transfer settings taken from ClientOptions and the client's parsed base URL (copied
/// so handles outlive both).
struct CurlSettings {
  CurlSettings(const ClientOptions& options, const BaseUrl& base);

  bool allow_http;  // "http,https" instead of "https" only
  bool verify_tls;
  std::string ca_file;
  std::string ca_path;
  std::string proxy;
  // A loopback base URL: never proxied, whatever `proxy` or the *_proxy environment
  // variables say (the proxy would see the request, key included, and could not reach this
  // machine's loopback anyway).
  bool direct;
  // CURLOPT_RESOLVE entries pinning a `localhost` base URL to 127.0.0.1 and ::1, so no
  // resolver or hosts file decides where the key goes. Empty for any other host.
  std::vector<std::string> pinned_hosts;
  // The name the SDK's resolver looks up before each transfer, and the port its answer is
  // pinned at (host_pinning.hpp). Empty for an address, for `localhost`, and when a proxy
  // (from the options or the environment) resolves the name instead.
  std::string lookup_host;
  int lookup_port = 0;
  long connect_timeout_ms;
  long request_timeout_ms;
  long low_speed_limit;
  long low_speed_time_s;
  std::size_t max_response_bytes;
};

class CurlHandle {
 public:
  /// A configured handle, or null if libcurl could not allocate one.
  static std::unique_ptr<CurlHandle> create(const CurlSettings& settings);
  /// Cleans the handle up, closing its connections, in the process that created it only: in
  /// a forked child the handle and its sockets still belong to the parent, so it is leaked
  /// (a TLS close_notify from the child would end the parent's session).
  ~CurlHandle();
  CurlHandle(const CurlHandle&) = delete;
  CurlHandle& operator=(const CurlHandle&) = delete;

  /// Points the handle at @p request (kept by reference: it must outlive the transfer) and
  /// clears the previous response. False if a header could not be set.
  bool prepare(const HttpRequest& request);
  /// Replaces the handle's CURLOPT_RESOLVE entries (read when the next transfer starts).
  /// False if libcurl refused them.
  bool pin(std::vector<std::string> entries);
  /// The response of the finished transfer, given libcurl's result code. Moves the buffers out.
  HttpResponse finish(CURLcode code);

  CURL* get() const noexcept { return easy_; }

 private:
  CurlHandle(CURL* easy, std::size_t max_response_bytes);
  bool set_method(const HttpRequest& request);
  static std::size_t on_body(char* data, std::size_t size, std::size_t count, void* self);
  static std::size_t on_header(char* data, std::size_t size, std::size_t count, void* self);

  CURL* easy_;
  std::uint64_t owner_;  // fork generation of the process that created it
  // The CURLOPT_RESOLVE list: libcurl reads it when a transfer starts, so it lives as long
  // as the handle.
  std::vector<std::string> pinned_hosts_;
  std::vector<curl_slist> pinned_nodes_;
  // The request's header lines as a curl_slist whose nodes we own and whose strings live in
  // the request (which outlives the transfer): libcurl only reads the list, so no per-request
  // curl_slist_append/free (two allocations per line).
  std::vector<curl_slist> header_nodes_;
  std::size_t max_response_bytes_;
  bool too_large_ = false;
  bool out_of_memory_ = false;  // a callback could not keep what libcurl gave it
  std::string body_;
  std::vector<std::pair<std::string, std::string>> response_headers_;
  char error_buffer_[CURL_ERROR_SIZE] = {};
};

/// How a libcurl result code maps onto the transport seam.
TransportStatus transport_status(CURLcode code) noexcept;

}  // namespace flameup::detail
