#pragma once
// The one-line error descriptions the CLI prints. Server-supplied text passes through here so
// that it can neither carry the API key nor drive the terminal (escape sequences), and cannot
// flood it. The rules are the library's (src/printable_text.hpp, src/bounded_text.hpp,
// src/redactor.hpp), so the CLI shows server text exactly as the SDK hands it out.

#include <cstddef>
#include <string>
#include <string_view>

#include <flameup/error.hpp>

namespace flameup::cli {

/// The most bytes of one description.
constexpr std::size_t kMaxShownBytes = 500;

/// @p text with control characters, C1 controls, bidirectional overrides and invalid UTF-8
/// shown as escapes (`\n`, `\x1b`, `\u0085`), cut to @p max bytes (marked "...").
std::string printable(std::string_view text, std::size_t max = kMaxShownBytes);

/// "unauthorized: Invalid or missing API key (HTTP 401)", plus "; field: detail" for each
/// field error. The library already keeps the key out of Error.
std::string describe(const Error& error, int http_status);

/// The same for a raw HTTP error response read by the CLI itself (flameup list): the error
/// code and message from any of the API's error body shapes, or the whole body (JSON
/// decoded) when it has another shape; @p secret redacted in every encoding the library
/// recognises, before the cut.
std::string describe_http_error(long http_status, const std::string& body,
                                const std::string& secret);

}  // namespace flameup::cli
