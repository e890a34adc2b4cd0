#pragma once
// When the delivery engine may send, and how much: the client-wide pauses and the rate-limit
// budget, without a thread or a clock of its own (every call is given the time), so that it
// is tested on its own with made-up times.
//
// - Transient failures (network, timeout, 408, 5xx): the whole client pauses, then sends one
//   probe at a time until a success; the pause is about a quarter of the outage so far, so a
//   short outage is probed often and a long one settles at one probe per max_backoff.
// - 429: the client pauses for the server's wait, but never less than its own growing
//   backoff; then one probe at a time until a success.
// - 401/403: delivery stops for auth_retry_interval, then one probe at a time.
// - The server's X-RateLimit-* figures (RateLimiter): never past the budget; spread only a
//   demand larger than the budget.
// - An isolated failure (the first after a success) delays only its own event.

#include <chrono>
#include <cstddef>
#include <optional>
#include <random>

#include "engine/failure_streak.hpp"
#include "engine/rate_limiter.hpp"

namespace flameup::detail {

class PausePolicy {
 public:
  using Time = std::chrono::steady_clock::time_point;
  using WallTime = std::chrono::system_clock::time_point;

  struct Options {
    std::chrono::milliseconds initial_backoff{200};
    std::chrono::milliseconds max_backoff{30000};
    std::chrono::milliseconds max_retry_after{120000};
    std::chrono::milliseconds auth_retry_interval{30000};
  };

  PausePolicy(Options options, std::uint64_t seed);

  // --- what happened ---
  /// A request was started at @p now.
  void on_start(Time now) { limiter_.on_start(now); }
  /// The rate-limit figures of a response; @p still_in_flight requests may not be counted yet.
  void on_rate_limit_figures(const RateLimitInfo& info, std::size_t still_in_flight, Time now,
                             WallTime wall_now);
  /// A 2xx or a definitive answer (4xx): the server works, every pause ends. Returns true if
  /// this ended an auth pause.
  bool on_answer();
  /// A transient failure of a request started at @p started.
  void on_transient_failure(Time started, Time now);
  /// A 429 of a request started at @p started, with the server's Retry-After (clamped) if
  /// any. Returns the end of the pause.
  Time on_rate_limited(Time started, Time now, std::optional<std::chrono::milliseconds> retry_after);
  /// A 401/403. Returns true if delivery was not paused for auth before.
  bool on_auth_failure(Time now);

  // --- what to do ---
  /// How many requests may start at @p now, with @p in_flight on the wire (at most
  /// @p max_in_flight) and @p demand events waiting (0: flush()/close() is waiting, spend
  /// the budget at once).
  std::size_t allowance(Time now, std::size_t in_flight, std::size_t max_in_flight,
                        std::size_t demand) const;
  /// The earliest time after @p now at which allowance() may change by itself (the end of a
  /// pause, the next spread start), or Time::max() if none.
  Time next_change(Time now, std::size_t demand) const;
  /// When a failed event should be tried again: its own backoff if the failure is isolated
  /// (never past @p expiry), or nothing if it should keep its place in line (an outage).
  std::optional<Time> retry_time(std::uint32_t event_failures, Time expiry, Time now);

  bool auth_paused() const noexcept { return auth_paused_; }
  /// Events waiting matter to the limiter only while it knows a window.
  bool knows_budget(Time now) const { return limiter_.budget(now) >= 0; }
  /// The limiter is spacing requests over the window for @p demand.
  bool spreading(Time now, std::size_t demand) const { return limiter_.shaping(now, demand); }

 private:
  const Options options_;
  RateLimiter limiter_;
  std::mt19937_64 rng_;
  FailureStreak failures_;      // transient failures in a row
  FailureStreak rate_limited_;  // 429s in a row
  Time gate_until_{};           // the pause after a transient failure
  bool auth_paused_ = false;
  Time auth_until_{};
};

}  // namespace flameup::detail
