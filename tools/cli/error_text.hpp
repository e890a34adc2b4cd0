#pragma once
// The one-line error descriptions the CLI prints. Text from the server reaches the CLI only
// through the library's Error, which is already cleaned (key redacted, escapes shown as
// text, bounded); what the user typed passes through printable() so that it cannot drive the
// terminal either.

#include <cstddef>
#include <string>
#include <string_view>

#include <flameup/error.hpp>

namespace flameup::cli {

/// The most bytes of one description.
constexpr std::size_t kMaxShownBytes = 500;

/// @p text with control characters shown as escapes (`\n`, `\x1b`), cut to @p max bytes
/// (marked "...") without splitting a UTF-8 sequence.
std::string printable(std::string_view text, std::size_t max = kMaxShownBytes);

/// "unauthorized: Invalid or missing API key (HTTP 401)", plus "; field: detail" for each
/// field error. The library already keeps the key out of Error.
std::string describe(const Error& error, int http_status);

}  // namespace flameup::cli
