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
};

}  // namespace flameup::detail
