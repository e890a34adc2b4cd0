#pragma once
// The track requests the tests inspect: a count of every request that reached the route,
// faults included, and a copy of the latest ones only, so that a long session does not keep
// every body it was sent.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <vector>

#include "devserver.hpp"

namespace flameup::devserver::detail {

class RequestLog {
 public:
  /// @param max_entries how many of the latest requests to keep (0: count only).
  explicit RequestLog(std::size_t max_entries) : max_entries_(max_entries) {}

  /// Counts @p request and keeps it, forgetting the oldest kept one beyond max_entries.
  void add(ReceivedRequest request);
  /// The kept requests, oldest first.
  std::vector<ReceivedRequest> kept() const;
  /// Every request added, kept or not.
  std::size_t count() const;
  /// Waits until count() >= @p n or @p timeout passes; true if reached.
  bool wait_for(std::size_t n, std::chrono::milliseconds timeout) const;

 private:
  const std::size_t max_entries_;
  mutable std::mutex mutex_;
  mutable std::condition_variable cv_;
  std::deque<ReceivedRequest> kept_;
  std::size_t count_ = 0;
};

}  // namespace flameup::devserver::detail
