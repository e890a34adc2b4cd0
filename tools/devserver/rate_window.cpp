#include "rate_window.hpp"

#include <algorithm>
#include <iterator>

namespace flameup::devserver::detail {

RateWindow::RateWindow(long limit, std::int64_t window_seconds)
    : limit_(std::max(0L, limit)), window_seconds_(std::max<std::int64_t>(1, window_seconds)) {}

RateDecision RateWindow::take(const std::string& key, std::int64_t now_unix) {
  RateDecision decision;
  decision.limit = limit_;
  if (!enabled()) return decision;

  std::lock_guard<std::mutex> lock(mutex_);
  forget_ended_windows(now_unix);
  Window& window = windows_[key];
  if (window.used == 0 || now_unix >= window.start + window_seconds_) {
    window = Window{now_unix, 0};
  }
  const std::int64_t reset = window.start + window_seconds_;
  decision.reset_unix = reset;
  decision.retry_after_s = std::max<std::int64_t>(1, reset - now_unix);
  if (window.used >= limit_) {
    decision.allowed = false;
    decision.remaining = 0;
    return decision;
  }
  ++window.used;
  decision.remaining = limit_ - window.used;
  return decision;
}

std::size_t RateWindow::tracked_keys() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return windows_.size();
}

// A window that has ended behaves exactly like no window (the next request starts a new one),
// so dropping it changes no answer. One sweep per window length keeps the cost per request
// constant while bounding the map to the keys of the last two windows. A clock set back
// sweeps at once rather than waiting for the old schedule.
void RateWindow::forget_ended_windows(std::int64_t now_unix) {
  const bool clock_went_back = now_unix < next_sweep_unix_ - window_seconds_;
  if (now_unix < next_sweep_unix_ && !clock_went_back) return;
  next_sweep_unix_ = now_unix + window_seconds_;
  for (auto it = windows_.begin(); it != windows_.end();) {
    it = now_unix >= it->second.start + window_seconds_ ? windows_.erase(it) : std::next(it);
  }
}

}  // namespace flameup::devserver::detail
