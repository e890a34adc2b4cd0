#pragma once
// The connection part of diagnose(): one libcurl connect-only transfer to the base URL (name
// lookup, TCP connect, TLS handshake for https, no HTTP request), with the same settings as
// every request (TLS verification, CA files, proxy, localhost pinning, timeouts), and how far
// it got.

#include <string>

#include "flameup/client_options.hpp"
#include "wire/url.hpp"

namespace flameup::detail {

struct ConnectionProbe {
  /// The stages it completed: a later one implies the earlier ones.
  bool resolved = false;
  bool connected = false;
  bool tls_done = false;  // also true for http, where there is no handshake
  /// libcurl's description of the failure; empty on success. Never holds request headers
  /// (no request is sent).
  std::string error;
  /// The address it connected to (or tried last), and its port; empty / 0 if none.
  std::string address;
  long port = 0;
  /// When each stage ended, from the start (libcurl's timers).
  long lookup_ms = 0;
  long connect_ms = 0;
  long tls_ms = 0;
  /// The TLS version the handshake settled on, "TLSv1.3"; empty if unknown or http.
  std::string tls_version;
};

/// Connects to @p url as Client would, then closes. Blocks up to options.connect_timeout.
ConnectionProbe probe_connection(const ClientOptions& options, const BaseUrl& base,
                                 const std::string& url);

}  // namespace flameup::detail
