#include "fault_queue.hpp"

#include <utility>

namespace flameup::devserver::detail {

void FaultQueue::add(Fault fault) {
  if (fault.count == 0) return;  // serves no request at all
  std::lock_guard<std::mutex> lock(mutex_);
  faults_.push_back(std::move(fault));
}

void FaultQueue::clear() {
  std::lock_guard<std::mutex> lock(mutex_);
  faults_.clear();
}

std::optional<Fault> FaultQueue::take(Fault::Route route) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (faults_.empty() || faults_.front().route != route) return std::nullopt;
  Fault& front = faults_.front();
  if (front.count < 0) return front;
  Fault taken = front;
  if (--front.count == 0) faults_.pop_front();
  return taken;
}

}  // namespace flameup::devserver::detail
