// Client::track against the in-process emulator: the wire format, every error shape, the
// retry policy, timeouts, and the safety rules (no redirects, no http to remote hosts).

#include <algorithm>
#include <atomic>
#include <map>
#include <chrono>
#include <set>
#include <thread>
#include <vector>

#include "core_test_support.hpp"
#include "wire/event_codec.hpp"

using namespace std::chrono;
using flameup::Client;
using flameup::ErrorCode;
using flameup::core_test::closed_port;
using flameup::core_test::EmulatorTest;
using flameup::core_test::fast_options;
using flameup::core_test::kSentinelKey;
using flameup::core_test::status_fault;
using flameup::devserver::Fault;

namespace {

milliseconds since(steady_clock::time_point start) {
  return duration_cast<milliseconds>(steady_clock::now() - start);
}

}  // namespace

class TrackTest : public EmulatorTest {};

TEST_F(TrackTest, SuccessSendsExactlyTheDocumentedRequest) {
  Client client(options());
  ASSERT_FALSE(client.options_error()) << client.options_error().message;
  auto e = event("user_123", "purchase_completed");
  e.properties = {{"amount", 99.99}};
  e.timestamp = system_clock::time_point(seconds(1735120800)) + milliseconds(123);

  const auto result = client.track(e);
  ASSERT_TRUE(result.ok()) << result.error.message;
  EXPECT_TRUE(result.success);
  EXPECT_EQ(result.http_status, 200);
  EXPECT_EQ(result.attempts, 1);
  EXPECT_EQ(result.error.code, ErrorCode::none);
  EXPECT_EQ(result.event_id.rfind("evt_", 0), 0U) << result.event_id;
  EXPECT_FALSE(result.request_id.empty());  // from X-Request-Id

  const auto requests = server().requests();
  ASSERT_EQ(requests.size(), 1U);
  const auto& request = requests[0];
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.path, "/api/v1/workspaces/ws_core/events");
  EXPECT_EQ(request.body,
            R"({"userId":"user_123","event":"purchase_completed","properties":{"amount":99.99},)"
            R"("timestamp":"2024-12-25T10:00:00.123Z"})");
  EXPECT_EQ(request.authorization_fingerprint,
            flameup::devserver::fingerprint("Bearer " + kSentinelKey));
  EXPECT_EQ(request.content_type, "application/json");
  EXPECT_EQ(request.user_agent, std::string("flameup-cpp/") + FLAMEUP_VERSION_STRING);
  EXPECT_EQ(request.idempotency_key.size(), 36U);

  const auto events = server().events();
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(events[0].id, result.event_id);
  EXPECT_EQ(events[0].user_id, "user_123");
  EXPECT_EQ(events[0].event, "purchase_completed");
  EXPECT_EQ(events[0].timestamp, "2024-12-25T10:00:00.123Z");
  EXPECT_EQ(events[0].idempotency_key, request.idempotency_key);
}

TEST_F(TrackTest, StampsTheTimeOfTheCallWhenNoTimestamp) {
  Client client(options());
  const auto before = system_clock::now();
  ASSERT_TRUE(client.track(event()).ok());
  const auto after = system_clock::now();
  const auto body = nlohmann::json::parse(server().requests().at(0).body);
  const std::string stamp = body.at("timestamp");
  // Fixed-width RFC 3339 UTC strings sort chronologically.
  EXPECT_GE(stamp, flameup::format_timestamp(before));
  EXPECT_LE(stamp, flameup::format_timestamp(after));
}

struct ShapeCase {
  int status;
  std::string body;
  ErrorCode code;
  std::string server_code;
  std::string message;
  std::map<std::string, std::string> fields;
  std::string request_id;
};

TEST_F(TrackTest, EveryDocumentedErrorShapeBecomesTheTypedError) {
  const std::vector<ShapeCase> cases = {
      {400, R"({"success": false, "error": {"type": "INVALID_JSON", "message": "Bad body"}, "request_id": "req_abc123"})",
       ErrorCode::rejected, "INVALID_JSON", "Bad body", {}, "req_abc123"},
      {401, R"({"error": {"code": "unauthorized", "message": "Invalid or missing API key"}})",
       ErrorCode::unauthorized, "unauthorized", "Invalid or missing API key", {}, ""},
      {403, R"({"error": {"code": "forbidden", "message": "Missing events:write"}})",
       ErrorCode::forbidden, "forbidden", "Missing events:write", {}, ""},
      {404, R"({"error": {"code": "not_found", "message": "No such workspace"}})",
       ErrorCode::not_found, "not_found", "No such workspace", {}, ""},
      {409, R"({"error": {"code": "conflict", "message": "Duplicate"}})",
       ErrorCode::conflict, "conflict", "Duplicate", {}, ""},
      {422, R"({"error": {"code": "validation_error", "message": "Validation failed", "details": {"fields": {"userId": "Required field"}}}})",
       ErrorCode::rejected, "validation_error", "Validation failed", {{"userId", "Required field"}}, ""},
      {429, R"({"error": "Rate limit exceeded", "message": "Too many requests. Please try again later."})",
       ErrorCode::rate_limited, "Rate limit exceeded",
       "Rate limit exceeded: Too many requests. Please try again later.", {}, ""},
      {500, "", ErrorCode::server_error, "", "HTTP 500", {}, ""},
      {503, "<html>Service Unavailable</html>", ErrorCode::server_error, "", "HTTP 503", {}, ""},
  };
  auto o = options();
  o.max_attempts = 1;  // one request per shape, even for the retryable ones
  Client client(o);
  for (const auto& c : cases) {
    server().add_fault(status_fault(c.status, c.body));
    const auto result = client.track(event());
    SCOPED_TRACE(c.status);
    EXPECT_FALSE(result.ok());
    EXPECT_EQ(result.http_status, c.status);
    EXPECT_EQ(result.attempts, 1);
    EXPECT_EQ(result.error.code, c.code) << to_string(result.error.code);
    EXPECT_EQ(result.error.server_code, c.server_code);
    EXPECT_EQ(result.error.message, c.message);
    EXPECT_EQ(result.error.field_errors, c.fields);
    if (!c.request_id.empty()) {
      EXPECT_EQ(result.request_id, c.request_id);
    }
  }
  EXPECT_EQ(server().request_count(), cases.size());
  EXPECT_EQ(server().event_count(), 0U);
}

TEST_F(TrackTest, NonRetryableStatusesAreNotRetried) {
  auto o = options();
  o.max_attempts = 5;
  Client client(o);
  for (const int status : {400, 401, 403, 404, 409, 422}) {
    server().add_fault(status_fault(status, "{}"));
    const auto before = server().request_count();
    const auto result = client.track(event());
    EXPECT_EQ(result.attempts, 1) << status;
    EXPECT_EQ(server().request_count(), before + 1) << status;
  }
}

TEST_F(TrackTest, UnauthorizedKeyIsNotRetried) {
  server().stop();
  flameup::devserver::ServerOptions server_options;
  server_options.rate_limit_per_minute = 0;
  server_options.api_keys = {"ws_test_the_only_valid_key"};
  server_ = std::make_unique<flameup::devserver::Server>(server_options);
  ASSERT_GT(server().start(), 0);

  auto o = options();
  o.max_attempts = 5;
  Client client(o);
  const auto result = client.track(event());
  EXPECT_EQ(result.error.code, ErrorCode::unauthorized);
  EXPECT_EQ(result.error.server_code, "unauthorized");
  EXPECT_EQ(result.http_status, 401);
  EXPECT_EQ(result.attempts, 1);
  EXPECT_EQ(server().request_count(), 1U);
  EXPECT_EQ(server().event_count(), 0U);
}

TEST_F(TrackTest, RateLimitedWithRetryAfterThenSuccess) {
  server().add_fault(status_fault(
      429, R"({"error": "Rate limit exceeded", "message": "Too many requests. Please try again later."})",
      1, {{"Retry-After", "1"}}));
  Client client(options());
  const auto start = steady_clock::now();
  const auto result = client.track(event());
  const auto elapsed = since(start);
  ASSERT_TRUE(result.ok()) << result.error.message;
  EXPECT_EQ(result.attempts, 2);
  EXPECT_GE(elapsed, milliseconds(950));  // Retry-After honoured, not the 50 ms backoff
  EXPECT_LT(elapsed, milliseconds(1600));
  const auto requests = server().requests();
  ASSERT_EQ(requests.size(), 2U);
  EXPECT_EQ(requests[0].idempotency_key, requests[1].idempotency_key);
  EXPECT_EQ(server().event_count(), 1U);
}

TEST_F(TrackTest, ServiceUnavailableThenSuccessKeepsTheIdempotencyKey) {
  server().add_fault(status_fault(503, R"({"error": {"code": "unavailable", "message": "down"}})"));
  Client client(options());
  const auto result = client.track(event());
  ASSERT_TRUE(result.ok()) << result.error.message;
  EXPECT_EQ(result.attempts, 2);
  EXPECT_EQ(result.http_status, 200);
  EXPECT_EQ(result.error.code, ErrorCode::none);
  const auto requests = server().requests();
  ASSERT_EQ(requests.size(), 2U);
  EXPECT_EQ(requests[0].idempotency_key, requests[1].idempotency_key);
  EXPECT_EQ(requests[0].body, requests[1].body);
  EXPECT_EQ(server().event_count(), 1U);
}

TEST_F(TrackTest, RetriesExhausted) {
  server().add_fault(status_fault(503, "", -1));
  auto o = options();
  o.max_attempts = 3;
  Client client(o);
  const auto result = client.track(event());
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(result.attempts, 3);
  EXPECT_EQ(result.error.code, ErrorCode::server_error);
  EXPECT_EQ(result.http_status, 503);
  EXPECT_EQ(server().request_count(), 3U);
}

TEST_F(TrackTest, StalledServerTimesOutWithinTheRequestTimeout) {
  Fault stall;
  stall.kind = Fault::Kind::stall;
  stall.count = -1;
  server().add_fault(stall);
  auto o = options();
  o.request_timeout = milliseconds(300);
  o.max_attempts = 1;
  Client client(o);
  const auto start = steady_clock::now();
  const auto result = client.track(event());
  const auto elapsed = since(start);
  EXPECT_EQ(result.error.code, ErrorCode::timeout) << result.error.message;
  EXPECT_EQ(result.http_status, 0);
  EXPECT_EQ(result.attempts, 1);
  EXPECT_GE(elapsed, milliseconds(250));
  EXPECT_LT(elapsed, milliseconds(1500));
}

TEST_F(TrackTest, ConnectionRefusedFailsFastAsNetworkError) {
  const int port = closed_port();
  ASSERT_GT(port, 0);
  auto o = fast_options("http://127.0.0.1:" + std::to_string(port) + "/api/v1");
  o.max_attempts = 2;
  Client client(o);
  const auto start = steady_clock::now();
  const auto result = client.track(event());
  EXPECT_EQ(result.error.code, ErrorCode::network) << result.error.message;
  EXPECT_EQ(result.attempts, 2);
  EXPECT_EQ(result.http_status, 0);
  EXPECT_LT(since(start), milliseconds(1000));
}

TEST_F(TrackTest, HugeResponseIsCappedThenRetried) {
  Fault huge;
  huge.kind = Fault::Kind::huge_body;
  huge.body_bytes = 0;  // endless
  server().add_fault(huge);
  auto o = options();
  o.max_response_bytes = 4096;
  Client client(o);
  const auto result = client.track(event());
  ASSERT_TRUE(result.ok()) << result.error.message;
  EXPECT_EQ(result.attempts, 2);
  EXPECT_EQ(server().event_count(), 1U);

  o.max_attempts = 1;
  Client one_shot(o);
  server().add_fault(huge);
  const auto capped = one_shot.track(event());
  EXPECT_EQ(capped.error.code, ErrorCode::response_too_large) << capped.error.message;
}

TEST_F(TrackTest, InvalidEventSendsNothing) {
  Client client(options());
  auto e = event();
  e.user_id.clear();
  const auto result = client.track(e);
  EXPECT_EQ(result.error.code, ErrorCode::invalid_event);
  EXPECT_EQ(result.error.message, "user_id: must not be empty");
  EXPECT_EQ(result.attempts, 0);
  e = event();
  e.properties = nlohmann::json::array({1, 2});
  EXPECT_EQ(client.track(e).error.message, "properties: must be a JSON object");
  EXPECT_EQ(server().request_count(), 0U);
}

TEST_F(TrackTest, HttpToARemoteHostIsRefusedBeforeAnyIo) {
  auto o = options();
  o.base_url = "http://api.flameup.ai/api/v1";
  Client client(o);
  EXPECT_EQ(client.options_error().code, ErrorCode::invalid_options);
  const auto start = steady_clock::now();
  const auto result = client.track(event());
  EXPECT_EQ(result.error.code, ErrorCode::invalid_options);
  EXPECT_EQ(result.error.message, client.options_error().message);
  EXPECT_EQ(result.attempts, 0);
  EXPECT_LT(since(start), milliseconds(50));  // no DNS lookup, no connect
}

// Spellings a resolver turns into 127.0.0.1 are not loopback to the SDK: a name can resolve
// anywhere, so http:// to them needs allow_insecure_http like any remote host.
TEST_F(TrackTest, HttpToALoopbackLookalikeIsRefusedBeforeAnyIo) {
  const std::string port = std::to_string(server().port());
  for (const std::string host : {"127.0.0.1.", "127.1", "2130706433", "0x7f.1",
                                 "localhost.evil.com", "127.0.0.1.nip.io", "[::ffff:127.0.0.1]"}) {
    SCOPED_TRACE(host);
    auto o = options();
    o.base_url = "http://" + host + ":" + port + "/api/v1";
    Client client(o);
    EXPECT_EQ(client.options_error().code, ErrorCode::invalid_options);
    EXPECT_EQ(client.track(event()).error.code, ErrorCode::invalid_options);
  }
  EXPECT_EQ(server().request_count(), 0U);
}

TEST_F(TrackTest, WorkspaceIdIsOnePercentEncodedSegment) {
  auto o = options();
  o.workspace_id = "team/a?b#c d";
  Client client(o);
  const auto result = client.track(event());
  ASSERT_TRUE(result.ok()) << result.error.message;
  EXPECT_EQ(server().requests().at(0).path, "/api/v1/workspaces/team%2Fa%3Fb%23c%20d/events");
  EXPECT_EQ(server().events().at(0).workspace_id, "team/a?b#c d");
}

TEST_F(TrackTest, RedirectsAreNeverFollowed) {
  flameup::devserver::ServerOptions other_options;
  other_options.rate_limit_per_minute = 0;
  flameup::devserver::Server other(other_options);
  ASSERT_GT(other.start(), 0);
  Fault redirect;
  redirect.kind = Fault::Kind::redirect;
  redirect.location = other.base_url() + "/workspaces/ws_core/events";
  server().add_fault(redirect);

  auto o = options();
  o.max_attempts = 3;
  Client client(o);
  const auto result = client.track(event());
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(result.http_status, 302);
  EXPECT_EQ(result.error.code, ErrorCode::unexpected_response);
  EXPECT_EQ(result.attempts, 1);
  EXPECT_EQ(other.request_count(), 0U);
  other.stop();
}

TEST_F(TrackTest, ManyThreadsOnOneClientAreAllRecordedExactlyOnce) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 500;
  Client client(options());
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const auto result =
            client.track(event("user_" + std::to_string(t), "e_" + std::to_string(i)));
        if (!result.ok()) failures.fetch_add(1);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(server().event_count(), static_cast<std::size_t>(kThreads * kPerThread));
  std::set<std::pair<std::string, std::string>> distinct;
  for (const auto& recorded : server().events()) distinct.emplace(recorded.user_id, recorded.event);
  EXPECT_EQ(distinct.size(), static_cast<std::size_t>(kThreads * kPerThread));
}

TEST_F(TrackTest, MovedFromClientReportsClosed) {
  Client first(options());
  Client second(std::move(first));
  EXPECT_TRUE(second.track(event()).ok());
  // NOLINTNEXTLINE(bugprone-use-after-move): the documented moved-from state
  const auto result = first.track(event());
  EXPECT_EQ(result.error.code, ErrorCode::closed);
  EXPECT_EQ(server().request_count(), 1U);
}
