// Client::list_events against the in-process emulator (filters, paging, errors, retries) and
// against a server that echoes the key back.

#include <chrono>
#include <string>
#include <vector>

#include "core_test_support.hpp"
#include "key_echo_server.hpp"
#include "key_spellings.hpp"

using namespace std::chrono;
using flameup::Client;
using flameup::ErrorCode;
using flameup::EventQuery;
using flameup::ListResult;
using flameup::core_test::closed_port;
using flameup::core_test::EmulatorTest;
using flameup::core_test::fast_options;
using flameup::core_test::kSentinelKey;
using flameup::core_test::status_fault;

namespace {

const system_clock::time_point kT0 = system_clock::time_point(seconds(1735120800));

// Faults for the list route.
flameup::devserver::Fault list_fault(int status, std::string body,
                                     std::vector<std::pair<std::string, std::string>> headers = {}) {
  return status_fault(status, std::move(body), 1, std::move(headers),
                      flameup::devserver::Fault::Route::list);
}

std::vector<std::string> users_of(const ListResult& result) {
  std::vector<std::string> users;
  for (const auto& event : result.events) users.push_back(event.user_id);
  return users;
}

}  // namespace

class ListEventsTest : public EmulatorTest {
 protected:
  // Records u1/a at kT0, u2/b at kT0 + 1 h and u1/b at kT0 + 2 h, in that order.
  void record_three(Client& client) {
    const char* const rows[][2] = {{"u1", "a"}, {"u2", "b"}, {"u1", "b"}};
    for (int i = 0; i < 3; ++i) {
      auto e = event(rows[i][0], rows[i][1]);
      e.timestamp = kT0 + hours(i);
      ASSERT_TRUE(client.track(e).ok()) << i;
    }
  }
};

TEST_F(ListEventsTest, ReturnsTypedEventsAndTheTotal) {
  Client client(options());
  record_three(client);
  const ListResult result = client.list_events(EventQuery{});
  ASSERT_TRUE(result.ok()) << result.error.message;
  EXPECT_EQ(result.http_status, 200);
  EXPECT_EQ(result.attempts, 1);
  EXPECT_FALSE(result.request_id.empty());
  EXPECT_EQ(result.total, 3);
  ASSERT_EQ(users_of(result), (std::vector<std::string>{"u1", "u2", "u1"}));
  const auto& first = result.events[0];
  EXPECT_EQ(first.id.rfind("evt_", 0), 0U) << first.id;
  EXPECT_EQ(first.workspace_id, "ws_core");
  EXPECT_EQ(first.event, "a");
  EXPECT_EQ(first.properties, nlohmann::json({{"plan", "pro"}}));
  EXPECT_EQ(first.timestamp, kT0);
  ASSERT_TRUE(first.created_at);
  EXPECT_LT(system_clock::now() - *first.created_at, minutes(5));
}

TEST_F(ListEventsTest, FiltersByUserEventAndTime) {
  Client client(options());
  record_three(client);
  EventQuery query;
  query.user_id = "u1";
  EXPECT_EQ(client.list_events(query).total, 2);
  query = EventQuery{};
  query.event = "b";
  EXPECT_EQ(users_of(client.list_events(query)), (std::vector<std::string>{"u2", "u1"}));
  query = EventQuery{};
  query.since = kT0 + hours(1);
  EXPECT_EQ(users_of(client.list_events(query)), (std::vector<std::string>{"u2", "u1"}));
  query.until = kT0 + hours(1);
  EXPECT_EQ(users_of(client.list_events(query)), (std::vector<std::string>{"u2"}));
  query = EventQuery{};
  query.user_id = "nobody & co";
  const ListResult none = client.list_events(query);
  ASSERT_TRUE(none.ok()) << none.error.message;
  EXPECT_EQ(none.total, 0);
  EXPECT_TRUE(none.events.empty());
}

TEST_F(ListEventsTest, PagesWithLimitAndOffset) {
  Client client(options());
  record_three(client);
  EventQuery query;
  query.limit = 2;
  const ListResult first = client.list_events(query);
  EXPECT_EQ(first.total, 3);
  EXPECT_EQ(users_of(first), (std::vector<std::string>{"u1", "u2"}));
  query.offset = 2;
  const ListResult second = client.list_events(query);
  EXPECT_EQ(second.total, 3);
  ASSERT_EQ(second.events.size(), 1U);
  EXPECT_EQ(second.events[0].event, "b");
  EXPECT_EQ(second.events[0].user_id, "u1");
}

// One thread's calls reuse one pooled handle: a GET after a POST must not resend the POST's
// body (the emulator would record it again), and a POST after a GET must send its body.
TEST_F(ListEventsTest, APooledHandleSwitchesBetweenPostAndGet) {
  Client client(options());
  for (int round = 1; round <= 3; ++round) {
    ASSERT_TRUE(client.track(event("u" + std::to_string(round))).ok()) << round;
    const ListResult result = client.list_events(EventQuery{});
    ASSERT_TRUE(result.ok()) << result.error.message;
    EXPECT_EQ(result.total, round);
  }
  EXPECT_EQ(server().events().size(), 3U);
}

TEST_F(ListEventsTest, UnauthorizedIsNotRetried) {
  flameup::devserver::ServerOptions server_options;
  server_options.api_keys = {"ws_test_another_key"};
  flameup::devserver::Server strict(server_options);
  ASSERT_GT(strict.start(), 0);
  Client client(fast_options(strict.base_url()));
  const ListResult result = client.list_events(EventQuery{});
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(result.error.code, ErrorCode::unauthorized) << result.error.message;
  EXPECT_EQ(result.http_status, 401);
  EXPECT_EQ(result.attempts, 1);
  strict.stop();
}

TEST_F(ListEventsTest, ValidationErrorCarriesTheFieldDetails) {
  server().add_fault(list_fault(
      422, R"({"error": {"code": "validation_error", "message": "Validation failed",
               "details": {"fields": {"since": "Must be an RFC 3339 date-time"}}}})"));
  Client client(options());
  const ListResult result = client.list_events(EventQuery{});
  EXPECT_EQ(result.error.code, ErrorCode::rejected);
  EXPECT_EQ(result.http_status, 422);
  EXPECT_EQ(result.attempts, 1);
  EXPECT_EQ(result.error.server_code, "validation_error");
  EXPECT_EQ(result.error.message, "Validation failed");
  EXPECT_EQ(result.error.field_errors,
            (std::map<std::string, std::string>{{"since", "Must be an RFC 3339 date-time"}}));
}

TEST_F(ListEventsTest, ServiceUnavailableThenSuccessIsRetried) {
  server().add_fault(list_fault(503, R"({"error": {"code": "unavailable"}})"));
  Client client(options());
  const ListResult result = client.list_events(EventQuery{});
  ASSERT_TRUE(result.ok()) << result.error.message;
  EXPECT_EQ(result.attempts, 2);
  EXPECT_EQ(result.total, 0);
}

TEST_F(ListEventsTest, RateLimitedWaitsForRetryAfter) {
  server().add_fault(list_fault(429, R"({"error": "Rate limit exceeded"})",
                                  {{"Retry-After", "1"}}));
  Client client(options());
  const auto start = steady_clock::now();
  const ListResult result = client.list_events(EventQuery{});
  ASSERT_TRUE(result.ok()) << result.error.message;
  EXPECT_EQ(result.attempts, 2);
  EXPECT_GE(steady_clock::now() - start, milliseconds(1000));
}

TEST_F(ListEventsTest, ASuccessWithoutAListIsAnError) {
  server().add_fault(list_fault(200, R"({"success": true, "event_id": "evt_1"})"));
  Client client(options());
  const ListResult result = client.list_events(EventQuery{});
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(result.error.code, ErrorCode::unexpected_response);
  EXPECT_EQ(result.http_status, 200);
  EXPECT_EQ(result.attempts, 1);
  EXPECT_NE(result.error.message.find("not an event list"), std::string::npos)
      << result.error.message;
}

TEST_F(ListEventsTest, AnInvalidQueryIsRefusedBeforeAnyIO) {
  // Nothing listens there: any request would end in a network error.
  Client client(fast_options("http://127.0.0.1:" + std::to_string(closed_port()) + "/api/v1"));
  EventQuery query;
  query.limit = 0;
  const ListResult result = client.list_events(query);
  EXPECT_EQ(result.error.code, ErrorCode::invalid_query);
  EXPECT_EQ(result.error.message, "limit: must be from 1 to 1000");
  EXPECT_EQ(result.attempts, 0);
  query = EventQuery{};
  query.since = kT0;
  query.until = kT0 - hours(1);
  const ListResult backwards = client.list_events(query);
  EXPECT_EQ(backwards.error.code, ErrorCode::invalid_query);
  EXPECT_EQ(backwards.error.message, "until: must not be before since");
  EXPECT_EQ(backwards.attempts, 0);
}

// A key that may track but not read: the server's 403 is reported as it is, and not retried
// (another attempt would get the same answer).
TEST_F(ListEventsTest, AKeyWithoutReadPermissionIsForbiddenAndNotRetried) {
  server().add_fault(list_fault(
      403, R"({"error": {"code": "forbidden", "message": "API key lacks events:read"}})"));
  auto o = options();
  o.max_attempts = 3;
  Client client(o);
  const ListResult result = client.list_events(EventQuery{});
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(result.error.code, ErrorCode::forbidden);
  EXPECT_EQ(result.error.message, "API key lacks events:read");
  EXPECT_EQ(result.error.server_code, "forbidden");
  EXPECT_EQ(result.http_status, 403);
  EXPECT_EQ(result.attempts, 1);
  EXPECT_TRUE(result.events.empty());
  // The fault answered once; the next call reads the list.
  EXPECT_TRUE(client.list_events(EventQuery{}).ok());
}

TEST_F(ListEventsTest, NetworkFailuresAreRetriedUpToMaxAttempts) {
  auto o = fast_options("http://127.0.0.1:" + std::to_string(closed_port()) + "/api/v1");
  o.max_attempts = 2;
  Client client(o);
  const ListResult result = client.list_events(EventQuery{});
  EXPECT_EQ(result.error.code, ErrorCode::network) << result.error.message;
  EXPECT_EQ(result.attempts, 2);
  EXPECT_EQ(result.http_status, 0);
}

TEST_F(ListEventsTest, AfterCloseReturnsClosed) {
  Client client(options());
  client.close(milliseconds(100));
  const ListResult result = client.list_events(EventQuery{});
  EXPECT_EQ(result.error.code, ErrorCode::closed);
  EXPECT_EQ(result.attempts, 0);
}

// Both of its GET answers (an odd JSON shape, and plain text) echo the key in many spellings.
TEST(ListEventsKeyEcho, TheEchoedKeyIsRedactedFromEveryField) {
  flameup::testing::KeyEchoServer echo;
  ASSERT_GT(echo.port(), 0);
  auto o = fast_options(echo.base_url());
  o.max_attempts = 1;
  Client client(o);
  for (const char* user : {"", "text"}) {
    EventQuery query;
    query.user_id = user;
    const ListResult result = client.list_events(query);
    EXPECT_EQ(result.error.code, ErrorCode::server_error) << user;
    std::string seen = result.error.message + "\n" + result.error.server_code + "\n" +
                       result.request_id;
    for (const auto& [name, detail] : result.error.field_errors) seen += "\n" + name + detail;
    EXPECT_EQ(flameup::testing::find_key_leak(seen, kSentinelKey), "") << seen;
  }
}

TEST_F(ListEventsTest, AKeyInTheErrorBodyIsRedacted) {
  server().add_fault(list_fault(
      500, R"({"request_id": "req_)" + kSentinelKey + R"(", "error": {"code": "boom",
               "message": "bad key )" + kSentinelKey + R"("}})"));
  auto o = options();
  o.max_attempts = 1;
  Client client(o);
  const ListResult result = client.list_events(EventQuery{});
  EXPECT_EQ(result.error.code, ErrorCode::server_error);
  EXPECT_EQ(result.error.message, "bad key [redacted]");
  EXPECT_EQ(result.request_id, "req_[redacted]");
}
