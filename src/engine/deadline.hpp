#pragma once
// Durations from users and servers, made safe for arithmetic.
//
// std::chrono::milliseconds::max() is a natural way to say "no limit", and a server may send
// any number; converted to the clocks' nanoseconds, or added to a time point, either would
// overflow (undefined behaviour for signed integers, and in practice a deadline in the past).
// Every duration the SDK turns into a deadline goes through here first: negative becomes zero,
// anything beyond kForever becomes kForever, which is long enough to mean "never" and short
// enough that now + kForever fits every clock's representation (about 292 years).

#include <algorithm>
#include <chrono>

namespace flameup::detail {

/// What "no limit" means: a hundred years.
inline constexpr std::chrono::milliseconds kForever =
    std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::hours(24 * 365 * 100));

/// @p d clamped to [0, kForever].
constexpr std::chrono::milliseconds clamp_duration(std::chrono::milliseconds d) noexcept {
  return std::clamp(d, std::chrono::milliseconds(0), kForever);
}

/// @p now + @p d, with @p d clamped first: never overflows, never lies in the past of @p now.
template <class TimePoint>
TimePoint deadline_after(TimePoint now, std::chrono::milliseconds d) noexcept {
  return now + std::chrono::duration_cast<typename TimePoint::duration>(clamp_duration(d));
}

}  // namespace flameup::detail
