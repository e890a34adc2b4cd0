#pragma once
// What every integration test against the in-process emulator starts from: the sentinel key
// (sentinel_key.hpp), and a fixture that runs an emulator with rate limiting off for the
// duration of one test.

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "devserver.hpp"
#include "sentinel_key.hpp"

namespace flameup::testing {

class EmulatorFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    devserver::ServerOptions server_options;
    server_options.rate_limit_per_minute = 0;
    server_ = std::make_unique<devserver::Server>(server_options);
    ASSERT_GT(server_->start(), 0);
  }
  void TearDown() override {
    if (server_) {
      server_->clear_faults();
      server_->stop();
    }
  }

  devserver::Server& server() { return *server_; }

  std::unique_ptr<devserver::Server> server_;
};

}  // namespace flameup::testing
