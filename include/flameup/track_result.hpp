#pragma once
/// @file track_result.hpp
/// @brief The typed result of a synchronous Client::track call.

#include <string>

#include "flameup/request_result.hpp"

namespace flameup {

/// @brief The outcome of one Client::track call, mirroring the server's response.
///
/// `success`, `http_status`, `error`, `request_id`, `attempts` and `ok()` come from
/// RequestResult: `ok()` is true when the server recorded the event (a 2xx response).
struct TrackResult : RequestResult {
  /// The server's id for the recorded event (`event_id`). May be empty on a 2xx whose body
  /// was empty or not JSON: the event was recorded but its id is unknown.
  std::string event_id;
};

}  // namespace flameup
