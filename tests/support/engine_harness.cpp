#include "engine_harness.hpp"

namespace flameup::testing {

detail::EngineOptions fast_engine_options() {
  using namespace std::chrono_literals;
  detail::EngineOptions o;
  o.initial_backoff = 1ms;
  o.max_backoff = 5ms;
  o.max_retry_after = 60s;
  o.auth_retry_interval = 30s;
  o.max_in_flight = 4;
  return o;
}

std::string reset_header_in(const ManualClock& clock, std::chrono::seconds s) {
  const auto at = std::chrono::duration_cast<std::chrono::seconds>(
      (clock.system_now() + s).time_since_epoch());
  return std::to_string(at.count() + 1);  // +1: round up past the current second
}

std::string header_of(const detail::HttpRequest& request, const std::string& name) {
  for (const auto& h : request.headers) {
    if (h.rfind(name + ": ", 0) == 0) return h.substr(name.size() + 2);
  }
  return {};
}

EngineHarness::EngineHarness(detail::EngineOptions options, bool manual_clock, OutcomeHook hook)
    : clock_(manual_clock ? std::make_shared<ManualClock>() : nullptr),
      fake_(std::make_shared<FakeTransport>(clock_)) {
  options.on_outcome = [this, hook = std::move(hook)](const Outcome& outcome) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      outcomes_.push_back(outcome);
    }
    cv_.notify_all();
    if (hook) hook(outcome, *engine_);
  };
  options.on_delivery_error = [this](const Error& error) {
    std::lock_guard<std::mutex> lock(mu_);
    delivery_errors_.push_back(error);
  };
  auto make_request = [](const detail::PreparedEvent& event) {
    detail::HttpRequest request;
    request.url = "http://127.0.0.1:9/api/v1/workspaces/ws/events";
    request.body = event.body;
    request.headers.push_back("Idempotency-Key: " + event.idempotency_key);
    return request;
  };
  std::shared_ptr<const detail::EngineClock> clock;
  if (clock_) clock = clock_;
  engine_ = std::make_unique<detail::DeliveryEngine>(std::move(options), make_request,
                                                     fake_->factory(), clock, nullptr);
}

EngineHarness::~EngineHarness() { engine_->close(std::chrono::milliseconds(0)); }

EnqueueResult EngineHarness::enqueue(int n) {
  detail::PreparedEvent event;
  event.body = R"({"n":)" + std::to_string(n) + "}";
  event.idempotency_key = key_of(n);
  return engine_->enqueue(std::move(event));
}

bool EngineHarness::wait_outcomes(std::size_t n, std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  return cv_.wait_for(lock, timeout, [&] { return outcomes_.size() >= n; });
}

std::vector<Outcome> EngineHarness::outcomes() const {
  std::lock_guard<std::mutex> lock(mu_);
  return outcomes_;
}

std::map<std::string, Outcome> EngineHarness::outcomes_by_id() const {
  std::map<std::string, Outcome> by_id;
  for (const auto& outcome : outcomes()) by_id.emplace(outcome.id, outcome);
  return by_id;
}

std::vector<Error> EngineHarness::delivery_errors() const {
  std::lock_guard<std::mutex> lock(mu_);
  return delivery_errors_;
}

}  // namespace flameup::testing
