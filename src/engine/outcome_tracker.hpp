#pragma once
// Which accepted events have their outcome, for flush(), and the outcome counters for stats().
//
// Events finish out of order (retries, parallel requests), so "every event up to seq S has
// its outcome" is tracked as a watermark plus a window of finished flags above it; the window
// only holds events that finished ahead of an older one.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <set>

#include "flameup/outcome.hpp"

namespace flameup::detail {

struct OutcomeCounts {
  std::uint64_t delivered = 0;
  std::uint64_t rejected = 0;
  std::uint64_t expired = 0;
  std::uint64_t evicted = 0;
  std::uint64_t retries_exhausted = 0;
  std::uint64_t shutdown = 0;
};

class OutcomeTracker {
 public:
  /// Counts @p outcome (before the user's callback runs, so stats() agree with callbacks).
  void count(const Outcome& outcome) noexcept;

  /// Marks @p seq as finished (after its callback ran) and wakes flush() waiters whose
  /// target the watermark reached.
  /// Returns false if @p seq was already finished (a bug: exactly-once violated).
  bool finish(std::uint64_t seq);

  /// Waits until every seq <= @p seq is finished, or @p deadline (real time) passes.
  bool wait_finished_through(std::uint64_t seq, std::chrono::steady_clock::time_point deadline);

  std::uint64_t finished_through() const;
  /// Threads inside wait_finished_through() right now.
  std::size_t waiting() const;
  OutcomeCounts counts() const noexcept;

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::uint64_t watermark_ = 0;  // every seq <= watermark_ is finished
  std::deque<bool> above_;       // above_[i]: seq watermark_ + 1 + i is finished
  // The seqs the current waiters wait for: finish() notifies only when the watermark reaches
  // the smallest, so a thread in flush() wakes once, not once per delivered event.
  std::multiset<std::uint64_t> waiter_targets_;

  std::atomic<std::uint64_t> delivered_{0};
  std::atomic<std::uint64_t> rejected_{0};
  std::atomic<std::uint64_t> expired_{0};
  std::atomic<std::uint64_t> evicted_{0};
  std::atomic<std::uint64_t> retries_exhausted_{0};
  std::atomic<std::uint64_t> shutdown_{0};
};

}  // namespace flameup::detail
