#include "engine/rate_limiter.hpp"

#include <algorithm>

namespace flameup::detail {

RateLimiter::Duration RateLimiter::clamp(Duration d) const {
  return std::clamp<Duration>(d, Duration::zero(), max_wait_);
}

bool RateLimiter::shaping(Time now, std::size_t demand) const {
  return window_end_ > now && budget_ > 0 && interval_ > Duration::zero() &&
         demand > static_cast<std::uint64_t>(budget_);
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
  // In whole seconds, and clamped before any conversion: a reset of 18 digits must not
  // overflow the clock's nanoseconds.
  const std::int64_t now_s =
      std::chrono::duration_cast<std::chrono::seconds>(wall_now.time_since_epoch()).count();
  const std::int64_t max_s = std::chrono::duration_cast<std::chrono::seconds>(max_wait_).count() + 1;
  const std::int64_t ahead_s = info.reset >= now_s ? std::min(info.reset - now_s, max_s) : -1;
  window_end_ = ahead_s < 0 ? now : now + clamp(std::chrono::seconds(ahead_s));
  budget_ = static_cast<std::int64_t>(info.remaining) - static_cast<std::int64_t>(still_in_flight);
  respace(now);
}

RateLimiter::Time RateLimiter::on_rate_limited(std::optional<std::chrono::milliseconds> retry_after,
                                               Time now, std::chrono::milliseconds floor) {
  Duration wait = Duration::zero();
  if (retry_after) {
    wait = clamp(*retry_after);
  } else if (window_end_ > now) {
    wait = clamp(window_end_ - now);
  }
  wait = std::max<Duration>(wait, clamp_duration(floor));
  pause_until_ = std::max(pause_until_, now + wait);
  return pause_until_;
}

void RateLimiter::on_start(Time now) {
  last_start_ = now;
  if (window_end_ > now) {
    --budget_;
    respace(now);
  }
}

RateLimiter::Time RateLimiter::next_start(Time now, std::size_t demand) const {
  Time next = std::max(now, pause_until_);
  if (window_end_ > now && budget_ <= 0) next = std::max(next, window_end_);
  if (shaping(now, demand)) next = std::max(next, last_start_ + interval_);
  return next;
}

}  // namespace flameup::detail
