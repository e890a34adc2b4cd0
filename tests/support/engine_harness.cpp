#include "engine_harness.hpp"

namespace flameup::testing {

EngineHarness::EngineHarness(detail::EngineOptions options, bool manual_clock)
    : clock_(manual_clock ? std::make_shared<ManualClock>() : nullptr),
      fake_(std::make_shared<FakeTransport>(clock_)) {
  options.on_outcome = [this](const Outcome& outcome) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      outcomes_.push_back(outcome);
    }
    cv_.notify_all();
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
