#include "request_log.hpp"

#include <utility>

namespace flameup::devserver::detail {

void RequestLog::add(ReceivedRequest request) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    requests_.push_back(std::move(request));
  }
  cv_.notify_all();
}

std::vector<ReceivedRequest> RequestLog::all() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return requests_;
}

std::size_t RequestLog::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return requests_.size();
}

bool RequestLog::wait_for(std::size_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(mutex_);
  return cv_.wait_for(lock, timeout, [&] { return requests_.size() >= n; });
}

}  // namespace flameup::devserver::detail
