#pragma once
// Turns an HttpResponse into what to do next (deliver / retry / wait / pause / give up) and
// the typed result. One place decides retryability for both track() and the engine.

#include <chrono>
#include <optional>

#include "flameup/stats.hpp"
#include "flameup/track_result.hpp"
#include "http/transport.hpp"

namespace flameup::detail {

enum class Disposition {
  delivered,     // 2xx
  retry,         // network failure, timeout, 408, 5xx: back off and try again
  rate_limited,  // 429: the whole client waits (Retry-After / reset), attempt not counted
  auth_failed,   // 401/403: pause delivery, keep events
  rejected,      // other 4xx, 3xx, 1xx: never retried
};

struct Classification {
  Disposition disposition = Disposition::rejected;
  /// success/event_id/http_status/error/request_id filled; attempts left at 0. The text is
  /// the server's, whole and raw: pass it through a ResultSanitizer before anyone sees it.
  TrackResult result;
  /// A valid Retry-After, clamped to [0, max_retry_after]; empty when absent or invalid.
  std::optional<std::chrono::milliseconds> retry_after;
  /// X-RateLimit-* when the response carried them.
  std::optional<RateLimitInfo> rate_limit;
};

Classification classify(const HttpResponse& response, std::chrono::milliseconds max_retry_after,
                        std::chrono::system_clock::time_point now) noexcept;

}  // namespace flameup::detail
