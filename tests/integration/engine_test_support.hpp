#pragma once
// Shared set-up for the engine's integration tests: a Client whose outcomes, delivery errors
// and log lines are collected (every line is checked for the API key at the end, row S1), an
// in-process emulator with rate limiting off, and waits on conditions instead of sleeps.

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "devserver.hpp"
#include "emulator_fixture.hpp"
#include "raw_http_server.hpp"
#include "flameup/flameup.hpp"

namespace flameup::engine_test {

using namespace std::chrono_literals;

using testing::kSentinelKey;

/// What a Client reported through its callbacks. Outlives the Client that points to it.
class Recorder {
 public:
  void attach(ClientOptions& options) {
    options.on_outcome = [this](const Outcome& outcome) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        outcomes_.push_back(outcome);
      }
      cv_.notify_all();
    };
    options.on_delivery_error = [this](const Error& error) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        delivery_errors_.push_back(error);
      }
      cv_.notify_all();
    };
    options.log_level = LogLevel::debug;
    options.logger = [this](LogLevel, std::string_view line) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        log_lines_.emplace_back(line);
      }
      cv_.notify_all();
    };
  }

  bool wait_outcomes(std::size_t n, std::chrono::milliseconds timeout = 10s) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return outcomes_.size() >= n; });
  }
  bool wait_delivery_errors(std::size_t n, std::chrono::milliseconds timeout = 10s) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return delivery_errors_.size() >= n; });
  }
  /// Waits until @p n log lines contain @p needle. The engine logs one debug line per retry
  /// ("... failed (<code>: ...); retrying in ...") after updating stats(), so tests wait on
  /// that instead of assuming a failure happens within some fixed time.
  bool wait_log_lines(std::string_view needle, std::size_t n,
                      std::chrono::milliseconds timeout = 10s) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return count_lines(needle) >= n; });
  }
  std::vector<Outcome> outcomes() const {
    std::lock_guard<std::mutex> lock(mu_);
    return outcomes_;
  }
  std::map<std::string, Outcome> outcomes_by_id() const {
    std::map<std::string, Outcome> by_id;
    for (const auto& outcome : outcomes()) by_id.emplace(outcome.id, outcome);
    return by_id;
  }
  std::vector<Error> delivery_errors() const {
    std::lock_guard<std::mutex> lock(mu_);
    return delivery_errors_;
  }
  std::vector<std::string> log_lines() const {
    std::lock_guard<std::mutex> lock(mu_);
    return log_lines_;
  }

  /// Row S1: the key appears in no log line, outcome error or delivery error.
  void expect_no_key_anywhere() const {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& line : log_lines_) {
      EXPECT_EQ(line.find(kSentinelKey), std::string::npos) << line;
    }
    const auto check = [](const Error& e) {
      EXPECT_EQ(e.message.find(kSentinelKey), std::string::npos) << e.message;
      for (const auto& [field, detail] : e.field_errors) {
        EXPECT_EQ(detail.find(kSentinelKey), std::string::npos) << detail;
      }
    };
    for (const auto& o : outcomes_) check(o.error);
    for (const auto& e : delivery_errors_) check(e);
  }

 private:
  std::size_t count_lines(std::string_view needle) const {
    std::size_t n = 0;
    for (const auto& line : log_lines_) n += line.find(needle) != std::string::npos ? 1 : 0;
    return n;
  }

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Outcome> outcomes_;
  std::vector<Error> delivery_errors_;
  std::vector<std::string> log_lines_;
};

/// Options for fast tests against @p base_url (short timeouts and backoffs).
inline ClientOptions engine_options(const std::string& base_url) {
  ClientOptions options;
  options.api_key = kSentinelKey;
  options.workspace_id = "ws_engine";
  options.base_url = base_url;
  options.connect_timeout = 3000ms;  // the emulator's listen backlog is small: SYN retries
  options.request_timeout = 2000ms;
  options.initial_backoff = 10ms;
  options.max_backoff = 50ms;
  options.max_retry_after = 1500ms;
  options.auth_retry_interval = 300ms;
  options.close_timeout = 1000ms;
  options.max_in_flight = 4;
  return options;
}

inline TrackEvent event(int n) {
  TrackEvent e;
  e.user_id = "user_" + std::to_string(n);
  e.event = "engine_test";
  e.properties = {{"n", n}, {"plan", "pro"}};
  return e;
}

/// A loopback port with nothing listening.
inline int unused_port() { return testing::RawHttpServer::closed_port(); }

class EngineEmulatorTest : public testing::EmulatorFixture {
 protected:
  void TearDown() override {
    recorder_.expect_no_key_anywhere();
    EmulatorFixture::TearDown();
  }

  ClientOptions options() {
    ClientOptions o = engine_options(server_->base_url());
    recorder_.attach(o);
    return o;
  }
  /// Every recorded event's idempotency key, each expected once.
  std::map<std::string, int> recorded_keys() const {
    std::map<std::string, int> keys;
    for (const auto& e : server_->events()) ++keys[e.idempotency_key];
    return keys;
  }

  Recorder recorder_;
};

}  // namespace flameup::engine_test
