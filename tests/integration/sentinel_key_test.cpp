// Row S1 of faults.md: with a recognisable key, drive the client through every error path
// and check the key shows up in no log line, error message, server code or field detail.

#include <mutex>
#include <string>
#include <vector>

#include "core_test_support.hpp"

using namespace std::chrono;
using flameup::Client;
using flameup::ErrorCode;
using flameup::LogLevel;
using flameup::TrackResult;
using flameup::core_test::closed_port;
using flameup::core_test::EmulatorTest;
using flameup::core_test::fast_options;
using flameup::core_test::kSentinelKey;
using flameup::devserver::Fault;

namespace {

class LogCapture {
 public:
  flameup::LogCallback callback() {
    return [this](LogLevel, std::string_view message) {
      std::lock_guard<std::mutex> lock(mutex_);
      lines_.emplace_back(message);
    };
  }
  std::vector<std::string> lines() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return lines_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> lines_;
};

void expect_no_key(const flameup::Error& error, const std::string& where) {
  EXPECT_EQ(error.message.find(kSentinelKey), std::string::npos) << where << ": " << error.message;
  EXPECT_EQ(error.server_code.find(kSentinelKey), std::string::npos) << where;
  for (const auto& [field, detail] : error.field_errors) {
    EXPECT_EQ(field.find(kSentinelKey), std::string::npos) << where;
    EXPECT_EQ(detail.find(kSentinelKey), std::string::npos) << where;
  }
}

Fault fault(Fault::Kind kind, int status = 0, std::string body = {},
            std::vector<std::pair<std::string, std::string>> headers = {}) {
  Fault f;
  f.kind = kind;
  f.status = status;
  f.body = std::move(body);
  f.headers = std::move(headers);
  return f;
}

}  // namespace

class SentinelKeyTest : public EmulatorTest {};

TEST_F(SentinelKeyTest, KeyNeverAppearsInLogsOrErrors) {
  LogCapture capture;
  auto o = options();
  o.log_level = LogLevel::debug;
  o.logger = capture.callback();
  o.max_attempts = 2;
  o.request_timeout = milliseconds(200);
  Client client(o);
  std::vector<std::pair<std::string, TrackResult>> results;

  // A hostile server echoing the Authorization header must not smuggle the key into results.
  const std::string echo = R"({"error": {"code": "Bearer )" + kSentinelKey +
                           R"(", "message": "bad key )" + kSentinelKey +
                           R"(", "details": {"fields": {")" + kSentinelKey + R"(": ")" +
                           kSentinelKey + R"("}}}})";
  const std::vector<std::pair<std::string, Fault>> server_faults = {
      {"401", fault(Fault::Kind::status, 401,
                    R"({"error": {"code": "unauthorized", "message": "Invalid or missing API key"}})")},
      {"422", fault(Fault::Kind::status, 422,
                    R"({"error": {"code": "validation_error", "message": "Validation failed", "details": {"fields": {"userId": "Required field"}}}})")},
      {"429", fault(Fault::Kind::status, 429, R"({"error": "Rate limit exceeded", "message": "slow down"})",
                    {{"Retry-After", "0"}})},
      {"503", fault(Fault::Kind::status, 503, "")},
      {"echo", fault(Fault::Kind::status, 400, echo)},
  };
  for (const auto& [name, f] : server_faults) {
    Fault repeated = f;
    repeated.count = 2;  // both attempts of retryable ones
    server().clear_faults();
    server().add_fault(repeated);
    results.emplace_back(name, client.track(event()));
  }
  server().clear_faults();
  Fault stall = fault(Fault::Kind::stall);
  stall.count = -1;
  server().add_fault(stall);
  results.emplace_back("timeout", client.track(event()));
  server().clear_faults();

  auto bad_event = event();
  bad_event.user_id = std::string(300, 'x');
  results.emplace_back("invalid event", client.track(bad_event));

  auto refused = fast_options("http://127.0.0.1:" + std::to_string(closed_port()) + "/api/v1");
  refused.log_level = LogLevel::debug;
  refused.logger = capture.callback();
  results.emplace_back("refused", Client(refused).track(event()));

  auto invalid = refused;
  invalid.base_url = "http://example.com/api/v1";
  results.emplace_back("invalid options (remote http)", Client(invalid).track(event()));
  invalid = refused;
  invalid.api_key = kSentinelKey + "\r\nX-Injected: yes";
  results.emplace_back("invalid options (CRLF key)", Client(invalid).track(event()));

  // Every path really failed the way it should (so the scan below covers real error text).
  const std::vector<ErrorCode> expected = {
      ErrorCode::unauthorized, ErrorCode::rejected,      ErrorCode::rate_limited,
      ErrorCode::server_error, ErrorCode::rejected,      ErrorCode::timeout,
      ErrorCode::invalid_event, ErrorCode::network,      ErrorCode::invalid_options,
      ErrorCode::invalid_options};
  ASSERT_EQ(results.size(), expected.size());
  for (std::size_t i = 0; i < results.size(); ++i) {
    EXPECT_EQ(results[i].second.error.code, expected[i]) << results[i].first;
    expect_no_key(results[i].second.error, results[i].first);
    EXPECT_EQ(results[i].second.request_id.find(kSentinelKey), std::string::npos);
  }
  // The echo really carried the key, and it was redacted rather than dropped silently.
  EXPECT_NE(results[4].second.error.message.find("[redacted]"), std::string::npos);

  const auto lines = capture.lines();
  EXPECT_GE(lines.size(), results.size());  // debug logging really happened
  for (const auto& line : lines) {
    EXPECT_EQ(line.find(kSentinelKey), std::string::npos) << line;
    EXPECT_EQ(line.find("SENTINEL"), std::string::npos) << line;
  }
}
