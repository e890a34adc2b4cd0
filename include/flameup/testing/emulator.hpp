#pragma once
/// @file testing/emulator.hpp
/// @brief flameup::testing::Emulator: the Flameup API emulator, started inside a test.
///
/// Part of the optional package component `testing` (`find_package(flameup COMPONENTS
/// testing)`, target `flameup::testing`). It serves the track and list routes on a free
/// loopback port with the real service's answers, records what it receives, and answers
/// with server errors, rate limits, slow responses or authentication failures on demand,
/// so that an application's own tests exercise its use of flameup::Client over real HTTP,
/// without the network.

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "flameup/export.hpp"

/// @brief Test doubles for code that uses the SDK (the `testing` package component).
namespace flameup::testing {

/// @brief How an Emulator starts.
struct EmulatorOptions {
  /// The API keys it accepts (`Authorization: Bearer <key>`); any other key gets 401. Empty
  /// (the default): every non-empty key is accepted.
  std::vector<std::string> api_keys;
  /// Requests per minute per key it allows before answering 429, as the real service does
  /// (120 there). 0 (the default) turns the limit off, so a test's volume never trips it;
  /// Emulator::rate_limit() answers 429 on demand instead. Negative values count as 0.
  int rate_limit_per_minute = 0;
};

/// @brief An event as the emulator recorded it (after de-duplication by idempotency key).
struct RecordedEvent {
  /// The id the emulator gave it (`evt_...`), also returned to the client.
  std::string id;
  /// The workspace from the request path.
  std::string workspace_id;
  /// The event's `userId`.
  std::string user_id;
  /// The event name.
  std::string event;
  /// The event's properties; an empty object when it had none.
  nlohmann::json properties = nlohmann::json::object();
  /// The event's timestamp as received (RFC 3339), or the receive time when it had none.
  std::string timestamp;
  /// When the emulator recorded it (RFC 3339).
  std::string created_at;
  /// The request's `Idempotency-Key` header (empty when absent).
  std::string idempotency_key;
};

/// @brief The Flameup API emulator, serving on 127.0.0.1 from construction to destruction.
///
/// Point a client at it with `options.base_url = emulator.base_url()`. Fault modes apply to
/// the track route (`POST .../events`, used by Client::track and Client::enqueue) until
/// clear_faults(), or for the next `count` requests when a count is given; while a fault
/// answers, nothing is recorded. All members may be called from any thread; none throws.
class FLAMEUP_EXPORT Emulator {
 public:
  /// Passed as `count`: the fault lasts until clear_faults().
  static constexpr int kUntilCleared = -1;

  /// Starts serving on a free loopback port. Check running(): false when it could not start.
  explicit Emulator(EmulatorOptions options = {}) noexcept;
  /// Stops serving and waits for its threads; requests still waiting are released.
  ~Emulator();
  /// Not copyable: it owns a listening socket and threads.
  Emulator(const Emulator&) = delete;
  /// Not copyable: it owns a listening socket and threads.
  Emulator& operator=(const Emulator&) = delete;

  /// True when it is serving (it could bind a loopback port).
  bool running() const noexcept;
  /// The base URL for ClientOptions::base_url, e.g. `http://127.0.0.1:40123/api/v1`; empty
  /// when it is not running.
  std::string base_url() const noexcept;

  /// The events recorded so far, oldest first.
  std::vector<RecordedEvent> events() const noexcept;
  /// How many events are recorded.
  std::size_t event_count() const noexcept;
  /// How many requests reached the track route, answered by a fault or not: a retried event
  /// counts once per attempt.
  std::size_t request_count() const noexcept;
  /// Waits until at least @p n events are recorded or @p timeout passes; true if reached.
  bool wait_for_events(std::size_t n, std::chrono::milliseconds timeout) const noexcept;
  /// Waits until at least @p n track requests arrived or @p timeout passes; true if reached.
  bool wait_for_requests(std::size_t n, std::chrono::milliseconds timeout) const noexcept;

  /// A server-error storm: answer @p status (clamped to 500-599) with an error body. The
  /// client sees ErrorCode::server_error and retries.
  void fail_with_server_errors(int status = 503, int count = kUntilCleared) noexcept;
  /// Rate limiting: answer 429 with `Retry-After: <retry_after>` (clamped to 0 s-1 h) and the
  /// service's body. The client sees ErrorCode::rate_limited and waits before retrying.
  void rate_limit(std::chrono::seconds retry_after, int count = kUntilCleared) noexcept;
  /// Slow responses: wait @p delay (clamped to 0-10 min) before answering normally (the
  /// event is then recorded). Past the client's request_timeout it sees ErrorCode::timeout.
  void respond_slowly(std::chrono::milliseconds delay, int count = kUntilCleared) noexcept;
  /// Authentication failure: answer 401 as the service does for a revoked key. The client
  /// sees ErrorCode::unauthorized; its delivery engine pauses and probes.
  void fail_authentication(int count = kUntilCleared) noexcept;
  /// Ends every fault mode: the next request is answered normally.
  void clear_faults() noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace flameup::testing
