#pragma once
/// @file timestamp.hpp
/// @brief RFC 3339 timestamps, as the API writes and reads them.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "flameup/export.hpp"

namespace flameup {

/// @brief Formats @p time as the API's timestamps: UTC with milliseconds,
/// `2024-12-25T10:00:00.123Z` (the fraction is floored, also before 1970).
FLAMEUP_EXPORT std::string format_timestamp(std::chrono::system_clock::time_point time);

/// @brief Parses an RFC 3339 date-time strictly: `2024-12-25T10:00:00Z`,
/// `2024-12-25T10:00:00.123Z` or `2024-12-25T11:00:00+01:00` (`t`/`z` in lower case too).
///
/// Out-of-range fields (month 13, February 30, hour 24) are refused, never normalised; a
/// fraction beyond milliseconds is truncated (the API keeps milliseconds); `:60` (a leap
/// second) is accepted. Dates the system clock cannot represent (with libstdc++'s nanosecond
/// clock, before 1678 or after 2261) are refused rather than overflowed.
/// @return The point in time, or nothing unless @p text is exactly such a date-time.
FLAMEUP_EXPORT std::optional<std::chrono::system_clock::time_point> parse_timestamp(
    std::string_view text) noexcept;

}  // namespace flameup
