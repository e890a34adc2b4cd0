#include "engine/outcome_tracker.hpp"

namespace flameup::detail {
namespace {

void bump(std::atomic<std::uint64_t>& counter) noexcept {
  counter.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace

void OutcomeTracker::count(const Outcome& outcome) noexcept {
  switch (outcome.kind) {
    case OutcomeKind::delivered: bump(delivered_); break;
    case OutcomeKind::rejected: bump(rejected_); break;
    case OutcomeKind::expired: bump(expired_); break;
    case OutcomeKind::dropped:
      switch (outcome.drop_reason) {
        case DropReason::evicted: bump(evicted_); break;
        case DropReason::retries_exhausted: bump(retries_exhausted_); break;
        case DropReason::shutdown:
        case DropReason::none: bump(shutdown_); break;
      }
      break;
  }
}

bool OutcomeTracker::finish(std::uint64_t seq) {
  bool wake = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (seq <= watermark_) return false;
    const auto index = static_cast<std::size_t>(seq - watermark_ - 1);
    if (above_.size() <= index) above_.resize(index + 1, false);
    if (above_[index]) return false;
    above_[index] = true;
    while (!above_.empty() && above_.front()) {
      above_.pop_front();
      ++watermark_;
    }
    wake = !waiter_targets_.empty() && watermark_ >= *waiter_targets_.begin();
  }
  if (wake) cv_.notify_all();
  return true;
}

bool OutcomeTracker::wait_finished_through(std::uint64_t seq,
                                           std::chrono::steady_clock::time_point deadline) {
  std::unique_lock<std::mutex> lock(mu_);
  if (watermark_ >= seq) return true;
  const auto target = waiter_targets_.insert(seq);
  const bool reached = cv_.wait_until(lock, deadline, [&] { return watermark_ >= seq; });
  waiter_targets_.erase(target);
  return reached;
}

std::uint64_t OutcomeTracker::finished_through() const {
  std::lock_guard<std::mutex> lock(mu_);
  return watermark_;
}

std::size_t OutcomeTracker::waiting() const {
  std::lock_guard<std::mutex> lock(mu_);
  return waiter_targets_.size();
}

OutcomeCounts OutcomeTracker::counts() const noexcept {
  OutcomeCounts c;
  c.delivered = delivered_.load(std::memory_order_relaxed);
  c.rejected = rejected_.load(std::memory_order_relaxed);
  c.expired = expired_.load(std::memory_order_relaxed);
  c.evicted = evicted_.load(std::memory_order_relaxed);
  c.retries_exhausted = retries_exhausted_.load(std::memory_order_relaxed);
  c.shutdown = shutdown_.load(std::memory_order_relaxed);
  return c;
}

}  // namespace flameup::detail
