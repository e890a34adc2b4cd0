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
  /// Only a front fault meant for @p route is taken: the other route's requests pass by it.
  std::optional<Fault> take(Fault::Route route = Fault::Route::track);

 private:
  std::mutex mutex_;
  std::deque<Fault> faults_;
};

}  // namespace flameup::devserver::detail
