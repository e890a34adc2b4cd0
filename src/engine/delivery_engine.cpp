#include "engine/delivery_engine.hpp"

#include <algorithm>
#include <random>
#include <exception>
#include <limits>
#include <string>
#include <utility>

#include "engine/deadline.hpp"
#include "client/internal_error.hpp"
#include "wire/response_classifier.hpp"

namespace flameup::detail {
namespace {

using std::chrono::milliseconds;
using SteadyClock = std::chrono::steady_clock;

// The longest the worker blocks with nothing scheduled; wakeup() ends it earlier.
constexpr milliseconds kMaxIdleWait{60000};

// The longest storage_commit_interval honoured.
constexpr milliseconds kMaxCommitInterval{10000};

// How long close() waits past its deadline for the worker to report the last outcomes: the
// "small constant" of "close(t) returns within t".
constexpr milliseconds kShutdownGrace{50};

std::uint32_t saturating_increment(std::uint32_t v) noexcept {
  return v == std::numeric_limits<std::uint32_t>::max() ? v : v + 1;
}

int as_int(std::uint32_t v) noexcept {
  return static_cast<int>(std::min<std::uint32_t>(v, std::numeric_limits<int>::max()));
}

Error make_error(ErrorCode code, std::string message) {
  Error e;
  e.code = code;
  e.message = std::move(message);
  return e;
}

// Rounds up so that the worker never wakes just before a deadline and spins on 0 ms polls.
milliseconds ceil_ms(SteadyClock::duration d) {
  if (d <= SteadyClock::duration::zero()) return milliseconds(0);
  return std::chrono::ceil<milliseconds>(d);
}

}  // namespace

EngineOptions EngineOptions::from(const ClientOptions& o) {
  EngineOptions e;
  e.limits.max_events = o.max_queue_events;
  e.limits.max_bytes = o.max_queue_bytes;
  e.limits.policy = o.overflow_policy;
  // Durations are clamped once, here: milliseconds::max() means "no limit" and must not
  // overflow when added to a clock's time (it would expire every event at once).
  e.limits.block_timeout = clamp_duration(o.enqueue_block_timeout);
  e.max_in_flight = std::max(1, o.max_in_flight);
  e.max_delivery_attempts = std::max(0, o.max_delivery_attempts);
  e.max_event_age = std::max(clamp_duration(o.max_event_age), milliseconds(1));
  e.auth_retry_interval = clamp_duration(o.auth_retry_interval);
  e.initial_backoff = clamp_duration(o.initial_backoff);
  e.max_backoff = clamp_duration(o.max_backoff);
  e.max_retry_after = clamp_duration(o.max_retry_after);
  e.on_outcome = o.on_outcome;
  e.on_delivery_error = o.on_delivery_error;
  if (!o.storage_path.empty()) {
    e.storage.directory = o.storage_path;
    e.storage.sync = o.storage_sync == StorageSync::power_loss ? SyncLevel::power_loss
                                                               : SyncLevel::process_crash;
    e.storage.commit_interval =
        std::clamp(o.storage_commit_interval, milliseconds(0), kMaxCommitInterval);
    // The store's bound applies to the events in memory too: each of them is in the store.
    e.limits.max_bytes = std::min(o.max_queue_bytes, o.max_storage_bytes);
    e.wait_for_commit = o.storage_wait_for_commit;
    e.commit_wait_timeout = clamp_duration(o.storage_wait_timeout);
  }
  return e;
}

DeliveryEngine::DeliveryEngine(EngineOptions options, RequestFactory make_request,
                               AsyncTransportFactory make_transport,
                               std::shared_ptr<const EngineClock> clock, const Logger* logger)
    : options_(std::move(options)),
      make_request_(std::move(make_request)),
      make_transport_(std::move(make_transport)),
      clock_(clock ? std::move(clock) : std::make_shared<RealClock>()),
      logger_(logger),
      queue_(options_.limits),
      policy_(PausePolicy::Options{options_.initial_backoff, options_.max_backoff,
                                   options_.max_retry_after, options_.auth_retry_interval},
              std::random_device{}()) {
  if (options_.durable() && !options_.storage_unavailable) {
    store_ = std::make_unique<DurableStore>(options_.storage, store_hooks());
  }
}

DeliveryEngine::~DeliveryEngine() {
  close(milliseconds(0));
  // close() waits at most until its deadline; the worker may still be running the last
  // outcome callbacks (application code). Those must finish before this memory goes away.
  // Destroying the engine from one of its own callbacks is not supported (documented on
  // Client): the thread cannot wait for itself.
  // No lock: closing_ is set, so worker_ can no longer change; and a callback that calls
  // close() while we join must not find start_mu_ held.
  if (worker_.joinable()) {
    if (on_worker_thread()) {
      worker_.detach();
    } else {
      worker_.join();
    }
  }
  // The store's thread may still be finishing its last commit; its hooks use the queue and
  // the transport, which go after it.
  store_.reset();
}

bool DeliveryEngine::on_worker_thread() const noexcept {
  return worker_id_.load(std::memory_order_acquire) == std::this_thread::get_id();
}

// ---------------------------------------------------------------------------------------
// Caller side
// ---------------------------------------------------------------------------------------

bool DeliveryEngine::ensure_started() noexcept {
  if (started_.load(std::memory_order_acquire)) return true;
  std::lock_guard<std::mutex> lock(start_mu_);
  if (started_.load(std::memory_order_relaxed)) return true;
  if (closing_) return false;
  try {
    transport_ = make_transport_();
    if (!transport_) return false;
    worker_ = std::thread([this] {
      worker_id_.store(std::this_thread::get_id(), std::memory_order_release);
      run();
    });
  } catch (...) {
    transport_.reset();
    log(LogLevel::error, "flameup: could not start the delivery thread");
    return false;
  }
  started_.store(true, std::memory_order_release);
  if (store_ && !store_->start()) {
    report_delivery_error(internal_error("starting the store thread"));
  }
  return true;
}

void DeliveryEngine::start() noexcept { ensure_started(); }

EnqueueResult DeliveryEngine::enqueue(PreparedEvent&& prepared) noexcept {
  EnqueueResult result;
  try {
    if (options_.durable() && !store_) return refuse_without_store();
    if (!ensure_started()) {
      result.status = EnqueueStatus::closed;
      result.error = make_error(ErrorCode::closed, "the client is closed");
      return result;
    }
    QueuedEvent event;
    // prepare_event() sizes the body exactly (the memory target is 2x the JSON size), so it
    // moves in as is: no second allocation and copy on the caller's thread.
    event.body = std::move(prepared.body);
    event.key.assign(prepared.idempotency_key);
    event.enqueued_at = clock_->now();
    const std::uint64_t ticket = store_ ? stage_in_store(event, prepared.prepared_at) : 0;
    const std::int64_t record = event.record;
    std::uint64_t seq = 0;
    // On the worker (enqueue from a callback) the block policy cannot wait: only the worker
    // makes room.
    const PushResult pushed = queue_.push(std::move(event), seq, !on_worker_thread());
    if (store_ && pushed.status != PushStatus::accepted) store_->remove(record);
    switch (pushed.status) {
      case PushStatus::accepted:
        result.status = EnqueueStatus::accepted;
        result.id = std::move(prepared.idempotency_key);
        break;
      case PushStatus::queue_full:
        result.status = EnqueueStatus::queue_full;
        result.error = make_error(ErrorCode::queue_full, "the delivery queue is full");
        break;
      case PushStatus::closed:
        result.status = EnqueueStatus::closed;
        result.error = make_error(ErrorCode::closed, "the client is closed");
        break;
    }
    // started_ was set after transport_ under start_mu_, so transport_ is visible here.
    if (pushed.wake_worker) transport_->wakeup();
    if (result.accepted() && store_ && options_.wait_for_commit && !on_worker_thread()) {
      wait_for_commit(ticket, result);
    }
  } catch (...) {
    // Only allocation can fail here; the event was not queued. Refused like a full queue
    // (the application may try again later), with an error that says the SDK failed.
    result = EnqueueResult{};
    result.status = EnqueueStatus::queue_full;
    result.error = internal_error("enqueue");
  }
  return result;
}

std::uint64_t DeliveryEngine::stage_in_store(QueuedEvent& event,
                                             std::chrono::system_clock::time_point accepted_at) {
  // Queued for the store before the event can reach an outcome, so that its delete always
  // comes after its insert (a refused event is deleted again at once).
  const auto accepted_ms = std::chrono::duration_cast<milliseconds>(accepted_at.time_since_epoch());
  const DurableStore::Added added = store_->add(event.key.view(), event.body, accepted_ms.count());
  event.record = added.record;
  return added.ticket;
}

EnqueueResult DeliveryEngine::refuse_without_store() const {
  EnqueueResult result;
  result.status = EnqueueStatus::invalid;
  result.error = make_error(ErrorCode::invalid_options,
                            "storage_path: the store belongs to the process that created this "
                            "client; a forked child must create its own Client");
  return result;
}

void DeliveryEngine::wait_for_commit(std::uint64_t ticket, EnqueueResult& result) {
  const auto deadline = deadline_after(SteadyClock::now(), options_.commit_wait_timeout);
  if (store_->wait_committed(ticket, deadline)) return;
  result.error = make_error(ErrorCode::storage,
                            "accepted, but not written to the store within "
                            "storage_wait_timeout; it stays queued and is retried");
}

bool DeliveryEngine::persist(milliseconds timeout) noexcept {
  if (!store_) return false;
  try {
    const auto deadline = deadline_after(SteadyClock::now(), timeout);
    const std::uint64_t ticket = store_->last_ticket();
    // From a callback: the worker must not wait (the store never waits for the worker, but
    // outcomes would stall meanwhile).
    return store_->wait_committed(ticket, on_worker_thread() ? SteadyClock::now() : deadline);
  } catch (...) {
    return false;
  }
}

bool DeliveryEngine::flush(milliseconds timeout) noexcept {
  try {
    const auto deadline = deadline_after(SteadyClock::now(), timeout);
    const std::uint64_t mark = queue_.last_seq();
    if (mark == 0) return true;
    // From a callback the worker is this thread: waiting would only wait for ourselves.
    if (on_worker_thread()) return tracker_.finished_through() >= mark;
    // While someone waits, the worker sends what the rate-limit budget allows at once
    // instead of spreading it over the window.
    flush_waiters_.fetch_add(1, std::memory_order_acq_rel);
    if (spreading_.load(std::memory_order_acquire)) transport_->wakeup();
    const bool done = tracker_.wait_finished_through(mark, deadline);
    flush_waiters_.fetch_sub(1, std::memory_order_acq_rel);
    return done;
  } catch (...) {
    return false;
  }
}

void DeliveryEngine::close(milliseconds timeout) noexcept {
  const auto deadline = deadline_after(SteadyClock::now(), timeout);
  try {
    {
      // Held only to decide: never while waiting, so that any number of threads may close at
      // once, each returning by its own deadline.
      std::lock_guard<std::mutex> lock(start_mu_);
      closing_ = true;
      queue_.close();
      if (!started_.load(std::memory_order_relaxed)) return;
      request_stop(deadline);
    }
    transport_->wakeup();
    // From a callback the worker is this thread: it shuts down once the callback returns.
    if (on_worker_thread()) return;
    // The worker stops delivering at the deadline, then aborts, drains and reports: wait a
    // little past the deadline for that, but not for slow outcome callbacks (application
    // code), which finish on the worker after close() returns.
    std::unique_lock<std::mutex> lock(done_mu_);
    if (done_cv_.wait_until(lock, deadline, [this] { return done_; })) return;
    // A worker whose poll overslept the deadline (a clock that is not the real one, a
    // scheduler hiccup) is told now.
    transport_->wakeup();
    done_cv_.wait_until(lock, deadline + kShutdownGrace, [this] { return done_; });
  } catch (...) {
    log(LogLevel::error, "flameup: close() could not wait for the delivery thread");
  }
}

void DeliveryEngine::request_stop(SteadyClock::time_point deadline) noexcept {
  // The earliest deadline wins: close(0) after close(10 s) stops now.
  const auto wanted = deadline.time_since_epoch().count();
  auto current = stop_deadline_.load(std::memory_order_relaxed);
  while (wanted < current &&
         !stop_deadline_.compare_exchange_weak(current, wanted, std::memory_order_relaxed)) {
  }
  stop_requested_.store(true, std::memory_order_release);
}

Stats DeliveryEngine::stats() const noexcept {
  Stats s;
  try {
    const std::size_t in_flight = in_flight_count_.load(std::memory_order_acquire);
    const QueueSnapshot q = queue_.snapshot();
    const OutcomeCounts c = tracker_.counts();
    s.enqueued = q.enqueued;
    s.delivered = c.delivered;
    s.rejected = c.rejected;
    s.expired = c.expired;
    s.retried = retried_.load(std::memory_order_relaxed);
    s.dropped.queue_full = q.refused_full;
    s.dropped.evicted = c.evicted;
    s.dropped.retries_exhausted = c.retries_exhausted;
    s.dropped.shutdown = c.shutdown;
    // The queue owns every accepted event without an outcome, waiting or in flight, and
    // counts them under its lock: queued + in_flight is exactly that count, never an event
    // twice (one moving between the worker's hands and the queue) and never one missing.
    // Events just back from a failed attempt count as queued: they wait for their retry.
    s.in_flight = std::min(in_flight, q.owned_events);
    s.queued = q.owned_events - s.in_flight;
    s.queued_bytes = q.owned_bytes;
    s.auth_paused = auth_paused_.load(std::memory_order_relaxed);
    if (store_) {
      const StoreCounters stored = store_->counters();
      s.stored = stored.stored;
      s.recovered = stored.recovered;
      s.storage_errors = stored.errors;
    }
    std::lock_guard<std::mutex> lock(stats_mu_);
    s.last_error = last_error_;
    s.rate_limit = last_rate_limit_;
  } catch (...) {
    // A snapshot that could not copy the last error's strings still has its counters.
  }
  return s;
}

// ---------------------------------------------------------------------------------------
// Worker
// ---------------------------------------------------------------------------------------

void DeliveryEngine::run() noexcept {
  Turn turn;
  try {
    while (loop_once(turn)) {
    }
  } catch (...) {
    // Only allocation failures get here. Stop delivering; shutdown() still gives every event
    // its outcome so that nothing accepted disappears silently.
    log(LogLevel::error, "flameup: delivery thread stopped after an internal error");
  }
  shutdown(turn);
  // The store's last commit carries every outcome reported above; close() waits for it.
  if (store_) {
    // After an internal error nobody asked to stop: then the last commit gets no extra time.
    const auto deadline =
        stop_requested_.load(std::memory_order_acquire)
            ? Time(SteadyClock::duration(stop_deadline_.load(std::memory_order_relaxed)))
            : SteadyClock::now();
    store_->stop(deadline);
  }
  {
    std::lock_guard<std::mutex> lock(done_mu_);
    done_ = true;
  }
  done_cv_.notify_all();
}

bool DeliveryEngine::loop_once(Turn& turn) {
  const Time now = clock_->now();
  for (auto& completion : turn.done) on_completion(completion, now, turn);
  publish_counts();
  turn.done.clear();

  const bool stopping = stop_requested_.load(std::memory_order_acquire);
  if (stopping && SteadyClock::now().time_since_epoch().count() >=
                      stop_deadline_.load(std::memory_order_relaxed)) {
    return false;
  }

  // Spreading requests over the rate-limit window is for a steady backlog; when close() or
  // flush() is waiting, what the budget allows goes out now.
  const bool hurry = stopping || flush_waiters_.load(std::memory_order_acquire) > 0;
  demand_ = hurry ? 0 : pending_demand(now);
  spreading_.store(policy_.spreading(now, demand_), std::memory_order_release);
  const std::size_t allowed = policy_.allowance(
      now, in_flight_.size(), static_cast<std::size_t>(options_.max_in_flight), demand_);
  WorkerExchange& x = exchange_with_queue(turn, now, allowed);
  for (auto& event : x.to_send) start_request(std::move(event), now);
  x.to_send.clear();
  emit(turn);

  if (stopping && in_flight_.empty() && x.waiting == 0) return false;  // all done: close early
  transport_->poll(next_wait(now, turn, stopping), turn.done);
  return true;
}

std::size_t DeliveryEngine::pending_demand(Time now) const {
  // Only the rate limiter needs it, and only while a window is known: skip the queue's lock
  // otherwise.
  if (!policy_.knows_budget(now)) return 0;
  return queue_.snapshot().waiting;
}

milliseconds DeliveryEngine::next_wait(Time now, const Turn& turn, bool stopping) const {
  Time wake = now + kMaxIdleWait;
  const auto consider = [&](Time t) {
    if (t > now) wake = std::min(wake, t);
  };
  // A due time already past means the only obstacle is capacity or a pause, each of which
  // has its own wake-up (a completion, or one of the times below).
  consider(turn.exchange.next_due);
  consider(policy_.next_change(now, demand_));
  milliseconds wait = ceil_ms(wake - now);
  if (stopping) {
    const auto deadline = Time(SteadyClock::duration(stop_deadline_.load(std::memory_order_relaxed)));
    wait = std::min(wait, ceil_ms(deadline - SteadyClock::now()));
  }
  return wait;
}

WorkerExchange& DeliveryEngine::exchange_with_queue(Turn& turn, Time now, std::size_t max_take) {
  WorkerExchange& x = turn.exchange;
  x.now = now;
  x.max_age = options_.max_event_age;
  x.max_take = max_take;
  queue_.exchange(x);
  for (auto& event : x.expired) {
    add_outcome(turn, event, OutcomeKind::expired, DropReason::none,
                make_error(ErrorCode::expired, "not delivered within max_event_age"));
  }
  for (auto& event : x.evicted) {
    add_outcome(turn, event, OutcomeKind::dropped, DropReason::evicted,
                make_error(ErrorCode::queue_full, "evicted from the full queue by a newer event"));
  }
  x.expired.clear();
  x.evicted.clear();
  return x;
}

void DeliveryEngine::publish_counts() noexcept {
  in_flight_count_.store(in_flight_.size(), std::memory_order_release);
}

void DeliveryEngine::start_request(QueuedEvent&& event, Time now) {
  // Build from a reused scratch PreparedEvent: the body moves in and back out, so the only
  // copy is the one the request itself needs.
  scratch_.body = std::move(event.body);
  scratch_.idempotency_key.assign(event.key.view());
  HttpRequest request;
  try {
    request = make_request_(scratch_);
  } catch (...) {
    event.body = std::move(scratch_.body);
    throw;
  }
  event.body = std::move(scratch_.body);
  const AsyncTransport::Tag tag = ++next_tag_;
  in_flight_.push_back(InFlight{tag, std::move(event), now});
  in_flight_count_.store(in_flight_.size(), std::memory_order_release);
  policy_.on_start(now);
  transport_->start(tag, std::move(request));
}

void DeliveryEngine::on_completion(AsyncTransport::Completion& completion, Time now, Turn& turn) {
  const auto it = std::find_if(in_flight_.begin(), in_flight_.end(),
                               [&](const InFlight& f) { return f.tag == completion.tag; });
  if (it == in_flight_.end()) return;  // not ours (cannot happen with a correct transport)
  QueuedEvent event = std::move(it->event);
  const Time started = it->started;
  *it = std::move(in_flight_.back());
  in_flight_.pop_back();

  const HttpResponse& response = completion.response;
  event.attempts = saturating_increment(event.attempts);
  event.last_status = static_cast<std::int16_t>(std::clamp(response.status, 0, 999));

  if (response.transport == TransportStatus::aborted) {
    leave_undelivered(turn, event, ErrorCode::cancelled,
                      "aborted by close() before a response arrived");
    return;
  }

  Classification c = classify(response, options_.max_retry_after, clock_->system_now());
  if (c.rate_limit) {
    policy_.on_rate_limit_figures(*c.rate_limit, in_flight_.size(), now, clock_->system_now());
    std::lock_guard<std::mutex> lock(stats_mu_);
    last_rate_limit_ = *c.rate_limit;
  }
  switch (c.disposition) {
    case Disposition::delivered:
      clear_pauses();
      add_outcome(turn, event, OutcomeKind::delivered, DropReason::none, Error{},
                  std::move(c.event_id));
      break;
    case Disposition::rejected:
      clear_pauses();
      set_last_error(c.error);
      add_outcome(turn, event, OutcomeKind::rejected, DropReason::none, std::move(c.error));
      break;
    case Disposition::retry:
      on_transient_failure(std::move(event), started, c.error, now, turn);
      break;
    case Disposition::rate_limited:
      on_rate_limited(std::move(event), started, c.error, c.retry_after, now, turn);
      break;
    case Disposition::auth_failed:
      on_auth_failed(std::move(event), c.error, now, turn);
      break;
  }
}

void DeliveryEngine::clear_pauses() {
  rate_limit_reported_ = false;
  if (policy_.on_answer()) {
    auth_paused_.store(false, std::memory_order_relaxed);
    log(LogLevel::info, "flameup: the server accepts the API key again; delivery resumed");
  }
}

void DeliveryEngine::on_transient_failure(QueuedEvent&& event, Time started, const Error& error,
                                          Time now, Turn& turn) {
  set_last_error(error);
  event.failures = saturating_increment(event.failures);
  // The backoff applies to the client as well as to the event: during an outage the engine
  // then sends one probe request per pause instead of cycling through every queued event at
  // network speed (no busy loop, flat CPU).
  policy_.on_transient_failure(started, now);
  if (options_.max_delivery_attempts > 0 &&
      event.failures >= static_cast<std::uint32_t>(options_.max_delivery_attempts)) {
    add_outcome(turn, event, OutcomeKind::dropped, DropReason::retries_exhausted, error);
    return;
  }
  retried_.fetch_add(1, std::memory_order_relaxed);
  // An isolated failure delays only its event; in an outage the event keeps its place.
  const auto retry_at =
      policy_.retry_time(event.failures, event.enqueued_at + options_.max_event_age, now);
  const bool isolated = retry_at.has_value();
  if (isolated) event.next_attempt = *retry_at;
  if (logger_ != nullptr && logger_->enabled(LogLevel::debug)) {
    log_retry(event, error,
              isolated ? "in " + std::to_string(ceil_ms(event.next_attempt - now).count()) + " ms"
                       : std::string("when the server answers again"));
  }
  (isolated ? turn.exchange.to_delay : turn.exchange.to_front).push_back(std::move(event));
}

void DeliveryEngine::log_retry(const QueuedEvent& event, const Error& error,
                               const std::string& when) const {
  Error shown = error;
  if (options_.sanitize_error) options_.sanitize_error(shown);
  log(LogLevel::debug, "flameup: event " + std::string(event.key.view()) + " attempt " +
                           std::to_string(event.attempts) + " failed (" + to_string(shown.code) +
                           ": " + shown.message + "); retrying " + when);
}

void DeliveryEngine::on_rate_limited(QueuedEvent&& event, Time started, const Error& error,
                                     std::optional<milliseconds> retry_after, Time now,
                                     Turn& turn) {
  set_last_error(error);
  const Time until = policy_.on_rate_limited(started, now, retry_after);
  // A 429 is not the event's fault: no failure counted, and it keeps its place at the front.
  retried_.fetch_add(1, std::memory_order_relaxed);
  turn.exchange.to_front.push_back(std::move(event));
  if (!rate_limit_reported_) {
    rate_limit_reported_ = true;
    log(LogLevel::warn, "flameup: rate limited by the server; delivery paused for " +
                            std::to_string(ceil_ms(until - now).count()) + " ms");
    report_delivery_error(error);
  }
}

void DeliveryEngine::on_auth_failed(QueuedEvent&& event, const Error& error, Time now,
                                    Turn& turn) {
  set_last_error(error);
  turn.exchange.to_front.push_back(std::move(event));
  if (policy_.on_auth_failure(now)) {
    auth_paused_.store(true, std::memory_order_relaxed);
    log(LogLevel::error, "flameup: the server refused the API key (" +
                             std::string(to_string(error.code)) + "); delivery paused for " +
                             std::to_string(options_.auth_retry_interval.count()) + " ms");
    report_delivery_error(error);
  }
}

void DeliveryEngine::add_outcome(Turn& turn, QueuedEvent& event, OutcomeKind kind,
                                 DropReason reason, Error error, std::string event_id) {
  PendingOutcome p;
  p.seq = event.seq;
  p.outcome.kind = kind;
  p.outcome.drop_reason = reason;
  p.outcome.id.assign(event.key.view());
  p.outcome.event_id = std::move(event_id);
  p.outcome.http_status = event.last_status;
  p.outcome.error = std::move(error);
  if (options_.sanitize_text) options_.sanitize_text(p.outcome.event_id);
  if (options_.sanitize_error) options_.sanitize_error(p.outcome.error);
  p.outcome.attempts = as_int(event.attempts);
  p.outcome.recovered = event.recovered;
  release(turn, event);
  // Every outcome is final: the event's record goes from the store.
  if (store_) store_->remove(event.record);
  turn.outcomes.push_back(std::move(p));
}

void DeliveryEngine::release(Turn& turn, QueuedEvent& event) {
  // An event coming from the wire still holds its body and is still counted by the queue
  // until the next exchange() releases it. Events the queue handed out as expired, evicted or
  // drained were released there, bodies included (a serialized event is never empty).
  if (!event.body.empty()) {
    ++turn.exchange.finished_events;
    turn.exchange.finished_bytes += event.body.size();
    std::string().swap(event.body);
  }
}

void DeliveryEngine::leave_undelivered(Turn& turn, QueuedEvent& event, ErrorCode code,
                                       const char* why) {
  if (store_) {
    release(turn, event);  // its record stays: the next process delivers it
    return;
  }
  add_outcome(turn, event, OutcomeKind::dropped, DropReason::shutdown, make_error(code, why));
}

// ---------------------------------------------------------------------------------------
// Durable mode: replay
// ---------------------------------------------------------------------------------------

DurableStore::Hooks DeliveryEngine::store_hooks() {
  DurableStore::Hooks hooks;
  hooks.offer_recovered = [this](std::vector<StoredEvent>& records) {
    return take_recovered(records);
  };
  hooks.reserve_recovered = [this](std::size_t bytes) { queue_.set_reserved(bytes); };
  hooks.report_error = [this](const Error& error) {
    set_last_error(error);
    report_delivery_error(error);
  };
  hooks.logger = logger_;
  return hooks;
}

std::size_t DeliveryEngine::take_recovered(std::vector<StoredEvent>& records) {
  const auto now = clock_->now();
  const auto system_ms = std::chrono::duration_cast<milliseconds>(
      clock_->system_now().time_since_epoch()).count();
  std::size_t taken = 0;
  for (auto& record : records) {
    QueuedEvent event;
    // max_event_age counts from the original enqueue (clamped: a clock set back gives 0).
    const auto age = std::clamp<std::int64_t>(system_ms - record.accepted_ms, 0,
                                              options_.max_event_age.count());
    event.enqueued_at = now - milliseconds(age);
    event.key = record.key;
    event.record = record.record;
    event.recovered = true;
    event.body = std::move(record.body);
    std::uint64_t seq = 0;
    if (!queue_.push_recovered(std::move(event), seq)) {
      record.body = std::move(event.body);  // untouched by a refused push
      break;
    }
    ++taken;
  }
  if (taken > 0 && started_.load(std::memory_order_acquire)) transport_->wakeup();
  return taken;
}

void DeliveryEngine::emit(Turn& turn) noexcept {
  // Counted first, all of them: stats() never lags the callbacks, and when close() returns
  // at its deadline while slow callbacks still run, the counters are already final.
  for (const auto& p : turn.outcomes) tracker_.count(p.outcome);
  for (auto& p : turn.outcomes) {
    if (options_.on_outcome) {
      try {
        options_.on_outcome(p.outcome);
      } catch (...) {
        log(LogLevel::error, "flameup: the on_outcome callback threw; ignored");
      }
    }
    try {
      tracker_.finish(p.seq);
    } catch (...) {
      log(LogLevel::error, "flameup: could not record an outcome");
    }
  }
  turn.outcomes.clear();
}

void DeliveryEngine::shutdown(Turn& turn) noexcept {
  try {
    const Time now = clock_->now();
    // Completions that arrived with the last poll still count (a 2xx is a delivery).
    for (auto& completion : turn.done) on_completion(completion, now, turn);
    publish_counts();
    turn.done.clear();
    transport_->abort_all(turn.done);
    for (auto& completion : turn.done) on_completion(completion, now, turn);
    publish_counts();
    turn.done.clear();
    // Hand back the events waiting for a retry, collect evictions, then drain everything.
    WorkerExchange& x = exchange_with_queue(turn, now, 0);
    // After an internal error the loop may have stopped half-way: events it was about to
    // start, or started on a transport that then failed, still get their outcome.
    std::vector<QueuedEvent> rest;
    for (auto& event : x.to_send) rest.push_back(std::move(event));
    x.to_send.clear();
    for (auto& flight : in_flight_) rest.push_back(std::move(flight.event));
    in_flight_.clear();
    queue_.drain_all(rest);
    for (auto& event : rest) {
      leave_undelivered(turn, event, ErrorCode::closed, "the client was closed before delivery");
    }
    queue_.exchange(x);  // releases the bounds still held by the events that were in flight
  } catch (...) {
    log(LogLevel::error, "flameup: shutdown could not report every outcome");
  }
  emit(turn);
  in_flight_count_.store(0, std::memory_order_relaxed);
}

void DeliveryEngine::report_delivery_error(const Error& error) noexcept {
  if (!options_.on_delivery_error) return;
  try {
    Error copy = error;
    if (options_.sanitize_error) options_.sanitize_error(copy);
    options_.on_delivery_error(copy);
  } catch (...) {
    log(LogLevel::error,
        "flameup: a delivery error was not reported (out of memory, or the on_delivery_error "
        "callback threw)");
  }
}

void DeliveryEngine::set_last_error(const Error& error) {
  Error copy;
  try {
    copy = error;
  } catch (...) {
    // Out of memory: say so, rather than stop the delivery thread over a statistic.
    copy = internal_error("recording the last error");
  }
  if (options_.sanitize_error) options_.sanitize_error(copy);
  std::lock_guard<std::mutex> lock(stats_mu_);
  last_error_ = std::move(copy);
}

void DeliveryEngine::log(LogLevel level, const std::string& message) const noexcept {
  if (logger_ != nullptr && logger_->enabled(level)) logger_->log(level, message);
}

}  // namespace flameup::detail
