#pragma once
// Retry timing: exponential backoff with full jitter, and Retry-After parsing.

#include <chrono>
#include <optional>
#include <random>
#include <string_view>

namespace flameup::detail {

/// Wait before retry number @p failures (1 = after the first failure): a uniformly random
/// duration in [0, min(max, initial * 2^(failures-1))] ("full jitter").
std::chrono::milliseconds backoff_delay(int failures, std::chrono::milliseconds initial,
                                        std::chrono::milliseconds max, std::mt19937_64& rng);

/// The client-wide pause after @p failures failures in a row (the delivery engine's gate after
/// transient failures and 429s): "equal jitter", a uniformly random duration in
/// [ceiling / 2, ceiling] with ceiling = min(max, initial * 2^(failures-1)). Unlike
/// backoff_delay() it has a floor: it never draws (near) zero, and it starts from at least
/// kMinClientPause even when @p initial or @p max is 0, so no sequence of failures can make
/// the engine send faster than one request per pause, and consecutive pauses keep growing.
std::chrono::milliseconds pause_delay(int failures, std::chrono::milliseconds initial,
                                      std::chrono::milliseconds max, std::mt19937_64& rng);

/// The client-wide pause between probes while the server is failing (network errors, 408,
/// 5xx), @p outage after the first failure: equal jitter under a ceiling of a quarter of the
/// outage so far, clamped to [initial, max]. Short outages are probed often, so the backlog
/// flows within about a quarter of the outage's length after the server is back; long ones
/// settle at one probe per max/2 to max. The same floor as pause_delay() applies.
std::chrono::milliseconds probe_delay(std::chrono::steady_clock::duration outage,
                                      std::chrono::milliseconds initial,
                                      std::chrono::milliseconds max, std::mt19937_64& rng);

/// The shortest client-wide pause after a failure, whatever the options say.
inline constexpr std::chrono::milliseconds kMinClientPause{10};

/// Parses a Retry-After value: delta-seconds or an HTTP date (IMF-fixdate, RFC 850, asctime).
/// Returns the wait clamped to [0, max]; empty for garbage or negative values.
std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value,
                                                           std::chrono::system_clock::time_point now,
                                                           std::chrono::milliseconds max);

}  // namespace flameup::detail
