// flameup::testing::Emulator: the public face of devserver::Server for users' tests. It keeps
// the emulator's own header (and with it the HTTP library) out of the installed headers, and
// turns each fault mode users need into the devserver::Fault that produces it.
#include "flameup/testing/emulator.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "devserver.hpp"

namespace flameup::testing {
namespace {

constexpr std::chrono::seconds kMaxRetryAfter = std::chrono::hours(1);
constexpr std::chrono::milliseconds kMaxDelay = std::chrono::minutes(10);
// Waits are clamped to a day, so that milliseconds::max() cannot overflow a deadline.
constexpr std::chrono::milliseconds kMaxWait = std::chrono::hours(24);

std::chrono::milliseconds clamp_wait(std::chrono::milliseconds timeout) {
  return std::clamp(timeout, std::chrono::milliseconds(0), kMaxWait);
}

devserver::ServerOptions server_options(EmulatorOptions options) {
  devserver::ServerOptions server;
  server.host = "127.0.0.1";
  server.port = 0;
  server.api_keys = std::move(options.api_keys);
  server.rate_limit_per_minute = std::max(options.rate_limit_per_minute, 0);
  // Nothing here reads the request log: keep none, only the counts.
  server.max_logged_requests = 0;
  return server;
}

RecordedEvent to_public(devserver::RecordedEvent recorded) {
  RecordedEvent event;
  event.id = std::move(recorded.id);
  event.workspace_id = std::move(recorded.workspace_id);
  event.user_id = std::move(recorded.user_id);
  event.event = std::move(recorded.event);
  event.properties = std::move(recorded.properties);
  event.timestamp = std::move(recorded.timestamp);
  event.created_at = std::move(recorded.created_at);
  event.idempotency_key = std::move(recorded.idempotency_key);
  return event;
}

// A status answer with the service's JSON error body.
devserver::Fault status_fault(int status, nlohmann::json body, int count) {
  devserver::Fault fault;
  fault.kind = devserver::Fault::Kind::status;
  fault.status = status;
  fault.body = body.dump();
  fault.count = count;
  return fault;
}

}  // namespace

struct Emulator::Impl {
  explicit Impl(EmulatorOptions options) : server(server_options(std::move(options))) {}

  // Faults with a count of 0 would answer nothing: they are not queued at all.
  void add(devserver::Fault fault) {
    if (fault.count == 0) return;
    if (fault.count < 0) fault.count = kUntilCleared;
    server.add_fault(std::move(fault));
  }

  devserver::Server server;
  bool running = false;
};

Emulator::Emulator(EmulatorOptions options) noexcept {
  try {
    impl_ = std::make_unique<Impl>(std::move(options));
    impl_->running = impl_->server.start() >= 0;
  } catch (...) {
    impl_.reset();  // running() says false; every other member does nothing
  }
}

Emulator::~Emulator() = default;

bool Emulator::running() const noexcept { return impl_ && impl_->running; }

std::string Emulator::base_url() const noexcept {
  try {
    return running() ? impl_->server.base_url() : std::string();
  } catch (...) {
    return {};
  }
}

std::vector<RecordedEvent> Emulator::events() const noexcept {
  std::vector<RecordedEvent> events;
  if (!impl_) return events;
  try {
    for (devserver::RecordedEvent& recorded : impl_->server.events()) {
      events.push_back(to_public(std::move(recorded)));
    }
  } catch (...) {
    events.clear();
  }
  return events;
}

std::size_t Emulator::event_count() const noexcept {
  return impl_ ? impl_->server.event_count() : 0;
}

std::size_t Emulator::request_count() const noexcept {
  return impl_ ? impl_->server.request_count() : 0;
}

bool Emulator::wait_for_events(std::size_t n, std::chrono::milliseconds timeout) const noexcept {
  try {
    return impl_ && impl_->server.wait_for_events(n, clamp_wait(timeout));
  } catch (...) {
    return false;
  }
}

bool Emulator::wait_for_requests(std::size_t n,
                                 std::chrono::milliseconds timeout) const noexcept {
  try {
    return impl_ && impl_->server.wait_for_requests(n, clamp_wait(timeout));
  } catch (...) {
    return false;
  }
}

void Emulator::fail_with_server_errors(int status, int count) noexcept {
  if (!impl_) return;
  try {
    const int clamped = std::clamp(status, 500, 599);
    impl_->add(status_fault(
        clamped,
        {{"error", {{"code", "internal_error"}, {"message", "Emulated server error"}}}},
        count));
  } catch (...) {
  }
}

void Emulator::rate_limit(std::chrono::seconds retry_after, int count) noexcept {
  if (!impl_) return;
  try {
    const auto seconds = std::clamp(retry_after, std::chrono::seconds(0), kMaxRetryAfter);
    devserver::Fault fault = status_fault(
        429,
        {{"error", "Rate limit exceeded"},
         {"message", "Too many requests. Please try again later."}},
        count);
    fault.headers.emplace_back("Retry-After", std::to_string(seconds.count()));
    impl_->add(std::move(fault));
  } catch (...) {
  }
}

void Emulator::respond_slowly(std::chrono::milliseconds delay, int count) noexcept {
  if (!impl_) return;
  try {
    devserver::Fault fault;
    fault.kind = devserver::Fault::Kind::delay;
    fault.delay = std::clamp(delay, std::chrono::milliseconds(0), kMaxDelay);
    fault.count = count;
    impl_->add(std::move(fault));
  } catch (...) {
  }
}

void Emulator::fail_authentication(int count) noexcept {
  if (!impl_) return;
  try {
    impl_->add(status_fault(
        401, {{"error", {{"code", "unauthorized"}, {"message", "Invalid or missing API key"}}}},
        count));
  } catch (...) {
  }
}

void Emulator::clear_faults() noexcept {
  if (!impl_) return;
  try {
    impl_->server.clear_faults();
  } catch (...) {
  }
}

}  // namespace flameup::testing
