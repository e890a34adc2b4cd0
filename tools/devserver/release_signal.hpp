#pragma once
// Wakes the handlers that a fault holds (delay, stall, trickle, endless body) when the server
// stops or the test clears its faults, so that no handler sleeps through a shutdown.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace flameup::devserver::detail {

class ReleaseSignal {
 public:
  /// A point in time to wait from: waits end when a release happens after it.
  std::uint64_t generation() const;

  /// Waits @p duration; returns false early when released (by stop or clear) meanwhile.
  bool sleep_for(std::chrono::milliseconds duration, std::uint64_t since) const;
  /// Waits until released (stop or clear) after @p since.
  void wait_released(std::uint64_t since) const;

  /// Wakes every current waiter (clear_faults).
  void release();
  /// Wakes every waiter and keeps waking new ones until reset() (stop).
  void stop();
  void reset();
  bool stopping() const;

 private:
  bool released_since(std::uint64_t since) const { return stopping_ || generation_ != since; }

  mutable std::mutex mutex_;
  mutable std::condition_variable cv_;
  std::uint64_t generation_ = 0;
  bool stopping_ = false;
};

}  // namespace flameup::devserver::detail
