#pragma once
// Shared by the devserver_*_test.cpp files: an emulator started for one test and a plain
// httplib client pointed at it.

#include <chrono>
#include <memory>
#include <string>
#include <utility>

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "devserver.hpp"

namespace flameup::devserver::test {

inline constexpr char kKey[] = "ws_test_SENTINEL_SECRET_0123456789abcdef";
inline constexpr char kTrackPath[] = "/api/v1/workspaces/ws_1/events";

inline httplib::Headers auth_headers(const std::string& key = kKey) {
  return {{"Authorization", "Bearer " + key}};
}

inline std::string event_body(const std::string& user = "user_1",
                              const std::string& event = "signed_up") {
  return nlohmann::json{{"userId", user}, {"event", event}}.dump();
}

inline nlohmann::json json_of(const httplib::Result& res) {
  return nlohmann::json::parse(res->body, nullptr, /*allow_exceptions=*/false);
}

/// An emulator accepting only kKey, no rate limit unless a test asks, plus a client for it.
class EmulatorTest : public ::testing::Test {
 protected:
  void start(ServerOptions options = {}) {
    if (options.api_keys.empty()) options.api_keys = {kKey};
    server_ = std::make_unique<Server>(std::move(options));
    ASSERT_GT(server_->start(), 0);
    client_ = make_client();
  }
  void SetUp() override {
    ServerOptions options;
    options.rate_limit_per_minute = 0;
    start(options);
  }

  std::unique_ptr<httplib::Client> make_client() const {
    auto client = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
    client->set_connection_timeout(std::chrono::seconds(2));
    client->set_read_timeout(std::chrono::seconds(5));
    return client;
  }

  httplib::Result track(const std::string& body = event_body(),
                        httplib::Headers headers = auth_headers(),
                        const std::string& path = kTrackPath) {
    return client_->Post(path.c_str(), headers, body, "application/json");
  }

  std::unique_ptr<Server> server_;
  std::unique_ptr<httplib::Client> client_;
};

}  // namespace flameup::devserver::test
