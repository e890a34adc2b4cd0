#pragma once
// Client-wide traffic shaping from the server's rate-limit figures (F12, F13).
//
// Every response may carry X-RateLimit-Remaining/Reset. The limiter spreads the remaining
// requests evenly over the time left until the reset, so a client with a backlog slows down
// before the server has to refuse it; at Remaining 0 with a future reset it waits for the
// reset. A 429 pauses the whole client until Retry-After (or the reset, or a backoff when the
// server gave neither). Every wait is clamped to max_retry_after.

#include <chrono>
#include <cstdint>
#include <optional>

#include "flameup/stats.hpp"

namespace flameup::detail {

class RateLimiter {
 public:
  using Time = std::chrono::steady_clock::time_point;
  using WallTime = std::chrono::system_clock::time_point;
  using Duration = std::chrono::steady_clock::duration;

  explicit RateLimiter(std::chrono::milliseconds max_wait) : max_wait_(max_wait) {}

  /// Takes the figures of one response. @p still_in_flight requests were started before it
  /// arrived and may not be counted by the server yet: they are taken off the budget.
  void observe(const RateLimitInfo& info, std::size_t still_in_flight, Time now, WallTime wall_now);

  /// A 429. @p retry_after is the server's valid Retry-After (already clamped), if any;
  /// @p fallback is used when neither Retry-After nor a future reset says how long to wait.
  /// Returns the end of the pause.
  Time on_rate_limited(std::optional<std::chrono::milliseconds> retry_after, Time now,
                       std::chrono::milliseconds fallback);

  /// A request was started at @p now.
  void on_start(Time now);

  /// Earliest time the next request may start (<= now: go).
  Time next_start(Time now) const;

  /// True while requests are being spread over the server's window (one start at a time).
  bool shaping(Time now) const { return window_end_ > now && interval_ > Duration::zero(); }

  /// True while a 429 or a `Remaining: 0` pause is in force.
  bool paused(Time now) const { return pause_until_ > now || (budget_ <= 0 && window_end_ > now); }

 private:
  Duration clamp(Duration d) const;
  void respace(Time now);

  const std::chrono::milliseconds max_wait_;
  Time pause_until_{};       // 429 pause
  Time window_end_{};        // the server's reset, on our clock; shaping stops after it
  std::int64_t budget_ = 1;  // requests left in the window (as far as we know)
  Duration interval_{};      // spacing between starts while the window lasts
  Time last_start_{};
};

}  // namespace flameup::detail
