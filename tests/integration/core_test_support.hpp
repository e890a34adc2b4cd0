#pragma once
// Shared set-up for the core's integration tests: the emulator fixture, options tuned for
// fast tests with quiet logs, and a loopback port nobody listens on.

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "devserver.hpp"
#include "emulator_fixture.hpp"
#include "raw_http_server.hpp"
#include "flameup/flameup.hpp"

namespace flameup::core_test {

using testing::kSentinelKey;

/// An emulator fault answering @p status with the JSON @p body and @p headers, @p count times,
/// to requests of @p route.
inline devserver::Fault status_fault(int status, std::string body, int count = 1,
                                     std::vector<std::pair<std::string, std::string>> headers = {},
                                     devserver::Fault::Route route = devserver::Fault::Route::track) {
  devserver::Fault fault;
  fault.route = route;
  fault.kind = devserver::Fault::Kind::status;
  fault.status = status;
  fault.body = std::move(body);
  fault.count = count;
  fault.headers = std::move(headers);
  fault.headers.emplace_back("Content-Type", "application/json");
  return fault;
}

/// A loopback port with nothing listening.
inline int closed_port() { return testing::RawHttpServer::closed_port(); }

/// Options for talking to @p base_url quickly: short timeouts and backoffs, silent logs.
inline ClientOptions fast_options(const std::string& base_url) {
  ClientOptions options;
  options.api_key = kSentinelKey;
  options.workspace_id = "ws_core";
  options.base_url = base_url;
  // Not shorter: the emulator's listen backlog is small (cpp-httplib's 5), so a burst of
  // connects can see one SYN dropped and retransmitted after 1 s.
  options.connect_timeout = std::chrono::milliseconds(3000);
  options.request_timeout = std::chrono::milliseconds(2000);
  options.initial_backoff = std::chrono::milliseconds(10);
  options.max_backoff = std::chrono::milliseconds(50);
  options.max_retry_after = std::chrono::milliseconds(1500);
  options.log_level = LogLevel::off;
  options.close_timeout = std::chrono::milliseconds(500);
  return options;
}

class EmulatorTest : public testing::EmulatorFixture {
 protected:
  ClientOptions options() const { return fast_options(server_->base_url()); }

  static TrackEvent event(std::string user = "user_1", std::string name = "signed_up") {
    TrackEvent e;
    e.user_id = std::move(user);
    e.event = std::move(name);
    e.properties = {{"plan", "pro"}};
    return e;
  }
};

}  // namespace flameup::core_test
