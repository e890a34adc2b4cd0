#pragma once
// RFC 3339 date-times: the emulator validates the event's `timestamp`, compares `since` /
// `until` on the list route, and stamps `created_at`.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace flameup::devserver::detail {

/// Milliseconds since the Unix epoch for a full RFC 3339 date-time
/// ("2024-12-25T10:00:00Z", "2024-12-25T10:00:00.123+02:00"); nullopt when malformed or out
/// of range (month 13, February 30, hour 24...).
std::optional<std::int64_t> parse_rfc3339_ms(const std::string& text);

/// "2024-12-25T10:00:00.123Z" (UTC, milliseconds).
std::string format_rfc3339(std::chrono::system_clock::time_point when);

}  // namespace flameup::devserver::detail
