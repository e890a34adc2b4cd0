#pragma once
/// @file outcome.hpp
/// @brief The final fate of an event accepted by Client::enqueue.

#include <functional>
#include <string>

#include "flameup/error.hpp"
#include "flameup/export.hpp"

namespace flameup {

/// @brief The terminal state of an accepted event. Every accepted event gets exactly one.
enum class OutcomeKind {
  delivered,  ///< The server answered 2xx: the event is recorded.
  rejected,   ///< The server refused it with a non-retryable 4xx (400, 404, 409, 422, ...).
  expired,    ///< It could not be delivered within `ClientOptions::max_event_age`.
  dropped,    ///< The SDK gave up on it; `drop_reason` says why.
};

/// @brief Why an accepted event was dropped.
enum class DropReason {
  none,                ///< Not dropped.
  evicted,             ///< Pushed out of a full queue by a newer event (`OverflowPolicy::drop_oldest`).
  retries_exhausted,   ///< `ClientOptions::max_delivery_attempts` transient failures in a row.
  shutdown,            ///< close() reached its deadline before the event could be delivered.
};

/// @brief A stable lower-case name, e.g. `"delivered"`.
FLAMEUP_EXPORT const char* to_string(OutcomeKind kind) noexcept;
/// @brief A stable lower-case name, e.g. `"evicted"`.
FLAMEUP_EXPORT const char* to_string(DropReason reason) noexcept;

/// @brief What happened to one accepted event, reported through ClientOptions::on_outcome.
struct Outcome {
  /// The terminal state.
  OutcomeKind kind = OutcomeKind::delivered;
  /// Set when `kind == OutcomeKind::dropped`.
  DropReason drop_reason = DropReason::none;
  /// The event's idempotency key, as returned by EnqueueResult::id: correlates the outcome
  /// with the enqueue call.
  std::string id;
  /// The server's `event_id` when delivered (may be empty if the 2xx body had none).
  std::string event_id;
  /// HTTP status of the last attempt, 0 if none completed.
  int http_status = 0;
  /// The last error (server message and field details for `rejected`).
  Error error;
  /// How many HTTP attempts were made (in this process).
  int attempts = 0;
  /// Durable mode: the event was accepted by an earlier process (or an earlier Client on the
  /// same ClientOptions::storage_path) and replayed from the store.
  bool recovered = false;
};

/// @brief Receives engine-wide delivery problems that are not (yet) any event's outcome:
/// delivery paused on a 401/403, or the server rate-limiting the client. Called on the
/// delivery thread, once per change of condition (not once per event).
using DeliveryErrorCallback = std::function<void(const Error&)>;

/// @brief Receives one Outcome per accepted event, on the SDK's delivery thread (never the
/// caller's). It must not block for long and must not call Client::close or destroy the client.
using OutcomeCallback = std::function<void(const Outcome&)>;

}  // namespace flameup
