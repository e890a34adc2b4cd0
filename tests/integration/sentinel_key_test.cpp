// Row S1 of docs/reliability.md: with a recognisable key, drive the client through every error path
// and check the key shows up in no log line, error message, server code or field detail.

#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core_test_support.hpp"
#include "key_echo_server.hpp"
#include "key_spellings.hpp"
#include "text/printable_text.hpp"

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
  o.request_timeout = std::chrono::seconds(10);  // only the stall below may time out
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
  auto impatient = o;
  impatient.request_timeout = milliseconds(200);
  results.emplace_back("timeout", Client(impatient).track(event()));
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

// ---------------------------------------------------------------------------------------
// A server that echoes the key back in every body field it has, in every spelling of
// key_spellings(): none of it reaches a result, an outcome, a delivery error, stats() or a
// log line, and each echo shows as [redacted] (seen, not merely lost). The emulator sends
// its own X-Request-Id first: echoes in that header are the KeyEchoServer tests' below.
// ---------------------------------------------------------------------------------------

namespace {

using flameup::Error;
using flameup::Outcome;
using flameup::testing::cut_part_of;
using flameup::testing::find_key_leak;
using flameup::testing::json_escaped;
using flameup::testing::key_spellings;
using flameup::testing::KeySpelling;
using Json = nlohmann::json;

std::string all_text(const Error& error) {
  std::string text = error.message + "\n" + error.server_code + "\n";
  for (const auto& [field, detail] : error.field_errors) text += field + ": " + detail + "\n";
  return text;
}

std::string all_text(const TrackResult& result) {
  return all_text(result.error) + result.event_id + "\n" + result.request_id;
}

std::string all_text(const Outcome& outcome) {
  return all_text(outcome.error) + outcome.event_id + "\n" + outcome.id;
}

// Each body shape of the API, every string in it the echoed key (@p s).
struct Echo {
  std::string name;
  int status;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

std::vector<Echo> echoes(const std::string& s) {
  const Json fields = {{s, s}, {"userId", Json::array({s, {{"nested", s}}})}};
  return {
      {"error object",
       400,
       Json{
           {"success", false},
           {"error", {{"code", s}, {"message", "bad key " + s}, {"details", {{"fields", fields}}}}},
           {"request_id", s}}
           .dump(),
       {}},
      {"error object with type",
       401,
       Json{{"error", {{"type", s}, {"message", s}, {"request_id", s}}}}.dump(),
       {}},
      {"error string", 429, Json{{"error", s}, {"message", s}}.dump(), {{"Retry-After", "0"}}},
      {"message only", 503, Json{{"message", s}}.dump(), {}},
      // The same, every character a JSON \u escape: a JSON parser must decode it first.
      {"JSON-escaped",
       422,
       R"({"error": {"code": ")" + json_escaped(s) + R"(", "message": ")" + json_escaped(s) +
           R"(", "details": {"fields": {")" + json_escaped(s) + R"(": ")" + json_escaped(s) +
           R"("}}}})",
       {}},
      {"details without fields",
       400,
       Json{{"error", {{"code", "x"}, {"message", "y"}, {"details", fields}}}}.dump(),
       {}},
  };
}

Echo success_echo(const std::string& s) {
  return {"2xx", 201, Json{{"success", true}, {"event_id", s}, {"request_id", s}}.dump(), {}};
}

flameup::TrackEvent event_for_echo() {
  flameup::TrackEvent e;
  e.user_id = "user_1";
  e.event = "signed_up";
  return e;
}

Fault fault_of(const Echo& echo) {
  return fault(Fault::Kind::status, echo.status, echo.body, echo.headers);
}

}  // namespace

TEST_F(SentinelKeyTest, EchoedInEveryFieldAndSpellingThroughTrack) {
  LogCapture capture;
  auto o = options();
  o.log_level = LogLevel::debug;
  o.logger = capture.callback();
  o.max_attempts = 1;
  Client client(o);
  for (const KeySpelling& spelling : key_spellings(kSentinelKey)) {
    std::vector<Echo> all = echoes(spelling.text);
    all.push_back(success_echo(spelling.text));
    for (const Echo& echo : all) {
      server().clear_faults();
      server().add_fault(fault_of(echo));
      const TrackResult result = client.track(event());
      const std::string where = spelling.name + ", " + echo.name;
      ASSERT_EQ(result.http_status, echo.status) << where;
      const std::string text = all_text(result);
      EXPECT_EQ(find_key_leak(text, kSentinelKey), "") << where << ":\n" << text;
      EXPECT_NE(text.find("[redacted]"), std::string::npos) << where << ":\n" << text;
    }
  }
  server().clear_faults();
  for (const auto& line : capture.lines()) {
    EXPECT_EQ(find_key_leak(line, kSentinelKey), "") << line;
  }
}

// The server's message is cut to 1 KiB: with the key across the cut at every offset, the key
// is redacted before the cut (seen whole), and nothing of it is left at the cut.
TEST_F(SentinelKeyTest, KeyAcrossTheCutOfALongMessageThroughTrack) {
  auto o = options();
  o.max_attempts = 1;
  Client client(o);
  for (std::size_t kept = 0; kept <= kSentinelKey.size(); ++kept) {
    std::string filler;
    while (filler.size() < 1024 - kept) filler += filler.size() % 8 == 7 ? ' ' : 'f';
    filler.back() = ' ';
    const std::string message = filler + kSentinelKey + " and the rest";
    server().clear_faults();
    server().add_fault(fault(Fault::Kind::status, 400, Json{{"message", message}}.dump()));
    const TrackResult result = client.track(event());
    ASSERT_EQ(result.http_status, 400);
    const std::string& shown = result.error.message;
    EXPECT_EQ(find_key_leak(shown, kSentinelKey), "") << kept;
    EXPECT_EQ(cut_part_of(shown, kSentinelKey), "") << kept << ": ..." << shown.substr(1000);
    EXPECT_LE(shown.size(), 1024U + 3U);
    if (kept >= 10) {
      EXPECT_NE(shown.find("[redacted]"), std::string::npos) << kept;
    }
  }
  server().clear_faults();
}

// Per spelling, one event meets 503, 429, 401 and then 422 (rejected), all echoing the key;
// a second one is delivered with the key as its event id.
TEST_F(SentinelKeyTest, EchoedInEveryFieldAndSpellingThroughEnqueue) {
  LogCapture capture;
  std::mutex mu;
  std::vector<Outcome> outcomes;
  std::vector<std::string> reported;  // on_delivery_error, and stats() seen from it
  const Client* client_seen = nullptr;
  auto o = options();
  o.log_level = LogLevel::debug;
  o.logger = capture.callback();
  o.max_in_flight = 1;
  o.auth_retry_interval = milliseconds(20);
  o.on_outcome = [&](const Outcome& outcome) {
    std::lock_guard<std::mutex> lock(mu);
    outcomes.push_back(outcome);
  };
  o.on_delivery_error = [&](const Error& error) {
    std::lock_guard<std::mutex> lock(mu);
    reported.push_back(all_text(error) + "\n" + all_text(client_seen->stats().last_error));
  };
  Client client(o);
  {
    std::lock_guard<std::mutex> lock(mu);
    client_seen = &client;
  }
  std::vector<std::string> last_errors;
  for (const KeySpelling& spelling : key_spellings(kSentinelKey)) {
    const std::vector<Echo> all = echoes(spelling.text);
    server().clear_faults();
    for (const std::size_t i : {3, 2, 1, 4}) server().add_fault(fault_of(all[i]));  // 503 ... 422
    server().add_fault(fault_of(success_echo(spelling.text)));
    ASSERT_TRUE(client.enqueue(event()).accepted());
    ASSERT_TRUE(client.flush(seconds(20))) << spelling.name;
    last_errors.push_back(all_text(client.stats().last_error));
    ASSERT_TRUE(client.enqueue(event()).accepted());
    ASSERT_TRUE(client.flush(seconds(20))) << spelling.name;
  }
  server().clear_faults();
  client.close(seconds(5));

  const std::size_t n = key_spellings(kSentinelKey).size();
  std::lock_guard<std::mutex> lock(mu);
  ASSERT_EQ(outcomes.size(), 2 * n);
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    const auto& outcome = outcomes[i];
    EXPECT_EQ(outcome.kind,
              i % 2 == 0 ? flameup::OutcomeKind::rejected : flameup::OutcomeKind::delivered)
        << i;
    const std::string text = all_text(outcome);
    EXPECT_EQ(find_key_leak(text, kSentinelKey), "") << text;
    EXPECT_NE(text.find("[redacted]"), std::string::npos) << text;
  }
  // Auth pauses and rate limiting, each reported once per spelling.
  EXPECT_GE(reported.size(), 2 * n);
  for (const auto& text : reported) {
    EXPECT_EQ(find_key_leak(text, kSentinelKey), "") << text;
    EXPECT_NE(text.find("[redacted]"), std::string::npos) << text;
  }
  ASSERT_EQ(last_errors.size(), n);
  for (const auto& text : last_errors) {
    EXPECT_EQ(find_key_leak(text, kSentinelKey), "") << text;
    EXPECT_NE(text.find("[redacted]"), std::string::npos) << text;
  }
  // The 503's debug line carries the server's message: redacted too.
  const auto lines = capture.lines();
  std::size_t retry_lines = 0;
  for (const auto& line : lines) {
    EXPECT_EQ(find_key_leak(line, kSentinelKey), "") << line;
    if (line.find("failed (server_error: [redacted]") != std::string::npos) ++retry_lines;
  }
  EXPECT_EQ(retry_lines, n);
}

// ---------------------------------------------------------------------------------------
// A server that echoes the key it received, in the X-Request-Id header too, next to a forged
// log line and terminal escapes: results, outcomes and every log line (stderr or callback)
// stay key-free, printable, one line each.
// ---------------------------------------------------------------------------------------

namespace {

using flameup::detail::is_printable_text;
using flameup::testing::KeyEchoServer;

bool all_printable(const Error& error) {
  bool printable = is_printable_text(error.message) && is_printable_text(error.server_code);
  for (const auto& [field, detail] : error.field_errors) {
    printable = printable && is_printable_text(field) && is_printable_text(detail);
  }
  return printable;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1) {
    lines.push_back(text.substr(start, end - start));
  }
  if (start < text.size()) lines.push_back(text.substr(start));
  return lines;
}

}  // namespace

TEST(SentinelKeyEcho, TrackAndTheStderrLogger) {
  KeyEchoServer echo;
  ASSERT_GT(echo.port(), 0);
  auto o = fast_options(echo.base_url());
  o.log_level = LogLevel::debug;  // no logger: lines go to stderr
  const std::size_t n = key_spellings(kSentinelKey).size();
  ::testing::internal::CaptureStderr();
  std::vector<TrackResult> results;
  {
    Client client(o);
    for (std::size_t i = 0; i < n; ++i) results.push_back(client.track(event_for_echo()));
  }
  const std::string err = ::testing::internal::GetCapturedStderr();
  ASSERT_EQ(echo.requests(), n);
  for (const auto& result : results) {
    ASSERT_EQ(result.http_status, 400);
    const std::string text = all_text(result);
    EXPECT_EQ(find_key_leak(text, kSentinelKey), "") << text;
    EXPECT_EQ(result.request_id.rfind("[redacted]\\x1b[31m\\xff", 0), 0U) << result.request_id;
    EXPECT_NE(result.error.server_code.find("[redacted]"), std::string::npos);
    EXPECT_TRUE(all_printable(result.error)) << text;
    EXPECT_NE(result.error.message.find("\\r\\nflameup [error] forged line\\x1b[2J"),
              std::string::npos)
        << result.error.message;
  }
  const auto lines = split_lines(err);
  std::size_t attempt_lines = 0;
  for (const auto& line : lines) {
    EXPECT_EQ(line.rfind("flameup [", 0), 0U) << line;
    EXPECT_NE(line.rfind("flameup [error] forged", 0), 0U) << line;
    EXPECT_TRUE(is_printable_text(line)) << line;
    EXPECT_EQ(find_key_leak(line, kSentinelKey), "") << line;
    if (line.find("track attempt 1: HTTP 400 (rejected): bad key [redacted]") !=
        std::string::npos) {
      ++attempt_lines;
    }
  }
  EXPECT_EQ(attempt_lines, n);
}

TEST(SentinelKeyEcho, EnqueueOutcomesStatsAndTheCallbackLogger) {
  KeyEchoServer echo;
  ASSERT_GT(echo.port(), 0);
  LogCapture capture;
  std::mutex mu;
  std::vector<Outcome> outcomes;
  auto o = fast_options(echo.base_url());
  o.log_level = LogLevel::debug;
  o.logger = capture.callback();
  o.max_in_flight = 1;
  o.on_outcome = [&](const Outcome& outcome) {
    std::lock_guard<std::mutex> lock(mu);
    outcomes.push_back(outcome);
  };
  const std::size_t n = key_spellings(kSentinelKey).size();
  Client client(o);
  std::vector<Error> last_errors;
  for (const int status : {422, 200}) {
    echo.set_track_status(status);
    for (std::size_t i = 0; i < n; ++i) {
      ASSERT_TRUE(client.enqueue(event_for_echo()).accepted());
      ASSERT_TRUE(client.flush(seconds(20)));
      last_errors.push_back(client.stats().last_error);
    }
  }
  client.close(seconds(5));
  std::lock_guard<std::mutex> lock(mu);
  ASSERT_EQ(outcomes.size(), 2 * n);
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    const Outcome& outcome = outcomes[i];
    const std::string text = all_text(outcome);
    EXPECT_EQ(find_key_leak(text, kSentinelKey), "") << text;
    EXPECT_TRUE(all_printable(outcome.error) && is_printable_text(outcome.event_id)) << text;
    if (i < n) {
      EXPECT_EQ(outcome.kind, flameup::OutcomeKind::rejected);
      EXPECT_NE(outcome.error.message.find("bad key [redacted]\\r\\n"), std::string::npos) << text;
    } else {
      EXPECT_EQ(outcome.kind, flameup::OutcomeKind::delivered);
      EXPECT_EQ(outcome.event_id, "[redacted]");
    }
  }
  for (const auto& error : last_errors) {
    EXPECT_EQ(find_key_leak(all_text(error), kSentinelKey), "");
    EXPECT_TRUE(all_printable(error)) << all_text(error);
    EXPECT_NE(error.server_code.find("[redacted]"), std::string::npos);
  }
  for (const auto& line : capture.lines()) {
    EXPECT_TRUE(is_printable_text(line)) << line;
    EXPECT_EQ(find_key_leak(line, kSentinelKey), "") << line;
  }
}
