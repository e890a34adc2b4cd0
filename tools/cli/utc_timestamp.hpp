#pragma once
// RFC 3339 date-times given on the command line or in an import file, read strictly: a
// mistyped timestamp must be refused, never silently shifted (std::get_time and timegm accept
// out-of-range fields and normalise them).

#include <chrono>
#include <optional>
#include <string_view>

namespace flameup::cli {

/// "2024-12-25T10:00:00Z", "2024-12-25T10:00:00.123Z" or "2024-12-25T11:00:00+01:00" as a
/// point in time; nullopt unless @p text is exactly such a date-time with valid fields.
/// Fractions beyond milliseconds are truncated (the API keeps milliseconds).
std::optional<std::chrono::system_clock::time_point> parse_rfc3339(std::string_view text);

}  // namespace flameup::cli
