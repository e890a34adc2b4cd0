#pragma once
// An event after validation and stamping: exactly the bytes that go on the wire.

#include <chrono>
#include <string>

namespace flameup::detail {

struct PreparedEvent {
  /// The JSON body: {"userId","event","properties","timestamp"}.
  std::string body;
  /// A UUID v4, sent as `Idempotency-Key` on every attempt of this event.
  std::string idempotency_key;
  /// When it was prepared (wall clock): the time an event without a timestamp is stamped
  /// with, and the time the store records as its acceptance (max_event_age after a restart
  /// counts from it). The clock is read once per enqueue: a second read costs the caller
  /// about as much as copying the event into the store's batch.
  std::chrono::system_clock::time_point prepared_at{};
};

}  // namespace flameup::detail
