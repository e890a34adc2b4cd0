#pragma once
// One event as the durable store keeps it: exactly what is needed to send it again in another
// process (its body, stamped timestamp included, and its idempotency key) and to count its age.
// Never the API key: requests are rebuilt from the body at send time.

#include <cstdint>
#include <string>

#include "wire/event_key.hpp"

namespace flameup::detail {

struct StoredEvent {
  /// Row id: the order of acceptance across processes (0 until written).
  std::int64_t id = 0;
  /// When replayed: its number for DurableStore::remove().
  std::int64_t record = 0;
  EventKey key;
  /// When enqueue() accepted it: wall-clock milliseconds since the Unix epoch.
  std::int64_t accepted_ms = 0;
  /// The serialized JSON body, as sent.
  std::string body;

  /// What the event weighs against the bounds (the same measure as the memory queue's).
  std::size_t bytes() const noexcept { return body.size(); }
};

}  // namespace flameup::detail
