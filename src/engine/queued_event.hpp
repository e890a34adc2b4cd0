#pragma once
// One accepted event while the engine owns it: waiting, in flight, or waiting for a retry.
// Kept compact because 10,000 of them may wait through an outage (target: queued memory at
// most twice the events' JSON size): the body is the only heap allocation, the idempotency
// key is stored inline.

#include <chrono>
#include <cstdint>
#include <string>

#include "wire/event_key.hpp"

namespace flameup::detail {

struct QueuedEvent {
  using Time = std::chrono::steady_clock::time_point;

  /// The serialized JSON body, exactly as sent on every attempt.
  std::string body;
  /// Order of acceptance (1, 2, ...): flush() waits for every seq up to a mark.
  std::uint64_t seq = 0;
  /// Durable mode: the number of its record in the store (DurableStore::remove()).
  std::int64_t record = 0;
  /// When enqueue() accepted it (engine clock): max_event_age counts from here.
  Time enqueued_at{};
  /// Earliest time of the next attempt (meaningful while waiting for a retry).
  Time next_attempt{};
  /// HTTP attempts made, 429s included (Outcome::attempts). Saturates.
  std::uint32_t attempts = 0;
  /// Transient failures (network, 408, 5xx): these count toward max_delivery_attempts.
  std::uint32_t failures = 0;
  /// HTTP status of the last completed attempt, 0 if none.
  std::int16_t last_status = 0;
  /// Durable mode: accepted by an earlier process and replayed from the store.
  bool recovered = false;
  /// The idempotency key (Outcome::id).
  EventKey key;
};

}  // namespace flameup::detail
