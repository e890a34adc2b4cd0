#include "rate_window.hpp"

#include <algorithm>

namespace flameup::devserver::detail {

RateWindow::RateWindow(long limit, std::int64_t window_seconds)
    : limit_(std::max(0L, limit)), window_seconds_(window_seconds) {}

RateDecision RateWindow::take(const std::string& key, std::int64_t now_unix) {
  RateDecision decision;
  decision.limit = limit_;
  if (!enabled()) return decision;

  std::lock_guard<std::mutex> lock(mutex_);
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

}  // namespace flameup::devserver::detail
