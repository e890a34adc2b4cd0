#pragma once
/// @file stats.hpp
/// @brief A point-in-time snapshot of the client's delivery counters.

#include <cstddef>
#include <cstdint>

#include "flameup/error.hpp"

namespace flameup {

/// @brief The last `X-RateLimit-*` figures seen from the server (-1 / 0 when never seen).
struct RateLimitInfo {
  long limit = -1;          ///< `X-RateLimit-Limit`.
  long remaining = -1;      ///< `X-RateLimit-Remaining`.
  std::int64_t reset = 0;   ///< `X-RateLimit-Reset`, Unix seconds.
};

/// @brief Events dropped, by reason.
struct DropCounts {
  std::uint64_t queue_full = 0;         ///< Refused by enqueue because the queue was full.
  std::uint64_t evicted = 0;            ///< Accepted, then pushed out by `drop_oldest`.
  std::uint64_t retries_exhausted = 0;  ///< Accepted, gave up after `max_delivery_attempts`.
  std::uint64_t shutdown = 0;           ///< Accepted, still undelivered when close() timed out.

  /// @brief All drops together.
  std::uint64_t total() const noexcept {
    return queue_full + evicted + retries_exhausted + shutdown;
  }
};

/// @brief Counters of the asynchronous delivery engine (Client::stats()).
struct Stats {
  std::uint64_t enqueued = 0;   ///< Events accepted by enqueue().
  std::uint64_t delivered = 0;  ///< Outcomes `delivered`.
  std::uint64_t rejected = 0;   ///< Outcomes `rejected`.
  std::uint64_t expired = 0;    ///< Outcomes `expired`.
  std::uint64_t retried = 0;    ///< Attempts that were scheduled again after a failure.
  DropCounts dropped;           ///< Drops, by reason.
  std::size_t queued = 0;       ///< Events waiting (not in flight), retries included.
  std::size_t in_flight = 0;    ///< Requests currently on the wire.
  std::size_t queued_bytes = 0; ///< Serialized size of the waiting and in-flight events.
  bool auth_paused = false;     ///< Delivery is paused after a 401/403 and will probe again.
  Error last_error;             ///< The most recent delivery error (never holds the key).
  RateLimitInfo rate_limit;     ///< The last rate-limit headers seen.
  /// Durable mode: events in the store, as of the last commit (0 in memory mode).
  std::size_t stored = 0;
  /// Durable mode: events of earlier processes replayed from the store so far.
  std::uint64_t recovered = 0;
  /// Durable mode: failed opens, writes and reads of the store, and damaged files moved
  /// aside (each is also reported through `on_delivery_error` when its condition begins).
  std::uint64_t storage_errors = 0;
  /// Events the `before_send` hook dropped (track and enqueue; never accepted).
  std::uint64_t filtered = 0;
};

}  // namespace flameup
