#pragma once
/// @file request_result.hpp
/// @brief What every blocking call reports about its HTTP exchange: the part TrackResult and
/// ListResult share.

#include <string>

#include "flameup/error.hpp"

namespace flameup {

/// @brief The outcome of one blocking call (Client::track, Client::list_events) as far as
/// HTTP goes: whether it succeeded, the server's status and request id, the error, and how
/// many requests it took. TrackResult and ListResult derive from it and add what their call
/// returns.
struct RequestResult {
  /// True when the call did what it was asked: for track(), the server recorded the event (a
  /// 2xx response); for list_events(), the server answered with a list.
  bool success = false;
  /// The HTTP status of the last attempt, or 0 when no response was received.
  int http_status = 0;
  /// The error when `success` is false; `error.code == ErrorCode::none` otherwise.
  Error error;
  /// The server's request id (`request_id` in the body or an `X-Request-Id` header), if any.
  std::string request_id;
  /// How many HTTP requests were made (0 when the call was refused before any I/O).
  int attempts = 0;

  /// @brief True when the call succeeded (the same as `success`).
  bool ok() const noexcept { return success; }
};

}  // namespace flameup
