#include "request_log.hpp"

#include <utility>

namespace flameup::devserver::detail {

void RequestLog::add(ReceivedRequest request) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ++count_;
    if (max_entries_ > 0) {
      if (kept_.size() >= max_entries_) kept_.pop_front();
      kept_.push_back(std::move(request));
    }
  }
  cv_.notify_all();
}

std::vector<ReceivedRequest> RequestLog::kept() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return {kept_.begin(), kept_.end()};
}

std::size_t RequestLog::count() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return count_;
}

bool RequestLog::wait_for(std::size_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(mutex_);
  return cv_.wait_for(lock, timeout, [&] { return count_ >= n; });
}

}  // namespace flameup::devserver::detail
