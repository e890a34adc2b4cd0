// flameup::Client: the synchronous track() path, and the shell the delivery engine plugs into.
//
// track(): validate + stamp + serialize once -> build the request once -> attempts
// (transport -> classify -> deliver / retry after backoff / wait for Retry-After / give up).
// list_events(): validate the query -> build the GET once -> the same attempts -> read the page.
// The same Idempotency-Key goes out on every attempt, so a retry after an unknown outcome
// can never record the event twice on a server that de-duplicates.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "engine/backoff.hpp"
#include "client/client_engine.hpp"
#include "http/curl_multi_transport.hpp"
#include "http/curl_transport.hpp"
#include "wire/event_codec.hpp"
#include "wire/list_codec.hpp"
#include "flameup/client.hpp"
#include "flameup/list_events.hpp"
#include "flameup/track_event.hpp"
#include "flameup/track_result.hpp"
#include "client/event_hooks.hpp"
#include "client/internal_error.hpp"
#include "client/logger.hpp"
#include "client/options_validation.hpp"
#include "wire/request_builder.hpp"
#include "wire/response_classifier.hpp"
#include "text/result_sanitizer.hpp"
#include "platform/directory_lock.hpp"
#include "platform/thread_rng.hpp"

namespace flameup {
namespace {

using std::chrono::milliseconds;

std::string describe(const TrackResult& result) {
  std::string text = result.http_status != 0 ? "HTTP " + std::to_string(result.http_status)
                                             : std::string("no response");
  if (result.error) {
    text += std::string(" (") + to_string(result.error.code) + "): " + result.error.message;
  }
  return text;
}

// What every blocking call reports of its last attempt's classified response.
void report(const detail::Classification& c, int attempts, RequestResult& result) {
  result.success = c.disposition == detail::Disposition::delivered;
  result.http_status = c.http_status;
  result.error = c.error;
  result.request_id = c.request_id;
  result.attempts = attempts;
}

// What track() reports for one attempt's classified response.
TrackResult result_of(const detail::Classification& c, int attempt) {
  TrackResult result;
  report(c, attempt, result);
  result.event_id = c.event_id;
  return result;
}

// Runs one public call's body; only allocation failure can throw out of it, and the public
// API promises never to throw, so that becomes an ErrorCode::internal result.
template <typename Result, typename Body>
Result never_throwing(const char* what, Body&& body) noexcept {
  try {
    return body();
  } catch (...) {
    Result result;
    result.error = detail::internal_error(what);
    return result;
  }
}

}  // namespace

class Client::Impl {
 public:
  explicit Impl(ClientOptions opts)
      : options(std::move(opts)),
        base_url(detail::ParsedBaseUrl::of(options.base_url)),
        options_error(detail::validate(options, base_url)),
        sanitizer(std::make_shared<detail::ResultSanitizer>(options.api_key)),
        logger(options.log_level, options.logger, options.api_key),
        hooks(options, &logger),
        tracking_enabled(options.tracking_enabled) {
    if (!options_error && !options.storage_path.empty()) lock_storage();
    if (options_error) {
      logger.log(LogLevel::error, "invalid options: " + options_error.message);
      return;
    }
    builder = std::make_unique<detail::RequestBuilder>(options, base_url.url);
    transport = std::make_unique<detail::CurlTransport>(options, base_url.url);
    engine = std::make_unique<detail::ClientEngine>(engine_parts());
  }

  TrackResult track(const TrackEvent& event);
  ListResult list_events(const EventQuery& query);

  // --- shared by track() and the delivery engine --------------------------------------
  ClientOptions options;
  // options.base_url, parsed once: validation, the request builder and both transports read
  // this one.
  detail::ParsedBaseUrl base_url;
  Error options_error;
  // Cleans every string of every result and outcome (the key redacted, text printable and
  // bounded). Shared with the delivery engine's callbacks.
  std::shared_ptr<const detail::ResultSanitizer> sanitizer;
  detail::Logger logger;
  std::unique_ptr<detail::RequestBuilder> builder;  // null when options_error is set

  // --- track(): the synchronous transport (a pool of easy handles) --------------------
  std::unique_ptr<detail::Transport> transport;
  // Set by close(): track() then refuses like enqueue() does, without I/O. A forked child
  // inherits it, as it inherits the rest of the client's state.
  std::atomic<bool> closed{false};

  // --- what every event goes through first (default properties, before_send) ---------
  detail::EventHooks hooks;
  std::atomic<std::uint64_t> filtered{0};
  std::atomic<bool> tracking_enabled;
  // Why this event goes no further (tracking off, dropped by before_send), or a none Error.
  // Applies the hooks to @p event, which must be given when hooks.active().
  Error screen(TrackEvent* event);

  // --- durable mode: this client's exclusive use of storage_path ---------------------
  // Taken at construction (cheap: create the directory, lock a file), so that a second
  // client on the same directory fails at once with a configuration error. Declared before
  // the engine: released only after the engine (and its store) is gone.
  detail::DirectoryLock storage_lock;
  void lock_storage();

  // --- delivery engine (enqueue/flush/close/stats) -----------------------------------
  // Null when options_error is set. Declared last: destroyed (its worker joined) before the
  // logger, builder and options it points to.
  std::unique_ptr<detail::ClientEngine> engine;
  detail::ClientEngine::Parts engine_parts() const;

 private:
  // Why no request may be made at all (invalid options, closed), or a none Error.
  Error refusal() const;
  // The last answer of one request's attempts, and how many there were.
  struct Attempts {
    detail::Classification last;
    int count = 0;
  };
  // Sends, classifies and retries per the retry policy. Returns the last classification (its
  // text still raw: the caller cleans what it reports); @p last, if given, gets its response.
  Attempts send_with_retries(const detail::HttpRequest& request, const char* what,
                             detail::HttpResponse* last = nullptr);
  void read_page(const detail::HttpResponse& response, ListResult& result);
  milliseconds wait_before_retry(int attempt, const detail::Classification& c) const;
  TrackResult finish(TrackResult result) const;
};

void Client::Impl::lock_storage() {
  if (std::string why = storage_lock.acquire(options.storage_path); !why.empty()) {
    options_error.code = ErrorCode::invalid_options;
    options_error.message = "storage_path: " + why;
  }
}

detail::ClientEngine::Parts Client::Impl::engine_parts() const {
  detail::ClientEngine::Parts parts;
  parts.options = detail::EngineOptions::from(options);
  const auto clean = sanitizer;
  parts.options.sanitize_error = [clean](Error& error) noexcept { clean->clean(error); };
  parts.options.sanitize_text = [clean](std::string& text) noexcept { clean->clean(text); };
  // The Impl is heap-allocated and outlives its engine, so these pointers stay valid across
  // moves of the Client.
  const detail::RequestBuilder* request_builder = builder.get();
  parts.make_request = [request_builder](const detail::PreparedEvent& event) {
    return request_builder->build(event);
  };
  const ClientOptions* opts = &options;
  const detail::BaseUrl* base = &base_url.url;
  parts.make_transport = [opts, base]() -> std::unique_ptr<detail::AsyncTransport> {
    return std::make_unique<detail::CurlMultiTransport>(*opts, *base);
  };
  parts.logger = &logger;
  parts.max_event_bytes = options.max_event_bytes;
  return parts;
}

milliseconds Client::Impl::wait_before_retry(int attempt, const detail::Classification& c) const {
  milliseconds wait = detail::backoff_delay(attempt, options.initial_backoff, options.max_backoff,
                                            detail::thread_rng());
  // A server's Retry-After (on a 429, or a 503) is a floor, never shortened by jitter; the
  // classifier already clamped it to max_retry_after.
  if (c.retry_after) wait = std::max(wait, *c.retry_after);
  return std::min(wait, std::max(options.max_retry_after, options.max_backoff));
}

TrackResult Client::Impl::finish(TrackResult result) const {
  sanitizer->clean(result);
  return result;
}

Error Client::Impl::refusal() const {
  if (options_error) return options_error;
  Error error;
  if (closed.load(std::memory_order_acquire)) {
    error.code = ErrorCode::closed;
    error.message = "the client is closed";
  }
  return error;
}

Error Client::Impl::screen(TrackEvent* event) {
  Error error;
  if (!tracking_enabled.load(std::memory_order_acquire)) {
    error.code = ErrorCode::disabled;
    error.message = "tracking is switched off (set_tracking_enabled)";
  } else if (event != nullptr && hooks.active() && !hooks.apply(*event)) {
    filtered.fetch_add(1, std::memory_order_relaxed);
    error.code = ErrorCode::filtered;
    error.message = "dropped by the before_send hook";
  }
  return error;
}

TrackResult Client::Impl::track(const TrackEvent& original) {
  TrackResult result;
  if (Error refused = refusal()) {
    result.error = std::move(refused);
    return result;
  }
  // The hooks work on a copy (track() takes the event by const reference), made only when
  // there are hooks.
  std::optional<TrackEvent> copy;
  if (hooks.active()) copy.emplace(original);
  if (Error screened = screen(copy ? &*copy : nullptr)) {
    result.error = std::move(screened);
    return result;
  }
  const TrackEvent& event = copy ? *copy : original;
  detail::PreparedEvent prepared;
  if (Error invalid = detail::prepare_event(event, options.max_event_bytes,
                                            std::chrono::system_clock::now(), prepared)) {
    logger.log(LogLevel::debug, "track refused: " + invalid.message);
    result.error = std::move(invalid);
    return result;
  }
  const detail::HttpRequest request = builder->build(std::move(prepared));
  const Attempts sent = send_with_retries(request, "track");
  return finish(result_of(sent.last, sent.count));
}

Client::Impl::Attempts Client::Impl::send_with_retries(const detail::HttpRequest& request,
                                                       const char* what,
                                                       detail::HttpResponse* last) {
  for (int attempt = 1;; ++attempt) {
    detail::HttpResponse response = transport->send(request);
    detail::Classification c =
        detail::classify(response, options.max_retry_after, std::chrono::system_clock::now());
    const bool transient = c.disposition == detail::Disposition::retry ||
                           c.disposition == detail::Disposition::rate_limited;
    const bool final = !transient || attempt >= options.max_attempts;
    if (logger.enabled(LogLevel::debug)) {
      logger.log(LogLevel::debug, std::string(what) + " attempt " + std::to_string(attempt) +
                                      ": " + describe(finish(result_of(c, attempt))));
    }
    if (final) {
      if (last != nullptr) *last = std::move(response);
      return Attempts{std::move(c), attempt};
    }
    const milliseconds wait = wait_before_retry(attempt, c);
    if (logger.enabled(LogLevel::info)) {
      logger.log(LogLevel::info, std::string(what) + ": " + describe(finish(result_of(c, attempt))) +
                                     "; retrying in " + std::to_string(wait.count()) + " ms");
    }
    // Sleeping is the product here: track() and list_events() are the blocking API.
    std::this_thread::sleep_for(wait);
  }
}

ListResult Client::Impl::list_events(const EventQuery& query) {
  ListResult result;
  if (Error refused = refusal()) {
    result.error = std::move(refused);
    return result;
  }
  if (Error invalid = detail::validate_query(query)) {
    logger.log(LogLevel::debug, "list_events refused: " + invalid.message);
    result.error = std::move(invalid);
    return result;
  }
  const detail::HttpRequest request =
      builder->build_get(detail::list_url(builder->url(), query));
  detail::HttpResponse response;
  const Attempts sent = send_with_retries(request, "list_events", &response);
  report(sent.last, sent.count, result);
  result.success = false;  // only once the body is read as a list
  if (sent.last.disposition == detail::Disposition::delivered) read_page(response, result);
  sanitizer->clean(result);
  return result;
}

// A 2xx is only a success when its body is the list: anything else is the server's mistake.
void Client::Impl::read_page(const detail::HttpResponse& response, ListResult& result) {
  detail::EventPage page;
  std::string why;
  if (!detail::parse_event_page(response.body, page, why)) {
    result.error.code = ErrorCode::unexpected_response;
    result.error.message = "HTTP " + std::to_string(response.status) +
                           " but not an event list: " + why;
    return;
  }
  result.success = true;
  result.events = std::move(page.events);
  result.total = page.total;
}

Client::Client(ClientOptions options) {
  try {
    impl_ = std::make_unique<Impl>(std::move(options));
  } catch (...) {
    impl_.reset();  // behaves as a closed client
  }
}

Client::~Client() {
  if (impl_) close(impl_->options.close_timeout);
}

Client::Client(Client&&) noexcept = default;

Client& Client::operator=(Client&& other) noexcept {
  if (this != &other) {
    if (impl_) close(impl_->options.close_timeout);
    impl_ = std::move(other.impl_);
  }
  return *this;
}

const Error& Client::options_error() const noexcept {
  static const Error kClosed = [] {
    Error error;
    error.code = ErrorCode::closed;
    error.message = "client: closed (moved from, or could not be constructed)";
    return error;
  }();
  return impl_ ? impl_->options_error : kClosed;
}

TrackResult Client::track(const TrackEvent& event) noexcept {
  return never_throwing<TrackResult>("track", [&] {
    if (impl_) return impl_->track(event);
    TrackResult result;
    result.error = options_error();
    return result;
  });
}

ListResult Client::list_events(const EventQuery& query) noexcept {
  return never_throwing<ListResult>("list_events", [&] {
    if (impl_) return impl_->list_events(query);
    ListResult result;
    result.error = options_error();
    return result;
  });
}

// ---------------------------------------------------------------------------------------
// Asynchronous delivery: see client/client_engine.hpp and engine/delivery_engine.hpp.
// ---------------------------------------------------------------------------------------

EnqueueResult Client::enqueue(TrackEvent event) noexcept {
  EnqueueResult result;
  if (!impl_) {
    result.status = EnqueueStatus::closed;
    result.error = options_error();
    return result;
  }
  if (impl_->options_error) {
    result.status = EnqueueStatus::invalid;
    result.error = impl_->options_error;
    return result;
  }
  if (Error screened = impl_->screen(&event)) {
    result.status = screened.code == ErrorCode::disabled ? EnqueueStatus::disabled
                                                         : EnqueueStatus::filtered;
    result.error = std::move(screened);
    return result;
  }
  return impl_->engine->enqueue(event);
}

void Client::set_tracking_enabled(bool enabled) noexcept {
  if (impl_) impl_->tracking_enabled.store(enabled, std::memory_order_release);
}

bool Client::tracking_enabled() const noexcept {
  return impl_ && impl_->tracking_enabled.load(std::memory_order_acquire);
}

bool Client::flush(std::chrono::milliseconds timeout) noexcept {
  return !impl_ || !impl_->engine || impl_->engine->flush(timeout);
}

bool Client::persist(std::chrono::milliseconds timeout) noexcept {
  return impl_ && impl_->engine && impl_->engine->persist(timeout);
}

void Client::close(std::chrono::milliseconds timeout) noexcept {
  if (!impl_) return;
  impl_->closed.store(true, std::memory_order_release);
  if (impl_->engine) impl_->engine->close(timeout);
}

Stats Client::stats() const noexcept {
  Stats s = (impl_ && impl_->engine) ? impl_->engine->stats() : Stats{};
  if (impl_) s.filtered = impl_->filtered.load(std::memory_order_relaxed);
  return s;
}

}  // namespace flameup
