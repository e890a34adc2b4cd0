#pragma once
/// @file error.hpp
/// @brief The typed error carried by every result the SDK returns.

#include <map>
#include <string>

#include "flameup/export.hpp"

namespace flameup {

/// @brief What went wrong, as a stable machine-readable category.
///
/// The categories are deliberately coarse: they say what the application can do about the
/// failure (fix the input, fix the configuration, wait, or give up), not which transport call
/// failed. New values are only ever appended, so the numeric values stay stable.
enum class ErrorCode {
  none = 0,            ///< No error: the event was recorded.
  invalid_event,       ///< The event failed validation; nothing was sent.
  invalid_options,     ///< The ClientOptions are unusable; nothing was sent.
  network,             ///< Connection refused/reset, DNS failure, send/receive failure.
  timeout,             ///< Connect or total timeout, or the low-speed limit tripped.
  tls,                 ///< TLS handshake or certificate verification failed.
  response_too_large,  ///< The response body exceeded the configured cap.
  rate_limited,        ///< HTTP 429.
  unauthorized,        ///< HTTP 401: the API key is missing or invalid.
  forbidden,           ///< HTTP 403: the key lacks the permission the call needs
                       ///< (`events:write` to track, `events:read` to list).
  not_found,           ///< HTTP 404: usually a wrong workspace id or base URL.
  conflict,            ///< HTTP 409.
  rejected,            ///< HTTP 400/422 or another non-retryable 4xx: the server refused the event.
  server_error,        ///< HTTP 5xx (and 408).
  unexpected_response, ///< A status the SDK does not expect (1xx/3xx, or a 2xx-less oddity).
  queue_full,          ///< enqueue(): the bounded queue is full.
  closed,              ///< The client is closed (or was moved from).
  cancelled,           ///< The request was aborted by close() before it completed.
  expired,             ///< The event exceeded `max_event_age` before it could be delivered.
  internal,            ///< The SDK failed internally (out of memory, a thread that could not
                       ///< start): not the server's doing. The message says what failed.
  storage,             ///< Durable mode: the store could not be written or read (disk full,
                       ///< an I/O error), or a damaged store file was moved aside.
  filtered,            ///< The `before_send` hook dropped the event; nothing was sent.
  disabled,            ///< Tracking is switched off (Client::set_tracking_enabled); nothing
                       ///< was sent or stored.
  invalid_query,       ///< list_events(): the EventQuery failed validation (the message
                       ///< names the field); nothing was sent.
};

/// @brief A stable lower-case name for @p code, e.g. `"invalid_event"`.
FLAMEUP_EXPORT const char* to_string(ErrorCode code) noexcept;

/// @brief A failure: category, human message and what the server said about it.
///
/// No field ever contains the API key. Text that came from a server (the message, server
/// code, field names and details; likewise TrackResult's and Outcome's ids) is cleaned
/// before you see it, in this order:
/// - control characters, C1 controls, Unicode line separators, bidirectional overrides and
///   invalid UTF-8 are shown as `\n`, `\r`, `\t`, `\xNN` or `\uXXXX` escapes, so every
///   string is valid UTF-8 on one line, safe to print or log as it is;
/// - the API key is replaced by `[redacted]`, whether echoed as is or percent-encoded,
///   backslash-escaped, base64-encoded (an echoed `Basic`/`Bearer` header), in any case;
/// - each string is cut to 1 KiB and marked with "...". The cut drops the whole run of
///   characters a key or its encodings are made of that it would split, so no part of a
///   key can survive at a cut.
struct Error {
  /// The category. `ErrorCode::none` when there is no error.
  ErrorCode code = ErrorCode::none;
  /// A human-readable explanation. For invalid input it names the offending field
  /// (e.g. `"user_id: must not be empty"`); for server errors it holds the server's message.
  std::string message;
  /// The server's error type or code (`"validation_error"`, `"unauthorized"`, ...), if given.
  std::string server_code;
  /// Per-field details from a validation error, e.g. `{"userId": "Required field"}`.
  std::map<std::string, std::string> field_errors;

  /// @brief True when this holds an error.
  explicit operator bool() const noexcept { return code != ErrorCode::none; }
};

}  // namespace flameup
