#pragma once
// Every request that reached the track route, faults included, so tests can count attempts.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <vector>

#include "devserver.hpp"

namespace flameup::devserver::detail {

class RequestLog {
 public:
  void add(ReceivedRequest request);
  std::vector<ReceivedRequest> all() const;
  std::size_t size() const;
  bool wait_for(std::size_t n, std::chrono::milliseconds timeout) const;

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable cv_;
  std::vector<ReceivedRequest> requests_;
};

}  // namespace flameup::devserver::detail
