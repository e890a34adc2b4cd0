#pragma once
/// @file client_options.hpp
/// @brief Everything that configures a Client, with documented defaults.

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "flameup/error.hpp"
#include "flameup/export.hpp"
#include "flameup/log.hpp"
#include "flameup/outcome.hpp"
#include "flameup/overflow_policy.hpp"

namespace flameup {

struct TrackEvent;

/// @brief What a durable-mode commit survives (ClientOptions::storage_sync).
enum class StorageSync {
  process_crash,  ///< A crash or kill -9 of the process; not a power cut. No fsync per commit.
  power_loss,     ///< A power cut too: every commit is flushed to the disk (fsync).
};

/// @brief Configuration of a Client. A plain struct: set the fields you need.
///
/// Invalid options never throw: the Client is constructed anyway, Client::options_error()
/// reports the problem, and every track()/enqueue() returns ErrorCode::invalid_options with
/// the same message. validate() gives the same answer before constructing a Client.
///
/// Durations: `std::chrono::milliseconds::max()` is accepted wherever a duration is, and
/// means "no limit" (internally a hundred years, so that no deadline arithmetic overflows).
struct ClientOptions {
  // --- Where and who -------------------------------------------------------------------
  /// The API key (`ws_live_...` / `ws_test_...`), sent as `Authorization: Bearer`. Required.
  /// Only ASCII letters, digits, `.`, `_` and `-` are accepted (validate() refuses anything
  /// else): the characters real keys are made of, and the ones the SDK can recognise in
  /// every encoding a server could echo the key back in. It never appears in logs, errors or
  /// files: an echoed key is replaced by `[redacted]` (see Error).
  std::string api_key;
  /// The workspace id. Required. Percent-encoded into one path segment; `.`/`..` and control
  /// characters are refused.
  std::string workspace_id;
  /// The API root. `http://` is accepted only for loopback hosts unless `allow_insecure_http`.
  ///
  /// Loopback hosts are exactly: the name `localhost` (any case, with or without a trailing
  /// dot), which the SDK connects to as 127.0.0.1 or ::1 without asking DNS or /etc/hosts;
  /// an IPv4 address in 127.0.0.0/8 written as four decimal numbers (`127.0.0.1`); and the
  /// IPv6 address `::1` (`http://[::1]:8080`). Other spellings a resolver would accept
  /// (`127.1`, `2130706433`, `0x7f.1`, `127.0.0.1.`, <tt>\::ffff:127.0.0.1</tt>, `*.localhost`,
  /// names that resolve to 127.0.0.1) are treated like any other host.
  std::string base_url = "https://api.flameup.ai/api/v1";

  // --- Transport -------------------------------------------------------------------------
  /// Time allowed to establish a connection (DNS + TCP + TLS).
  std::chrono::milliseconds connect_timeout{5000};
  /// Time allowed for one whole request, connect included.
  std::chrono::milliseconds request_timeout{10000};
  /// A transfer slower than `low_speed_limit` bytes/s for `low_speed_time` is aborted
  /// (protects against servers that trickle bytes).
  long low_speed_limit = 1;
  /// See `low_speed_limit`.
  std::chrono::seconds low_speed_time{5};
  /// Responses larger than this are aborted (ErrorCode::response_too_large).
  std::size_t max_response_bytes = 64 * 1024;
  /// Path to a CA bundle file; empty uses the system default.
  std::string ca_file;
  /// Path to a directory of CA certificates; empty uses the system default.
  std::string ca_path;
  /// Verify the server's TLS certificate and host name. Turn off only for local testing.
  bool verify_tls = true;
  /// Proxy URL (e.g. `http://proxy:3128`); empty means none (the `*_proxy` environment
  /// variables are still honoured when empty).
  ///
  /// - A loopback `base_url` (`localhost`, 127.0.0.0/8, `::1`; see `base_url`) is never
  ///   proxied: this option and every proxy environment variable (`http_proxy`,
  ///   `https_proxy`, `all_proxy`, either case) are ignored for it, whatever `no_proxy`
  ///   says. Over `http://` a proxy would receive the request, API key included, in clear
  ///   text, and it could not reach this machine's loopback anyway.
  /// - An `https://` base URL goes through the proxy as a CONNECT tunnel: TLS runs end to
  ///   end between the SDK and the API, the proxy sees only the host name and port.
  /// - An `http://` non-loopback base URL (only with `allow_insecure_http`) goes through the
  ///   proxy as plain HTTP: the proxy, like every hop, sees the whole request, `Authorization`
  ///   header included. That is what allowing insecure http means.
  std::string proxy;
  /// Allow `http://` to a non-loopback host. Off: the key must never travel in clear text.
  bool allow_insecure_http = false;
  /// Appended to the `User-Agent: flameup-cpp/<version>` header, after a space.
  std::string user_agent_suffix;

  // --- Validation ------------------------------------------------------------------------
  /// Largest accepted serialized event, in bytes.
  std::size_t max_event_bytes = 32 * 1024;

  // --- Retries (track() and the delivery engine) -----------------------------------------
  /// track(): total attempts per call, the first included. Must be >= 1.
  int max_attempts = 3;
  /// First backoff; attempt n waits a random time in [0, min(max_backoff, initial * 2^(n-1))].
  /// The delivery engine's client-wide pauses (after a 429, or between the probes it sends
  /// while the server is failing) start from it too, and are never shorter than 10 ms.
  std::chrono::milliseconds initial_backoff{200};
  /// Ceiling of the backoff.
  std::chrono::milliseconds max_backoff{30000};
  /// Ceiling applied to a server's `Retry-After` / `X-RateLimit-Reset` wait.
  std::chrono::milliseconds max_retry_after{120000};

  // --- Asynchronous delivery (enqueue) ---------------------------------------------------
  /// Most events waiting or in flight.
  std::size_t max_queue_events = 10000;
  /// Most serialized bytes waiting or in flight.
  std::size_t max_queue_bytes = 16 * 1024 * 1024;
  /// What enqueue() does when the queue is full.
  OverflowPolicy overflow_policy = OverflowPolicy::drop_newest;
  /// With `OverflowPolicy::block`: the longest enqueue() waits for room.
  std::chrono::milliseconds enqueue_block_timeout{100};
  /// Most requests on the wire at once (one delivery thread multiplexes them).
  int max_in_flight = 8;
  /// Delivery attempts per event for transient failures (network, 408, 5xx), the first
  /// included; 0 means unlimited (bounded only by `max_event_age`). 429s never count.
  int max_delivery_attempts = 0;
  /// An event still undelivered this long after enqueue() gets the `expired` outcome.
  std::chrono::milliseconds max_event_age{std::chrono::hours(1)};
  /// After a 401/403, the wait before the engine probes the server again.
  std::chrono::milliseconds auth_retry_interval{30000};
  /// How long the destructor lets close() deliver what is still queued.
  std::chrono::milliseconds close_timeout{5000};
  /// Called once per accepted event with its terminal Outcome, on the delivery thread.
  OutcomeCallback on_outcome;
  /// Called on the delivery thread when delivery pauses (auth error) or the client is
  /// rate-limited; events stay queued. Optional.
  DeliveryErrorCallback on_delivery_error;

  // --- What every event gets (track and enqueue) -----------------------------------------
  /// A JSON object merged into the properties of every event, the event's own keys winning.
  /// Fixed at construction (shared, immutable): no event can see properties meant for another
  /// user of the process. Null or `{}`: none. Not an object: ErrorCode::invalid_options.
  std::shared_ptr<const nlohmann::json> default_properties;
  /// Called with every event on the caller's thread, after the default properties are merged
  /// and before validation (track and enqueue). It may change the event (redact or add a
  /// property) or return false to drop it: the result then says so (EnqueueStatus::filtered,
  /// ErrorCode::filtered for track) and `stats().filtered` counts it; nothing is sent or
  /// stored. A hook that throws drops nothing: the event goes on as the hook left it and the
  /// throw is logged, as for `on_outcome`. It must be thread-safe when several threads track.
  std::function<bool(TrackEvent& event)> before_send;
  /// Whether tracking starts switched on (see Client::set_tracking_enabled): start with
  /// `false` until the user has given consent.
  bool tracking_enabled = true;

  // --- Durable mode (enqueue) ------------------------------------------------------------
  /// A directory for the durable store. Empty (the default): queued events live in memory
  /// only, and a crash loses them. Set: every event enqueue() accepts is also written to a
  /// SQLite database in this directory (created 0700 if absent; files 0600) by a background
  /// thread, and removed once it has its outcome; events a process could not deliver are
  /// replayed by the next Client opened on the same directory, with their original
  /// idempotency keys and timestamps, and reported with `Outcome::recovered`. The API key is
  /// never written. One Client at a time may use a directory: a second one (in this or
  /// another process) gets ErrorCode::invalid_options, as does a directory that cannot be
  /// created or written. In durable mode the Client starts its threads at construction, so
  /// that replay begins at once; the file is opened and read on that thread, not in the
  /// constructor.
  std::string storage_path;
  /// What a commit survives. `process_crash` (the default): the process may die at any
  /// point (kill -9 included) without losing a committed event; a power cut may lose the
  /// last commits. `power_loss`: each commit is flushed to the disk (fsync), slower.
  StorageSync storage_sync = StorageSync::process_crash;
  /// Accepted events are written in group commits, at most this long after they were
  /// accepted (0: as soon as the store thread wakes). An event delivered within this time is
  /// never written at all. Clamped to [0, 10 s].
  std::chrono::milliseconds storage_commit_interval{5};
  /// The store's bound: serialized bytes of the events it holds (events of earlier processes
  /// included), counted like `max_queue_bytes` and with the same `overflow_policy`; the
  /// smaller of the two bounds applies. The file itself is somewhat larger (SQLite pages, the
  /// write-ahead log). Must be at least `max_event_bytes`.
  std::size_t max_storage_bytes = 64 * 1024 * 1024;
  /// When true, enqueue() returns only once its event is committed (or after
  /// `storage_wait_timeout`): "accepted" then means "on disk". Callers waiting together
  /// share one commit. An event accepted but not committed in time is still accepted (it
  /// will get its outcome), with `EnqueueResult::error` set to ErrorCode::storage.
  bool storage_wait_for_commit = false;
  /// See `storage_wait_for_commit`.
  std::chrono::milliseconds storage_wait_timeout{1000};

  // --- Logging ---------------------------------------------------------------------------
  /// Messages below this level are discarded. Default: warnings and errors only.
  LogLevel log_level = LogLevel::warn;
  /// Where messages go. When empty, messages at or above `log_level` go to stderr; set
  /// `log_level = LogLevel::off` for complete silence.
  LogCallback logger;

  /// @brief Options filled from the environment: `FLAMEUP_API_KEY`, `FLAMEUP_WORKSPACE_ID`
  /// and `FLAMEUP_BASE_URL` (each only when set and non-empty); everything else defaulted.
  static FLAMEUP_EXPORT ClientOptions from_env();
};

/// @brief Checks @p options without constructing a Client.
/// @return An Error with ErrorCode::invalid_options naming the field, or a none Error.
FLAMEUP_EXPORT Error validate(const ClientOptions& options);

}  // namespace flameup
