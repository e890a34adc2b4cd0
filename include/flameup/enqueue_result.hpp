#pragma once
/// @file enqueue_result.hpp
/// @brief What Client::enqueue returns, at once, on the caller's thread.

#include <string>

#include "flameup/error.hpp"
#include "flameup/export.hpp"

namespace flameup {

/// @brief Whether Client::enqueue took the event.
enum class EnqueueStatus {
  accepted,    ///< Queued: it will get exactly one Outcome.
  invalid,     ///< Refused by validation (or the client's options are invalid); see `error`.
  queue_full,  ///< Refused because the bounded queue is full (`drop_newest` or `block` timed out),
               ///< or because the SDK failed internally (out of memory): then `error.code` is
               ///< ErrorCode::internal rather than ErrorCode::queue_full. Either way, try later.
  closed,      ///< Refused because close() was called.
  filtered,    ///< Dropped by the `before_send` hook (ErrorCode::filtered).
  disabled,    ///< Refused because tracking is switched off (ErrorCode::disabled).
};

/// @brief A stable lower-case name, e.g. `"queue_full"`.
FLAMEUP_EXPORT const char* to_string(EnqueueStatus status) noexcept;

/// @brief The immediate answer of Client::enqueue.
struct EnqueueResult {
  /// What happened to the event.
  EnqueueStatus status = EnqueueStatus::invalid;
  /// The reason when not accepted.
  Error error;
  /// The event's idempotency key when accepted; the same string appears in its Outcome::id.
  std::string id;

  /// @brief True when the event was queued.
  bool accepted() const noexcept { return status == EnqueueStatus::accepted; }
};

}  // namespace flameup
