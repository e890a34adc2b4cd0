#pragma once
// One authenticated HTTP GET with libcurl, for `flameup list` (the library only tracks). It
// follows the library's transport rules: options validated first (https, or http to a
// loopback host only), no redirects, no netrc, every transfer bounded in time and size.

#include <string>

#include <flameup/client_options.hpp>

namespace flameup::cli {

struct HttpGetResult {
  std::string error;  ///< Non-empty when no HTTP response arrived (never holds the key).
  long status = 0;    ///< The HTTP status.
  std::string body;   ///< The response body.
};

/// GETs @p url with `Authorization: Bearer <options.api_key>` and the transport settings of
/// @p options (timeouts, CA, proxy, TLS verification). @p options must pass validate().
HttpGetResult http_get(const std::string& url, const ClientOptions& options);

}  // namespace flameup::cli
