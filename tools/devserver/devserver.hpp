#pragma once
// flameup-devserver: a local emulator of the Flameup API (track + list routes), with fault
// modes that tests switch at run time. The tests start it in-process on an ephemeral port;
// users run the flameup-devserver program built from main.cpp.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace flameup::devserver {

struct ServerOptions {
  std::string host = "127.0.0.1";
  /// 0 picks a free port; Server::port() tells which.
  int port = 0;
  /// Accepted Bearer keys. Empty: any syntactically present, non-empty key is accepted.
  std::vector<std::string> api_keys;
  /// Requests per minute per key (fixed 60 s window). 0 turns rate limiting off.
  int rate_limit_per_minute = 120;
  /// When non-empty, events are appended to this JSONL file and reloaded at start.
  std::string store_path;
  /// One line per received event goes here unless null.
  std::ostream* log = nullptr;
  /// When both are set (PEM files), serve HTTPS; base_url() then starts with https://.
  std::string tls_cert_path;
  std::string tls_key_path;
  /// Threads serving connections. Each open keep-alive connection holds one while it lasts.
  int worker_threads = 64;
  /// How long an idle keep-alive connection stays open, in seconds (stop() never waits for
  /// it over plain HTTP; over HTTPS it may, up to this long).
  int keep_alive_timeout_s = 10;
  /// How many of the latest track requests requests() keeps (0: none), so that a long session
  /// does not accumulate every body it was sent. request_count() and wait_for_requests() still
  /// count every request. The flameup-devserver program keeps none: nothing there reads them.
  std::size_t max_logged_requests = 1000;
  /// A kept request's body is cut to this many bytes (ReceivedRequest::body_bytes keeps the
  /// size that arrived); its method, path and header values to kMaxLoggedHeaderBytes each.
  std::size_t max_logged_body_bytes = 4096;
  /// Added to the current time in the `Date` header of every response, to try clients that
  /// check their clock against the server's (negative: the server runs behind).
  std::chrono::seconds clock_offset{0};
};

/// A kept request's method, path and header values (ReceivedRequest) are cut to this many
/// bytes each.
inline constexpr std::size_t kMaxLoggedHeaderBytes = 1024;

/// A short one-way fingerprint of a secret: "sha256:" and the first 16 hex digits of its
/// SHA-256; "" for "". The emulator keeps this instead of the Authorization value: compare
/// ReceivedRequest::authorization_fingerprint with fingerprint("Bearer " + key).
std::string fingerprint(const std::string& secret);

/// An event as the emulator recorded it.
struct RecordedEvent {
  std::string id;  // "evt_..."
  std::string workspace_id;
  std::string user_id;
  std::string event;
  nlohmann::json properties = nlohmann::json::object();
  std::string timestamp;   // as received, or the receive time when absent
  std::string created_at;  // receive time, RFC 3339
  std::string idempotency_key;
};

/// A request as it reached the track route (recorded before any fault applies), so tests can
/// count attempts and inspect headers. Bounded: method, path and header values are cut to
/// kMaxLoggedHeaderBytes, the body to ServerOptions::max_logged_body_bytes, and the
/// Authorization value (a secret) is not kept at all, only its fingerprint().
struct ReceivedRequest {
  std::string method;
  std::string path;
  /// fingerprint() of the whole Authorization value ("" when absent).
  std::string authorization_fingerprint;
  std::string idempotency_key;
  std::string user_agent;
  std::string content_type;
  /// The body's first ServerOptions::max_logged_body_bytes bytes.
  std::string body;
  /// The body's size as it arrived (larger than body.size() when cut).
  std::size_t body_bytes = 0;
};

/// What the track route (or, when `route` says so, the list route) does instead of (or on
/// top of) its normal behaviour. Faults apply to the next `count` requests of their route
/// (count < 0: until cleared), in order of arrival.
struct Fault {
  enum class Kind {
    status,          // answer `status` with `body` and `headers` (e.g. 503, 429 + Retry-After)
    delay,           // wait `delay`, then behave normally (records the event)
    stall,           // never answer (until the server stops or faults are cleared)
    trickle,         // normal answer, body sent one byte every `delay`
    huge_body,       // 200 with a body of `body_bytes` bytes (0 = endless)
    redirect,        // 302 to `location`
    close_after_response,  // normal answer with `Connection: close`
  };
  /// Which route's requests the fault answers; the other route ignores it.
  enum class Route { track, list };
  Kind kind = Kind::status;
  Route route = Route::track;
  int count = 1;
  int status = 503;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::chrono::milliseconds delay{0};
  std::size_t body_bytes = 0;
  std::string location;
};

class Server {
 public:
  explicit Server(ServerOptions options = {});
  ~Server();  // stops
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Binds and starts serving on a background thread. Returns the port, or -1 on failure
  /// (port taken, store file not writable, TLS files unusable). After stop(), start() serves
  /// again on the same port, with the events recorded so far: tests use this for outages.
  int start();
  /// Stops serving and joins the thread; releases stalled requests. Idempotent.
  void stop();

  int port() const;
  /// "http://127.0.0.1:<port>/api/v1" ("https://..." with TLS); the host is options.host.
  std::string base_url() const;

  /// Queue a fault (faults run in the order added).
  void add_fault(Fault fault);
  void clear_faults();
  /// Override X-RateLimit-* on every response (empty optional: computed normally).
  void set_rate_limit_headers(std::optional<long> remaining, std::optional<std::int64_t> reset_unix);

  /// Distinct recorded events (after idempotency de-duplication).
  std::vector<RecordedEvent> events() const;
  std::size_t event_count() const;
  /// The latest ServerOptions::max_logged_requests requests that reached the track route,
  /// faults included, oldest first.
  std::vector<ReceivedRequest> requests() const;
  /// How many requests reached the track route since construction (never trimmed).
  std::size_t request_count() const;
  /// Blocks until at least @p n events are recorded or @p timeout passes; true if reached.
  /// Track requests answered with an event already recorded under their idempotency key
  /// (the second arrival of a retried event): counted, never recorded twice.
  std::size_t duplicate_count() const;
  bool wait_for_duplicates(std::size_t n, std::chrono::milliseconds timeout) const;
  bool wait_for_events(std::size_t n, std::chrono::milliseconds timeout) const;
  /// Blocks until at least @p n track requests arrived or @p timeout passes.
  bool wait_for_requests(std::size_t n, std::chrono::milliseconds timeout) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace flameup::devserver
