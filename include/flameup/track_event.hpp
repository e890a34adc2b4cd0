#pragma once
/// @file track_event.hpp
/// @brief The event an application records.

#include <chrono>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace flameup {

/// @brief One user event, as sent to `POST /workspaces/{id}/events`.
///
/// Validation happens in Client::track and Client::enqueue, before any I/O: `user_id` and
/// `event` must be non-empty valid UTF-8 (`user_id` at most 255 bytes), `properties` must be a
/// JSON object, `idempotency_key` (when set) must be 1 to 36 ASCII letters, digits, `-`, `_`
/// or `.`, and the serialized event must fit in `ClientOptions::max_event_bytes`.
struct TrackEvent {
  /// Your identifier for the user (wire name `userId`). Required, at most 255 bytes.
  std::string user_id;
  /// The event name (wire name `event`). Required.
  std::string event;
  /// Event properties. Must be a JSON object; `{}` by default.
  nlohmann::json properties = nlohmann::json::object();
  /// When the event happened. When empty, the SDK stamps the time of the track/enqueue call
  /// (not the time of delivery, which may be much later for a queued event).
  std::optional<std::chrono::system_clock::time_point> timestamp;
  /// The `Idempotency-Key` sent on every attempt of this event, and its EnqueueResult::id and
  /// Outcome::id. When empty, the SDK makes a random UUID. Set it to make a retry by your own
  /// code (another call, another run of the program) one the server records only once: the
  /// same event must then carry the same key. 1 to 36 characters, each an ASCII letter, a
  /// digit, `-`, `_` or `.` (a UUID fits).
  std::optional<std::string> idempotency_key = std::nullopt;
};

}  // namespace flameup
