#pragma once
// The one-line error descriptions the CLI prints. Server-supplied text passes through here so
// that it can neither carry the API key nor drive the terminal (escape sequences), and cannot
// flood it.

#include <string>
#include <string_view>

#include <flameup/error.hpp>

namespace flameup::cli {

/// @p text with control characters replaced by '?' and cut to @p max bytes (marked "...").
std::string printable(std::string_view text, std::size_t max = 500);

/// "unauthorized: Invalid or missing API key (HTTP 401)", plus "; field: detail" for each
/// field error. The library already keeps the key out of Error.
std::string describe(const Error& error, int http_status);

/// The same for a raw HTTP error response read by the CLI itself (flameup list): the error
/// code and message from any of the API's error body shapes, @p secret redacted.
std::string describe_http_error(long http_status, const std::string& body,
                                const std::string& secret);

}  // namespace flameup::cli
