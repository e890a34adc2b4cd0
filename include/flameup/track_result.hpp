#pragma once
/// @file track_result.hpp
/// @brief The typed result of a synchronous Client::track call.

#include <string>

#include "flameup/error.hpp"

namespace flameup {

/// @brief The outcome of one Client::track call, mirroring the server's response.
struct TrackResult {
  /// True when the server recorded the event (a 2xx response).
  bool success = false;
  /// The server's id for the recorded event (`event_id`). May be empty on a 2xx whose body
  /// was empty or not JSON: the event was recorded but its id is unknown.
  std::string event_id;
  /// The HTTP status of the last attempt, or 0 when no response was received.
  int http_status = 0;
  /// The error when `success` is false; `error.code == ErrorCode::none` otherwise.
  Error error;
  /// The server's request id (`request_id` in the body or an `X-Request-Id` header), if any.
  std::string request_id;
  /// How many HTTP requests were made (0 when the event was refused before any I/O).
  int attempts = 0;

  /// @brief True when the event was recorded.
  bool ok() const noexcept { return success; }
};

}  // namespace flameup
