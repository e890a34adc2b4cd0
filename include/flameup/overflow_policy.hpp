#pragma once
/// @file overflow_policy.hpp
/// @brief What a full delivery queue does to a new event.

namespace flameup {

/// @brief What enqueue() does when the queue is full (by count or by bytes).
enum class OverflowPolicy {
  drop_newest,  ///< Refuse the new event (EnqueueStatus::queue_full). The default.
  drop_oldest,  ///< Evict the oldest waiting event (Outcome dropped/evicted) and accept the new one.
  block,        ///< Wait up to `ClientOptions::enqueue_block_timeout` for room, then refuse.
};

}  // namespace flameup
