#include "engine/event_queue.hpp"

#include <algorithm>
#include <utility>

#include "engine/deadline.hpp"

namespace flameup::detail {
namespace {

// std heaps are max-heaps: "greater" on next_attempt keeps the soonest retry on top.
bool later_retry(const QueuedEvent& a, const QueuedEvent& b) noexcept {
  return a.next_attempt > b.next_attempt;
}

void release_body(QueuedEvent& event) noexcept { std::string().swap(event.body); }

}  // namespace

EventQueue::EventQueue(QueueLimits limits) : limits_(limits) {}

bool EventQueue::fits_locked(std::size_t bytes) const noexcept {
  return owned_events_ < limits_.max_events &&
         owned_bytes_ + reserved_bytes_ + bytes <= limits_.max_bytes;
}

bool EventQueue::evict_one_locked() {
  QueuedEvent victim;
  if (!ready_.empty()) {
    victim = std::move(ready_.front());
    ready_.pop_front();
  } else if (!delayed_.empty()) {
    std::pop_heap(delayed_.begin(), delayed_.end(), later_retry);
    victim = std::move(delayed_.back());
    delayed_.pop_back();
  } else {
    return false;  // everything is in flight: nothing may be evicted
  }
  --owned_events_;
  owned_bytes_ -= victim.body.size();
  release_body(victim);
  ++evicted_total_;
  evicted_.push_back(std::move(victim));
  return true;
}

PushResult EventQueue::push(QueuedEvent&& event, std::uint64_t& seq_out, bool may_block) {
  const std::size_t bytes = event.body.size();
  std::unique_lock<std::mutex> lock(mu_);
  if (closed_) return {PushStatus::closed, false};
  if (!fits_locked(bytes)) {
    // An event bigger than the whole byte budget can never fit: refuse it under any policy.
    bool room = false;
    if (bytes <= limits_.max_bytes && limits_.max_events > 0) {
      switch (limits_.policy) {
        case OverflowPolicy::drop_newest:
          break;
        case OverflowPolicy::drop_oldest:
          while (!fits_locked(bytes) && evict_one_locked()) {
          }
          room = fits_locked(bytes);
          break;
        case OverflowPolicy::block: {
          if (!may_block) break;  // the worker cannot wait for room only it can make
          const auto deadline =
              deadline_after(std::chrono::steady_clock::now(), limits_.block_timeout);
          ++blocked_producers_;
          room = space_cv_.wait_until(lock, deadline, [&] { return closed_ || fits_locked(bytes); });
          --blocked_producers_;
          if (closed_) return {PushStatus::closed, false};
          break;
        }
      }
    }
    if (!room) {
      ++refused_full_;
      return {PushStatus::queue_full, false};
    }
  }
  seq_out = append_locked(std::move(event), bytes);
  ++enqueued_;

  PushResult result{PushStatus::accepted, false};
  if (worker_idle_) {
    worker_idle_ = false;
    result.wake_worker = true;
  }
  if (!evicted_.empty() && !eviction_wake_sent_) {
    eviction_wake_sent_ = true;  // one wakeup per batch of evictions, not one per enqueue
    result.wake_worker = true;
  }
  return result;
}

bool EventQueue::push_recovered(QueuedEvent&& event, std::uint64_t& seq_out) {
  const std::size_t bytes = event.body.size();
  std::lock_guard<std::mutex> lock(mu_);
  // The event's bytes are part of the reservation: it fits when the events in memory and it do.
  if (closed_ || owned_events_ >= limits_.max_events || owned_bytes_ + bytes > limits_.max_bytes) {
    return false;
  }
  reserved_bytes_ -= std::min(reserved_bytes_, bytes);
  seq_out = append_locked(std::move(event), bytes);
  return true;
}

std::uint64_t EventQueue::append_locked(QueuedEvent&& event, std::size_t bytes) {
  // seq is published only after push_back succeeded: a failed push must not leave a seq that
  // flush() would wait for forever.
  const std::uint64_t seq = last_seq_ + 1;
  event.seq = seq;
  ready_.push_back(std::move(event));
  last_seq_ = seq;
  ++owned_events_;
  owned_bytes_ += bytes;
  return seq;
}

void EventQueue::set_reserved(std::size_t bytes) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    reserved_bytes_ = bytes;
  }
  space_cv_.notify_all();
}

void EventQueue::insert_front_locked(QueuedEvent&& event) {
  // Returned events are among the oldest: a short scan from the front keeps `ready_` in
  // acceptance order (which the expiry scan relies on).
  auto it = ready_.begin();
  while (it != ready_.end() && it->seq < event.seq) ++it;
  ready_.insert(it, std::move(event));
}

void EventQueue::take_locked(WorkerExchange& x) {
  const auto expired = [&](const QueuedEvent& e) { return x.now - e.enqueued_at >= x.max_age; };
  const auto retire_expired = [&](QueuedEvent&& e) {
    --owned_events_;
    owned_bytes_ -= e.body.size();
    release_body(e);
    x.expired.push_back(std::move(e));
  };

  // Expire from the front even when nothing may be sent (paused client).
  while (!ready_.empty() && expired(ready_.front())) {
    retire_expired(std::move(ready_.front()));
    ready_.pop_front();
  }

  std::size_t taken = 0;
  for (;;) {
    QueuedEvent event;
    const bool retry_due = !delayed_.empty() && delayed_.front().next_attempt <= x.now;
    if (retry_due && (taken < x.max_take || expired(delayed_.front()))) {
      std::pop_heap(delayed_.begin(), delayed_.end(), later_retry);
      event = std::move(delayed_.back());
      delayed_.pop_back();
    } else if (taken < x.max_take && !ready_.empty()) {
      event = std::move(ready_.front());
      ready_.pop_front();
    } else {
      break;
    }
    if (expired(event)) {
      retire_expired(std::move(event));
      continue;
    }
    x.to_send.push_back(std::move(event));
    ++taken;
  }
  worker_idle_ = x.max_take > 0 && taken < x.max_take;

  auto next_due = std::chrono::steady_clock::time_point::max();
  if (!delayed_.empty()) next_due = delayed_.front().next_attempt;
  if (!ready_.empty()) next_due = std::min(next_due, ready_.front().enqueued_at + x.max_age);
  x.next_due = next_due;
  x.waiting = ready_.size() + delayed_.size();
}

void EventQueue::exchange(WorkerExchange& x) {
  std::lock_guard<std::mutex> lock(mu_);
  const std::size_t before = owned_events_;
  owned_events_ -= std::min(owned_events_, x.finished_events);
  owned_bytes_ -= std::min(owned_bytes_, x.finished_bytes);
  x.finished_events = 0;
  x.finished_bytes = 0;

  for (auto& event : x.to_front) insert_front_locked(std::move(event));
  x.to_front.clear();
  for (auto& event : x.to_delay) {
    delayed_.push_back(std::move(event));
    std::push_heap(delayed_.begin(), delayed_.end(), later_retry);
  }
  x.to_delay.clear();

  take_locked(x);

  if (!evicted_.empty()) {
    std::move(evicted_.begin(), evicted_.end(), std::back_inserter(x.evicted));
    evicted_.clear();
  }
  eviction_wake_sent_ = false;
  if (owned_events_ < before && blocked_producers_ > 0) space_cv_.notify_all();
}

void EventQueue::close() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = true;
  }
  space_cv_.notify_all();
}

void EventQueue::drain_all(std::vector<QueuedEvent>& out) {
  std::lock_guard<std::mutex> lock(mu_);
  const auto drain_one = [&](QueuedEvent& event) {
    --owned_events_;
    owned_bytes_ -= event.body.size();
    release_body(event);
    out.push_back(std::move(event));
  };
  for (auto& event : ready_) drain_one(event);
  for (auto& event : delayed_) drain_one(event);
  ready_.clear();
  delayed_.clear();
  space_cv_.notify_all();
}

std::uint64_t EventQueue::last_seq() const {
  std::lock_guard<std::mutex> lock(mu_);
  return last_seq_;
}

QueueSnapshot EventQueue::snapshot() const {
  std::lock_guard<std::mutex> lock(mu_);
  QueueSnapshot s;
  s.enqueued = enqueued_;
  s.refused_full = refused_full_;
  s.evicted = evicted_total_;
  s.waiting = ready_.size() + delayed_.size();
  s.owned_bytes = owned_bytes_;
  s.owned_events = owned_events_;
  s.last_seq = last_seq_;
  s.blocked_producers = blocked_producers_;
  return s;
}

}  // namespace flameup::detail
