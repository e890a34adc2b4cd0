#pragma once
// A DeliveryEngine wired to a FakeTransport (and optionally a ManualClock), collecting every
// Outcome, for the engine's unit tests.

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "delivery_engine.hpp"
#include "fake_transport.hpp"

namespace flameup::testing {

class EngineHarness {
 public:
  /// @p manual_clock: drive time by hand (clock->advance) instead of the real clock.
  explicit EngineHarness(detail::EngineOptions options, bool manual_clock = false);
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
