#include "rate_limiter.hpp"

#include <algorithm>

namespace flameup::detail {

RateLimiter::Duration RateLimiter::clamp(Duration d) const {
  return std::clamp<Duration>(d, Duration::zero(), max_wait_);
}

void RateLimiter::respace(Time now) {
  interval_ = (budget_ > 0 && window_end_ > now) ? (window_end_ - now) / budget_ : Duration::zero();
}

void RateLimiter::observe(const RateLimitInfo& info, std::size_t still_in_flight, Time now,
                          WallTime wall_now) {
  // Without both Remaining and Reset there is nothing to shape by.
  if (info.remaining < 0 || info.reset <= 0) {
    window_end_ = Time{};
    budget_ = 1;
    interval_ = Duration::zero();
    return;
  }
  const auto reset_wall = WallTime(std::chrono::seconds(info.reset));
  window_end_ = now + clamp(reset_wall - wall_now);
  budget_ = static_cast<std::int64_t>(info.remaining) - static_cast<std::int64_t>(still_in_flight);
  respace(now);
}

RateLimiter::Time RateLimiter::on_rate_limited(std::optional<std::chrono::milliseconds> retry_after,
                                               Time now, std::chrono::milliseconds fallback) {
  Duration wait = fallback;
  if (retry_after) {
    wait = *retry_after;
  } else if (window_end_ > now) {
    wait = window_end_ - now;
  }
  pause_until_ = std::max(pause_until_, now + clamp(wait));
  return pause_until_;
}

void RateLimiter::on_start(Time now) {
  last_start_ = now;
  if (window_end_ > now) {
    --budget_;
    respace(now);
  }
}

RateLimiter::Time RateLimiter::next_start(Time now) const {
  Time next = std::max(now, pause_until_);
  if (window_end_ > now) {
    next = std::max(next, budget_ <= 0 ? window_end_ : last_start_ + interval_);
  }
  return next;
}

}  // namespace flameup::detail
