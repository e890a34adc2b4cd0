#include "release_signal.hpp"

namespace flameup::devserver::detail {

std::uint64_t ReleaseSignal::generation() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return generation_;
}

bool ReleaseSignal::sleep_for(std::chrono::milliseconds duration, std::uint64_t since) const {
  std::unique_lock<std::mutex> lock(mutex_);
  return !cv_.wait_for(lock, duration, [&] { return released_since(since); });
}

void ReleaseSignal::wait_released(std::uint64_t since) const {
  std::unique_lock<std::mutex> lock(mutex_);
  cv_.wait(lock, [&] { return released_since(since); });
}

void ReleaseSignal::release() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ++generation_;
  }
  cv_.notify_all();
}

void ReleaseSignal::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    ++generation_;
  }
  cv_.notify_all();
}

void ReleaseSignal::reset() {
  std::lock_guard<std::mutex> lock(mutex_);
  stopping_ = false;
}

bool ReleaseSignal::stopping() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return stopping_;
}

}  // namespace flameup::devserver::detail
