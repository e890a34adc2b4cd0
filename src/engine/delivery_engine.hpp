#pragma once
// The asynchronous delivery engine behind Client::enqueue/flush/close/stats.
//
// enqueue() runs on the caller's thread: it wraps the already prepared event into a compact
// QueuedEvent and pushes it under a short lock; it wakes the worker (a syscall) only when the
// worker is blocked waiting for work. One worker thread (started on the first enqueue) drives
// an AsyncTransport with up to max_in_flight requests, classifies every completion and decides:
// outcome, retry with backoff, client-wide pause (429, Remaining 0, 401/403), or expiry.
// Outcome callbacks run on the worker, never under a lock.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <limits>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "engine/engine_clock.hpp"
#include "engine/event_queue.hpp"
#include "flameup/client_options.hpp"
#include "flameup/enqueue_result.hpp"
#include "flameup/stats.hpp"
#include "client/logger.hpp"
#include "engine/outcome_tracker.hpp"
#include "wire/prepared_event.hpp"
#include "engine/pause_policy.hpp"
#include "http/transport.hpp"
#include "store/durable_store.hpp"

namespace flameup::detail {

/// The ClientOptions fields the engine uses.
struct EngineOptions {
  QueueLimits limits;
  int max_in_flight = 8;
  int max_delivery_attempts = 0;
  std::chrono::milliseconds max_event_age{std::chrono::hours(1)};
  std::chrono::milliseconds auth_retry_interval{30000};
  std::chrono::milliseconds initial_backoff{200};
  std::chrono::milliseconds max_backoff{30000};
  std::chrono::milliseconds max_retry_after{120000};
  OutcomeCallback on_outcome;
  DeliveryErrorCallback on_delivery_error;
  /// Applied to every Error (outcomes, stats().last_error, on_delivery_error) and to every
  /// other server string (Outcome::event_id) before the application sees it: the Client
  /// makes the text printable, redacts the API key (in case a server or proxy echoes it
  /// back), then bounds it (ResultSanitizer). Optional. They must not throw.
  std::function<void(Error&)> sanitize_error;
  std::function<void(std::string&)> sanitize_text;

  /// Durable mode when `storage.directory` is set (see DurableStore).
  DurableStoreOptions storage;
  bool wait_for_commit = false;
  std::chrono::milliseconds commit_wait_timeout{1000};
  /// Durable mode in a forked child: the store belongs to the parent, so events are refused
  /// rather than accepted without the durability the options promise.
  bool storage_unavailable = false;

  bool durable() const noexcept { return !storage.directory.empty(); }

  static EngineOptions from(const ClientOptions& options);
};

/// Builds the HTTP request for one event (URL, headers, Idempotency-Key).
using RequestFactory = std::function<HttpRequest(const PreparedEvent&)>;
/// Creates the transport when the worker starts (and again in a forked child's new engine).
using AsyncTransportFactory = std::function<std::unique_ptr<AsyncTransport>()>;

class DeliveryEngine {
 public:
  /// @p logger may be null; when set it must outlive the engine.
  DeliveryEngine(EngineOptions options, RequestFactory make_request,
                 AsyncTransportFactory make_transport, std::shared_ptr<const EngineClock> clock,
                 const Logger* logger);
  /// close(0) if close() was not called.
  ~DeliveryEngine();
  DeliveryEngine(const DeliveryEngine&) = delete;
  DeliveryEngine& operator=(const DeliveryEngine&) = delete;

  /// Starts the threads now rather than at the first enqueue (durable mode: replay at once).
  void start() noexcept;
  /// Queues an already validated event. Never throws.
  EnqueueResult enqueue(PreparedEvent&& event) noexcept;
  bool flush(std::chrono::milliseconds timeout) noexcept;
  /// Durable mode: waits until every event accepted so far is committed. False in memory mode.
  bool persist(std::chrono::milliseconds timeout) noexcept;
  void close(std::chrono::milliseconds timeout) noexcept;
  Stats stats() const noexcept;

 private:
  using Time = std::chrono::steady_clock::time_point;
  struct InFlight {
    AsyncTransport::Tag tag = 0;
    QueuedEvent event;
    Time started{};
  };
  struct PendingOutcome {
    std::uint64_t seq = 0;
    Outcome outcome;
  };
  /// What the worker carries between loop turns (only the worker touches it).
  struct Turn {
    std::vector<AsyncTransport::Completion> done;
    WorkerExchange exchange;
    std::vector<PendingOutcome> outcomes;
  };

  bool ensure_started() noexcept;
  bool on_worker_thread() const noexcept;
  void request_stop(std::chrono::steady_clock::time_point deadline) noexcept;
  void run() noexcept;
  bool loop_once(Turn& turn);
  void shutdown(Turn& turn) noexcept;
  /// One trip to the queue: hands back retries, takes up to @p max_take events to send, and
  /// reports the events it expired or evicted. Returns the exchange (to_send filled).
  WorkerExchange& exchange_with_queue(Turn& turn, Time now, std::size_t max_take);
  /// Publishes the number of requests in flight for stats().
  void publish_counts() noexcept;

  std::size_t pending_demand(Time now) const;
  void start_request(QueuedEvent&& event, Time now);
  void on_completion(AsyncTransport::Completion& completion, Time now, Turn& turn);
  void on_transient_failure(QueuedEvent&& event, Time started, const Error& error, Time now,
                            Turn& turn);
  void on_rate_limited(QueuedEvent&& event, Time started, const Error& error,
                       std::optional<std::chrono::milliseconds> retry_after, Time now, Turn& turn);
  void on_auth_failed(QueuedEvent&& event, const Error& error, Time now, Turn& turn);
  void log_retry(const QueuedEvent& event, const Error& error, const std::string& when) const;
  void clear_pauses();
  std::chrono::milliseconds next_wait(Time now, const Turn& turn, bool stopping) const;

  void add_outcome(Turn& turn, QueuedEvent& event, OutcomeKind kind, DropReason reason,
                   Error error, std::string event_id = {});
  /// Gives the queue back the bounds an event from the wire still holds (its body goes).
  void release(Turn& turn, QueuedEvent& event);
  /// Shutdown: an event with no outcome yet. Memory mode: dropped/shutdown; durable mode:
  /// it stays in the store for the next process, without an outcome here.
  void leave_undelivered(Turn& turn, QueuedEvent& event, ErrorCode code, const char* why);
  // Durable mode.
  EnqueueResult refuse_without_store() const;
  /// Hands @p event to the store (which copies it): sets its record number, returns the
  /// ticket persist() and a waiting enqueue() wait on.
  std::uint64_t stage_in_store(QueuedEvent& event,
                               std::chrono::system_clock::time_point accepted_at);
  void wait_for_commit(std::uint64_t ticket, EnqueueResult& result);
  std::size_t take_recovered(std::vector<StoredEvent>& records);
  DurableStore::Hooks store_hooks();
  void emit(Turn& turn) noexcept;
  void report_delivery_error(const Error& error) noexcept;
  void set_last_error(const Error& error);
  void log(LogLevel level, const std::string& message) const noexcept;

  const EngineOptions options_;
  const RequestFactory make_request_;
  const AsyncTransportFactory make_transport_;
  const std::shared_ptr<const EngineClock> clock_;
  const Logger* const logger_;

  EventQueue queue_;
  OutcomeTracker tracker_;
  // Durable mode only (null otherwise). Started with the worker; stopped by the worker once
  // it has finished, so that its last commit holds every outcome.
  std::unique_ptr<DurableStore> store_;

  // Start/close: start_mu_ serialises them (never held while waiting); started_ is the
  // lock-free fast path of enqueue.
  std::mutex start_mu_;
  std::atomic<bool> started_{false};
  bool closing_ = false;
  std::thread worker_;
  std::atomic<std::thread::id> worker_id_{};
  std::unique_ptr<AsyncTransport> transport_;
  std::atomic<bool> stop_requested_{false};
  // Real steady clock; the earliest deadline of all close() calls.
  std::atomic<std::chrono::steady_clock::rep> stop_deadline_{
      std::numeric_limits<std::chrono::steady_clock::rep>::max()};
  std::atomic<int> flush_waiters_{0};
  std::atomic<bool> spreading_{false};  // the limiter is spacing requests: flush() wakes it
  // Set when the worker has given every event its outcome and run every callback.
  std::mutex done_mu_;
  std::condition_variable done_cv_;
  bool done_ = false;

  // Worker-only state.
  std::vector<InFlight> in_flight_;
  AsyncTransport::Tag next_tag_ = 0;
  PausePolicy policy_;
  std::size_t demand_ = 0;        // events waiting, as the rate limiter sees them this turn
  bool rate_limit_reported_ = false;
  PreparedEvent scratch_;  // reused to build requests without copying bodies twice

  // Read by stats() from any thread.
  std::atomic<std::size_t> in_flight_count_{0};
  std::atomic<std::uint64_t> retried_{0};
  std::atomic<bool> auth_paused_{false};
  mutable std::mutex stats_mu_;
  Error last_error_;
  RateLimitInfo last_rate_limit_;
};

}  // namespace flameup::detail
