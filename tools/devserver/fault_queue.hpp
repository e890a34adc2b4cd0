#pragma once
// The faults tests queue on the track route, consumed one per request in arrival order.

#include <deque>
#include <mutex>
#include <optional>

#include "devserver.hpp"

namespace flameup::devserver::detail {

class FaultQueue {
 public:
  void add(Fault fault);
  void clear();
  /// The fault for the request that just arrived, if any. A fault with count < 0 stays at the
  /// front until clear(); one with count n serves n requests, then the next fault takes over.
  std::optional<Fault> take();

 private:
  std::mutex mutex_;
  std::deque<Fault> faults_;
};

}  // namespace flameup::devserver::detail
