#pragma once
// Turns an HttpResponse into what to do next (deliver / retry / wait / pause / give up) and
// the server's error, ids and rate-limit figures. One place decides retryability for both
// track() and the engine; neither the public TrackResult nor Outcome is built here.

#include <chrono>
#include <optional>
#include <string>

#include "flameup/stats.hpp"
#include "flameup/error.hpp"
#include "http/transport.hpp"

namespace flameup::detail {

enum class Disposition {
  delivered,     // 2xx
  retry,         // network failure, timeout, 408, 5xx: back off and try again
  rate_limited,  // 429: the whole client waits (Retry-After / reset), attempt not counted
  auth_failed,   // 401/403: pause delivery, keep events
  rejected,      // other 4xx, 3xx, 1xx: never retried
};

/// What one response means, for whoever sent the request: track() and the delivery engine
/// each build their own result (TrackResult, Outcome) from it.
struct Classification {
  Disposition disposition = Disposition::rejected;
  /// 0 when no HTTP answer arrived.
  int http_status = 0;
  /// ErrorCode::none for a 2xx. The text is the server's, whole and raw: pass it through a
  /// ResultSanitizer before anyone sees it.
  Error error;
  /// The server's id for the recorded event (2xx), if it sent one.
  std::string event_id;
  /// The server's request id (body or X-Request-Id), if any.
  std::string request_id;
  /// A valid Retry-After, clamped to [0, max_retry_after]; empty when absent or invalid.
  std::optional<std::chrono::milliseconds> retry_after;
  /// X-RateLimit-* when the response carried them.
  std::optional<RateLimitInfo> rate_limit;
};

Classification classify(const HttpResponse& response, std::chrono::milliseconds max_retry_after,
                        std::chrono::system_clock::time_point now) noexcept;

}  // namespace flameup::detail
