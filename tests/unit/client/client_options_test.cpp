#include <chrono>
#include <cstdlib>
#include <functional>
#include <string>

#include <gtest/gtest.h>

#include "flameup/client_options.hpp"

using flameup::ClientOptions;
using flameup::ErrorCode;
using namespace std::chrono;

namespace {

const std::string kSentinel = "ws_test_SENTINEL_SECRET_0123456789abcdef";

ClientOptions good() {
  ClientOptions o;
  o.api_key = kSentinel;
  o.workspace_id = "ws_1";
  return o;
}

// Applies @p change to valid options and returns validate()'s message (checking the code).
std::string problem(const std::function<void(ClientOptions&)>& change) {
  ClientOptions o = good();
  change(o);
  const auto error = flameup::validate(o);
  EXPECT_EQ(error.code, ErrorCode::invalid_options);
  EXPECT_EQ(error.message.find(kSentinel), std::string::npos);
  return error.message;
}

bool starts_with(const std::string& text, const std::string& prefix) {
  return text.rfind(prefix, 0) == 0;
}

}  // namespace

TEST(ValidateOptions, DefaultsWithKeyAndWorkspaceAreValid) {
  EXPECT_FALSE(flameup::validate(good()));
  auto o = good();
  o.base_url = "http://127.0.0.1:8080/api/v1";
  EXPECT_FALSE(flameup::validate(o));
  o.base_url = "http://localhost:1/";
  EXPECT_FALSE(flameup::validate(o));
  o.base_url = "http://[::1]:1/";
  EXPECT_FALSE(flameup::validate(o));
}

TEST(ValidateOptions, ApiKey) {
  EXPECT_EQ(problem([](auto& o) { o.api_key.clear(); }), "api_key: must not be empty");
  for (const std::string& bad : {std::string("\r"), std::string("\n"), std::string(1, '\0'),
                                std::string("\t"), std::string("\x7f")}) {
    const std::string key = kSentinel + bad + "X-Injected: 1";
    EXPECT_EQ(problem([&](auto& o) { o.api_key = key; }),
              "api_key: must not contain control characters (CR, LF, NUL...)");
  }
}

// Only the characters real keys are made of: those are the ones redaction recognises in
// every encoding a server may echo the key in.
TEST(ValidateOptions, ApiKeyCharacters) {
  for (const std::string& bad :
       {std::string(" "), std::string("\""), std::string("\\"), std::string("/"), std::string("+"),
        std::string("="), std::string("%"), std::string(":"), std::string("~"),
        std::string("\xC3\xA9"), std::string("\xFF")}) {
    const std::string key = kSentinel + bad + "tail";
    const std::string message = problem([&](auto& o) { o.api_key = key; });
    EXPECT_EQ(message,
              "api_key: may contain only ASCII letters, digits, '.', '_' and '-' "
              "(keys look like ws_live_..., ws_test_...)")
        << bad;
    EXPECT_EQ(message.find("tail"), std::string::npos);
  }
  for (const std::string& good_key :
       {"ws_live_acme_x1y2." + std::string(64, 'f'),
        std::string("ws_test_local_demo.not-a-secret"), std::string("K")}) {
    auto o = good();
    o.api_key = good_key;
    EXPECT_FALSE(flameup::validate(o)) << good_key;
  }
}

TEST(ValidateOptions, WorkspaceId) {
  EXPECT_EQ(problem([](auto& o) { o.workspace_id.clear(); }), "workspace_id: must not be empty");
  EXPECT_EQ(problem([](auto& o) { o.workspace_id = ".."; }), "workspace_id: must not be '.' or '..'");
  EXPECT_EQ(problem([](auto& o) { o.workspace_id = "."; }), "workspace_id: must not be '.' or '..'");
  EXPECT_TRUE(starts_with(problem([](auto& o) { o.workspace_id = "ws\r\nX: y"; }),
                          "workspace_id: must not contain control characters"));
  EXPECT_TRUE(starts_with(problem([](auto& o) { o.workspace_id = std::string("w\0s", 3); }),
                          "workspace_id: must not contain control characters"));
  auto o = good();
  o.workspace_id = "a/b?c#d";  // encoded, so acceptable
  EXPECT_FALSE(flameup::validate(o));
}

TEST(ValidateOptions, BaseUrl) {
  EXPECT_EQ(problem([](auto& o) { o.base_url = "ftp://x"; }), "base_url: scheme must be https or http");
  EXPECT_EQ(problem([](auto& o) { o.base_url = ""; }), "base_url: must not be empty");
  EXPECT_TRUE(starts_with(problem([](auto& o) { o.base_url = "http://api.flameup.ai/api/v1"; }),
                          "base_url: http:// is only allowed to a loopback host"));
  EXPECT_TRUE(starts_with(problem([](auto& o) { o.base_url = "http://10.1.2.3/"; }),
                          "base_url: http:// is only allowed to a loopback host"));
  // A secret in the URL is never echoed back.
  const std::string with_secret = "https://user:" + kSentinel + "@host/";
  EXPECT_EQ(problem([&](auto& o) { o.base_url = with_secret; }).find(kSentinel), std::string::npos);
}

TEST(ValidateOptions, InsecureHttpAllowedWhenAskedFor) {
  auto o = good();
  o.base_url = "http://api.example.internal/api/v1";
  o.allow_insecure_http = true;
  EXPECT_FALSE(flameup::validate(o));
}

TEST(ValidateOptions, NumericLimits) {
  EXPECT_EQ(problem([](auto& o) { o.connect_timeout = milliseconds(0); }), "connect_timeout: must be > 0");
  EXPECT_EQ(problem([](auto& o) { o.request_timeout = milliseconds(-1); }), "request_timeout: must be > 0");
  EXPECT_EQ(problem([](auto& o) { o.low_speed_limit = -1; }), "low_speed_limit: must be >= 0");
  EXPECT_EQ(problem([](auto& o) { o.low_speed_time = seconds(0); }),
            "low_speed_time: must be > 0 when low_speed_limit is set");
  EXPECT_EQ(problem([](auto& o) { o.max_response_bytes = 0; }), "max_response_bytes: must be > 0");
  EXPECT_EQ(problem([](auto& o) { o.max_event_bytes = 0; }), "max_event_bytes: must be > 0");
  EXPECT_EQ(problem([](auto& o) { o.max_attempts = 0; }), "max_attempts: must be >= 1");
  EXPECT_EQ(problem([](auto& o) { o.initial_backoff = milliseconds(-5); }), "initial_backoff: must be >= 0");
  EXPECT_EQ(problem([](auto& o) { o.max_backoff = milliseconds(-5); }), "max_backoff: must be >= 0");
  EXPECT_EQ(problem([](auto& o) { o.max_retry_after = milliseconds(-5); }), "max_retry_after: must be >= 0");
  EXPECT_EQ(problem([](auto& o) { o.max_queue_events = 0; }), "max_queue_events: must be > 0");
  EXPECT_EQ(problem([](auto& o) { o.max_queue_bytes = 0; }), "max_queue_bytes: must be > 0");
  EXPECT_EQ(problem([](auto& o) { o.max_in_flight = 0; }), "max_in_flight: must be >= 1");
  EXPECT_EQ(problem([](auto& o) { o.max_delivery_attempts = -1; }),
            "max_delivery_attempts: must be >= 0 (0 = unlimited)");
  EXPECT_EQ(problem([](auto& o) { o.max_event_age = milliseconds(0); }), "max_event_age: must be > 0");
  EXPECT_EQ(problem([](auto& o) { o.auth_retry_interval = milliseconds(0); }),
            "auth_retry_interval: must be > 0");
  EXPECT_EQ(problem([](auto& o) { o.close_timeout = milliseconds(-1); }), "close_timeout: must be >= 0");
  EXPECT_EQ(problem([](auto& o) { o.enqueue_block_timeout = milliseconds(-1); }),
            "enqueue_block_timeout: must be >= 0");
  EXPECT_EQ(problem([](auto& o) { o.log_level = static_cast<flameup::LogLevel>(9); }),
            "log_level: not a LogLevel value");
}

TEST(ValidateOptions, HeaderAndPathValues) {
  EXPECT_EQ(problem([](auto& o) { o.user_agent_suffix = "app\r\nX-Evil: 1"; }),
            "user_agent_suffix: must not contain control characters (CR, LF, NUL...)");
  EXPECT_EQ(problem([](auto& o) { o.user_agent_suffix = std::string("a\0b", 3); }),
            "user_agent_suffix: must not contain control characters (CR, LF, NUL...)");
  EXPECT_EQ(problem([](auto& o) { o.proxy = "http://p:3128\n"; }), "proxy: must not contain control characters");
  EXPECT_EQ(problem([](auto& o) { o.ca_file = std::string("/etc/ca\0.pem", 12); }),
            "ca_file: must not contain control characters");
  EXPECT_EQ(problem([](auto& o) { o.ca_path = "/etc/\r"; }), "ca_path: must not contain control characters");
}

TEST(OptionsFromEnv, ReadsTheThreeVariablesWhenSet) {
  setenv("FLAMEUP_API_KEY", kSentinel.c_str(), 1);
  setenv("FLAMEUP_WORKSPACE_ID", "ws_env", 1);
  setenv("FLAMEUP_BASE_URL", "http://127.0.0.1:9/api/v1", 1);
  auto o = ClientOptions::from_env();
  EXPECT_EQ(o.api_key, kSentinel);
  EXPECT_EQ(o.workspace_id, "ws_env");
  EXPECT_EQ(o.base_url, "http://127.0.0.1:9/api/v1");

  setenv("FLAMEUP_BASE_URL", "", 1);  // empty means "not set": keep the default
  unsetenv("FLAMEUP_API_KEY");
  o = ClientOptions::from_env();
  EXPECT_EQ(o.base_url, ClientOptions{}.base_url);
  EXPECT_EQ(o.api_key, "");
  unsetenv("FLAMEUP_WORKSPACE_ID");
  unsetenv("FLAMEUP_BASE_URL");
}
