#pragma once
// Client-wide traffic shaping from the server's rate-limit figures (docs/reliability.md, rows F12 and F13).
//
// Every response may carry X-RateLimit-Remaining/Reset. While the demand (events waiting)
// fits in what remains of the window, requests go out at once: a short-lived program that
// enqueues a few dozen events and closes must not wait for pacing it does not need. Only when
// the demand exceeds the remaining budget are the remaining requests spread evenly over the
// time left until the reset, so a client with a backlog slows down before the server has to
// refuse it. At Remaining 0 with a future reset it waits for the reset. No margin is kept for
// other processes sharing the key: they get the 429 handling below like anyone else. A 429 pauses the whole client until Retry-After (or the reset, or a backoff when the
// server gave neither). Every server-requested wait is clamped to max_retry_after.

#include <chrono>
#include <cstdint>
#include <optional>

#include "engine/deadline.hpp"
#include "flameup/stats.hpp"

namespace flameup::detail {

class RateLimiter {
 public:
  using Time = std::chrono::steady_clock::time_point;
  using WallTime = std::chrono::system_clock::time_point;
  using Duration = std::chrono::steady_clock::duration;

  explicit RateLimiter(std::chrono::milliseconds max_wait) : max_wait_(clamp_duration(max_wait)) {}

  /// Takes the figures of one response. @p still_in_flight requests were started before it
  /// arrived and may not be counted by the server yet: they are taken off the budget.
  void observe(const RateLimitInfo& info, std::size_t still_in_flight, Time now, WallTime wall_now);

  /// A 429. @p retry_after is the server's valid Retry-After (already clamped), if any;
  /// @p floor is the client's own backoff for this 429: the pause lasts the server's wait
  /// (Retry-After, else the reset) clamped to max_wait, but never less than @p floor, so a
  /// `Retry-After: 0` or a date in the past cannot turn 429s into a busy loop.
  /// Returns the end of the pause.
  Time on_rate_limited(std::optional<std::chrono::milliseconds> retry_after, Time now,
                       std::chrono::milliseconds floor);

  /// A request was started at @p now.
  void on_start(Time now);

  /// Earliest time the next request may start (<= now: go). @p demand is the number of
  /// requests the client would like to make now; spreading applies only when it exceeds the
  /// remaining budget (pass 0 to never spread, e.g. when close() or flush() is waiting).
  Time next_start(Time now, std::size_t demand) const;

  /// True while requests are being spread over the server's window (one start at a time).
  bool shaping(Time now, std::size_t demand) const;

  /// Requests known to remain in the current window; -1 when no window is known.
  std::int64_t budget(Time now) const { return window_end_ > now ? budget_ : -1; }

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
