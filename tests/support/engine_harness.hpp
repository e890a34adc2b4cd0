#pragma once
// A DeliveryEngine wired to a FakeTransport (and optionally a ManualClock), collecting every
// Outcome, for the engine's unit tests.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine/delivery_engine.hpp"
#include "fake_transport.hpp"

namespace flameup::testing {

/// Short backoffs and pauses, so that real-clock tests run fast.
detail::EngineOptions fast_engine_options();

/// An `X-RateLimit-Reset` value @p s seconds after @p clock's wall time (rounded up).
std::string reset_header_in(const ManualClock& clock, std::chrono::seconds s);

/// The value of header @p name in @p request, or empty.
std::string header_of(const detail::HttpRequest& request, const std::string& name);

class EngineHarness {
 public:
  /// Called on the delivery thread for every outcome, after the harness recorded it (for
  /// callbacks that re-enter the engine, throw, or take time).
  using OutcomeHook = std::function<void(const Outcome&, detail::DeliveryEngine&)>;

  /// @p manual_clock: drive time by hand (clock->advance) instead of the real clock.
  explicit EngineHarness(detail::EngineOptions options, bool manual_clock = false,
                         OutcomeHook hook = {});
  ~EngineHarness();

  /// Queues {"n": n} with idempotency key "key-<n>".
  EnqueueResult enqueue(int n);

  /// Waits (real time) until at least @p n outcomes were reported.
  bool wait_outcomes(std::size_t n, std::chrono::milliseconds timeout = std::chrono::seconds(10));
  std::vector<Outcome> outcomes() const;
  /// Outcomes by Outcome::id (a repeated id would shrink the map below outcomes().size()).
  std::map<std::string, Outcome> outcomes_by_id() const;
  std::vector<Error> delivery_errors() const;

  detail::DeliveryEngine& engine() { return *engine_; }
  FakeTransport& fake() { return *fake_; }
  ManualClock& clock() { return *clock_; }

  static std::string key_of(int n) { return "key-" + std::to_string(n); }

 private:
  std::shared_ptr<ManualClock> clock_;
  std::shared_ptr<FakeTransport> fake_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Outcome> outcomes_;
  std::vector<Error> delivery_errors_;
  std::unique_ptr<detail::DeliveryEngine> engine_;
};

}  // namespace flameup::testing
