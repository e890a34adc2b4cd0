#pragma once
// Shared set-up for the core's integration tests: an in-process emulator with rate limiting
// off and quiet logs, options tuned for fast tests, and a loopback port nobody listens on.

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>

#include <gtest/gtest.h>

#include "devserver.hpp"
#include "flameup/flameup.hpp"

namespace flameup::core_test {

inline const std::string kSentinelKey = "ws_test_SENTINEL_SECRET_0123456789abcdef";

/// A loopback port with nothing listening (bound, read, closed).
inline int closed_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ::close(fd);
    return -1;
  }
  ::close(fd);
  return ntohs(address.sin_port);
}

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

class EmulatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    devserver::ServerOptions server_options;
    server_options.rate_limit_per_minute = 0;
    server_ = std::make_unique<devserver::Server>(server_options);
    ASSERT_GT(server_->start(), 0);
  }
  void TearDown() override {
    server_->clear_faults();
    server_->stop();
  }

  devserver::Server& server() { return *server_; }
  ClientOptions options() const { return fast_options(server_->base_url()); }

  static TrackEvent event(std::string user = "user_1", std::string name = "signed_up") {
    TrackEvent e;
    e.user_id = std::move(user);
    e.event = std::move(name);
    e.properties = {{"plan", "pro"}};
    return e;
  }

  std::unique_ptr<devserver::Server> server_;
};

}  // namespace flameup::core_test
