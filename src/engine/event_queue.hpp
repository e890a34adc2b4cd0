#pragma once
// The bounded queue between enqueue() (any thread) and the delivery worker (one thread).
//
// Bounds cover every event the engine owns, waiting or in flight, by count and by serialized
// bytes; the overflow policy decides what a full queue does to a new event. Waiting events
// live in two places: `ready_`, in acceptance order, and `delayed_`, a heap of events whose
// retry is not due yet. The worker talks to the queue through exchange(): one lock acquisition
// per loop turn hands back finished/returned events and takes new ones, so producers and the
// worker rarely contend.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <vector>

#include "engine/queued_event.hpp"
#include "flameup/overflow_policy.hpp"

namespace flameup::detail {

struct QueueLimits {
  std::size_t max_events = 10000;
  std::size_t max_bytes = 16 * 1024 * 1024;
  OverflowPolicy policy = OverflowPolicy::drop_newest;
  std::chrono::milliseconds block_timeout{100};
};

enum class PushStatus { accepted, queue_full, closed };

struct PushResult {
  PushStatus status = PushStatus::closed;
  /// The worker is blocked waiting for work (or has evictions to report): wake it.
  bool wake_worker = false;
};

/// What the worker hands to the queue and gets back in one exchange().
struct WorkerExchange {
  // --- in: from the worker ---
  /// Events to put back at the front, in acceptance order (429, auth pause).
  std::vector<QueuedEvent> to_front;
  /// Events to retry at their `next_attempt`.
  std::vector<QueuedEvent> to_delay;
  /// In-flight events that reached their outcome since the last exchange.
  std::size_t finished_events = 0;
  std::size_t finished_bytes = 0;
  /// How many events the worker may start now (0 while paused or at max_in_flight).
  std::size_t max_take = 0;
  /// Events accepted at or before `now - max_age` are expired.
  std::chrono::steady_clock::time_point now{};
  std::chrono::steady_clock::duration max_age{};

  // --- out: to the worker (appended) ---
  std::vector<QueuedEvent> to_send;
  std::vector<QueuedEvent> expired;
  /// Evicted by drop_oldest (bodies already released).
  std::vector<QueuedEvent> evicted;
  /// The earliest time something waiting becomes due or expires; max() when nothing waits.
  std::chrono::steady_clock::time_point next_due{};
  /// Events still waiting after this exchange.
  std::size_t waiting = 0;
};

struct QueueSnapshot {
  std::uint64_t enqueued = 0;
  std::uint64_t refused_full = 0;
  std::uint64_t evicted = 0;
  std::size_t waiting = 0;
  std::size_t owned_bytes = 0;
  std::size_t owned_events = 0;
  std::uint64_t last_seq = 0;
  /// Producers waiting for room (OverflowPolicy::block).
  int blocked_producers = 0;
};

class EventQueue {
 public:
  explicit EventQueue(QueueLimits limits);

  /// Producer side: assigns the next seq and queues @p event, applying the overflow policy.
  /// @p event.enqueued_at must be set. With OverflowPolicy::block it may wait (real time, up
  /// to block_timeout, `max()` meaning forever) unless @p may_block is false.
  PushResult push(QueuedEvent&& event, std::uint64_t& seq_out, bool may_block = true);

  /// Durable mode: queues an event an earlier process accepted (no overflow policy: it is
  /// taken only if it fits, and left untouched otherwise). Its bytes move from the
  /// reservation to the queue.
  bool push_recovered(QueuedEvent&& event, std::uint64_t& seq_out);
  /// Durable mode: room kept for the stored events not loaded yet, counted against the byte
  /// bound (the store's bound) before any new event is accepted.
  void set_reserved(std::size_t bytes);

  /// Worker side: see WorkerExchange. Sets the "worker idle" flag when the worker could have
  /// taken more than there was, so that the next push() asks for a wakeup.
  void exchange(WorkerExchange& x);

  /// Stops accepting (push() returns closed from now on) and releases blocked producers.
  void close();
  /// Removes every waiting event, bodies released (for shutdown outcomes). Evicted events are
  /// not included: they still come out of exchange().
  void drain_all(std::vector<QueuedEvent>& out);

  /// The seq of the last accepted event (0 if none).
  std::uint64_t last_seq() const;
  QueueSnapshot snapshot() const;

 private:
  bool fits_locked(std::size_t bytes) const noexcept;
  bool evict_one_locked();
  void insert_front_locked(QueuedEvent&& event);
  /// Queues @p event at the back with the next seq; returns it.
  std::uint64_t append_locked(QueuedEvent&& event, std::size_t bytes);
  void take_locked(WorkerExchange& x);

  const QueueLimits limits_;
  mutable std::mutex mu_;
  std::condition_variable space_cv_;  // block policy: producers wait for room here
  std::deque<QueuedEvent> ready_;
  std::vector<QueuedEvent> delayed_;  // min-heap on next_attempt
  std::vector<QueuedEvent> evicted_;
  std::size_t owned_events_ = 0;      // waiting + in flight
  std::size_t owned_bytes_ = 0;
  std::size_t reserved_bytes_ = 0;    // durable mode: stored events not loaded yet
  std::uint64_t last_seq_ = 0;
  std::uint64_t enqueued_ = 0;
  std::uint64_t refused_full_ = 0;
  std::uint64_t evicted_total_ = 0;
  int blocked_producers_ = 0;
  bool worker_idle_ = false;
  bool eviction_wake_sent_ = false;
  bool closed_ = false;
};

}  // namespace flameup::detail
