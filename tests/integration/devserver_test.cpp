// The emulator's routes behave like the real service (flameup-api.md): shapes, headers,
// auth, validation, rate limit, idempotency, list filters.
#include <sstream>
#include <string>
#include <vector>

#include "devserver_test_support.hpp"

namespace flameup::devserver::test {
namespace {

using nlohmann::json;

TEST_F(EmulatorTest, TrackAnswersSuccessWithEventIdAndRequestId) {
  const auto res = track(json{{"userId", "user_1"},
                              {"event", "purchase"},
                              {"properties", {{"amount", 9.5}}},
                              {"timestamp", "2024-12-25T10:00:00Z"}}
                             .dump());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  const json body = json_of(res);
  EXPECT_EQ(body["success"], true);
  const std::string id = body["event_id"];
  EXPECT_EQ(id.rfind("evt_", 0), 0u);
  EXPECT_EQ(res->get_header_value("X-Request-Id").rfind("req_", 0), 0u);

  const auto events = server_->events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].id, id);
  EXPECT_EQ(events[0].workspace_id, "ws_1");
  EXPECT_EQ(events[0].user_id, "user_1");
  EXPECT_EQ(events[0].event, "purchase");
  EXPECT_EQ(events[0].properties, (json{{"amount", 9.5}}));
  EXPECT_EQ(events[0].timestamp, "2024-12-25T10:00:00Z");
  EXPECT_FALSE(events[0].created_at.empty());
}

TEST_F(EmulatorTest, EachEventGetsItsOwnId) {
  const auto first = track();
  const auto second = track();
  ASSERT_TRUE(first && second);
  EXPECT_NE(json_of(first)["event_id"], json_of(second)["event_id"]);
  EXPECT_EQ(server_->event_count(), 2u);
}

TEST_F(EmulatorTest, MissingTimestampBecomesReceiveTime) {
  ASSERT_TRUE(track());
  const auto events = server_->events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].timestamp, events[0].created_at);
  EXPECT_EQ(events[0].properties, json::object());
}

TEST_F(EmulatorTest, WorkspaceIdIsPercentDecoded) {
  ASSERT_TRUE(track(event_body(), auth_headers(), "/api/v1/workspaces/team%2Fa%20b/events"));
  const auto events = server_->events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].workspace_id, "team/a b");
}

TEST_F(EmulatorTest, PathWithExtraSegmentIsNotTheRoute) {
  const auto res = track(event_body(), auth_headers(), "/api/v1/workspaces/a/b/events");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  EXPECT_EQ(json_of(res)["error"]["type"], "NOT_FOUND");
  EXPECT_EQ(server_->event_count(), 0u);
}

TEST_F(EmulatorTest, RequestsAreRecordedWithTheirHeaders) {
  httplib::Headers headers = auth_headers();
  headers.emplace("Idempotency-Key", "key-1");
  headers.emplace("User-Agent", "flameup-cpp/test");
  ASSERT_TRUE(track(event_body(), headers));
  ASSERT_TRUE(server_->wait_for_requests(1, std::chrono::seconds(1)));
  const auto requests = server_->requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].path, kTrackPath);
  EXPECT_EQ(requests[0].authorization_fingerprint, fingerprint(std::string("Bearer ") + kKey));
  EXPECT_EQ(requests[0].idempotency_key, "key-1");
  EXPECT_EQ(requests[0].user_agent, "flameup-cpp/test");
  EXPECT_EQ(requests[0].content_type, "application/json");
  EXPECT_EQ(requests[0].body, event_body());
}

TEST_F(EmulatorTest, WrongKeyGets401WithTheServiceBody) {
  const auto res = track(event_body(), auth_headers("ws_test_other"));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  EXPECT_EQ(json_of(res), (json{{"error",
                                 {{"code", "unauthorized"},
                                  {"message", "Invalid or missing API key"}}}}));
  EXPECT_EQ(server_->event_count(), 0u);
}

TEST_F(EmulatorTest, MissingOrMalformedAuthorizationGets401) {
  for (const httplib::Headers& headers :
       {httplib::Headers{}, httplib::Headers{{"Authorization", kKey}},
        httplib::Headers{{"Authorization", "Basic abc"}},
        httplib::Headers{{"Authorization", "Bearer "}}}) {
    const auto res = track(event_body(), headers);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 401);
  }
  EXPECT_EQ(server_->event_count(), 0u);
}

TEST_F(EmulatorTest, WithoutConfiguredKeysAnyNonEmptyKeyIsAccepted) {
  ServerOptions options;
  options.api_keys.clear();
  server_ = std::make_unique<Server>(options);
  ASSERT_GT(server_->start(), 0);
  client_ = make_client();
  const auto ok = track(event_body(), auth_headers("anything"));
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  const auto empty = track(event_body(), {{"Authorization", "Bearer "}});
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->status, 401);
}

TEST_F(EmulatorTest, BodyThatIsNotJsonGets400WithRequestId) {
  for (const std::string body : {"{not json", "[1, 2]", "\"text\"", ""}) {
    const auto res = track(body);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << body;
    const json reply = json_of(res);
    EXPECT_EQ(reply["success"], false);
    EXPECT_EQ(reply["error"]["type"], "INVALID_JSON");
    EXPECT_TRUE(reply["error"]["message"].is_string());
    EXPECT_EQ(reply["request_id"], res->get_header_value("X-Request-Id"));
  }
  EXPECT_EQ(server_->event_count(), 0u);
}

TEST_F(EmulatorTest, InvalidUtf8BodyGets400) {
  const auto res = track("{\"userId\": \"u\xff\", \"event\": \"e\"}");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
}

TEST_F(EmulatorTest, ContentTypeOtherThanJsonGets400) {
  const auto res = client_->Post(kTrackPath, auth_headers(), event_body(), "text/plain");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(json_of(res)["error"]["type"], "INVALID_CONTENT_TYPE");
  const auto with_charset =
      client_->Post(kTrackPath, auth_headers(), event_body(), "application/json; charset=utf-8");
  ASSERT_TRUE(with_charset);
  EXPECT_EQ(with_charset->status, 200);
}

struct ValidationCase {
  const char* name;
  json body;
  const char* field;
  const char* message;
};

// Names the case in test listings instead of dumping its bytes.
void PrintTo(const ValidationCase& c, std::ostream* os) { *os << c.name; }

class ValidationTest : public EmulatorTest,
                       public ::testing::WithParamInterface<ValidationCase> {};

TEST_P(ValidationTest, Gets422NamingTheField) {
  const ValidationCase& c = GetParam();
  const auto res = track(c.body.dump());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 422);
  const json reply = json_of(res);
  EXPECT_EQ(reply["error"]["code"], "validation_error");
  EXPECT_EQ(reply["error"]["message"], "Validation failed");
  EXPECT_EQ(reply["error"]["details"]["fields"][c.field], c.message) << reply.dump();
  EXPECT_EQ(reply["error"]["details"]["fields"].size(), 1u) << reply.dump();
  EXPECT_EQ(server_->event_count(), 0u);
}

INSTANTIATE_TEST_SUITE_P(
    Fields, ValidationTest,
    ::testing::Values(
        ValidationCase{"UserIdMissing", {{"event", "e"}}, "userId", "Required field"},
        ValidationCase{"UserIdEmpty", {{"userId", ""}, {"event", "e"}}, "userId",
                       "Required field"},
        ValidationCase{"UserIdNotString", {{"userId", 42}, {"event", "e"}}, "userId",
                       "Must be a string"},
        ValidationCase{"UserIdTooLong",
                       {{"userId", std::string(256, 'u')}, {"event", "e"}},
                       "userId",
                       "Must be at most 255 characters"},
        ValidationCase{"EventMissing", {{"userId", "u"}}, "event", "Required field"},
        ValidationCase{"EventEmpty", {{"userId", "u"}, {"event", ""}}, "event",
                       "Required field"},
        ValidationCase{"EventNotString", {{"userId", "u"}, {"event", json::array()}}, "event",
                       "Must be a string"},
        ValidationCase{"PropertiesNotObject",
                       {{"userId", "u"}, {"event", "e"}, {"properties", json::array({1})}},
                       "properties",
                       "Must be an object"},
        ValidationCase{"TimestampNotString",
                       {{"userId", "u"}, {"event", "e"}, {"timestamp", 1700000000}},
                       "timestamp",
                       "Must be an RFC 3339 date-time"},
        ValidationCase{"TimestampNotRfc3339",
                       {{"userId", "u"}, {"event", "e"}, {"timestamp", "2024-12-25 10:00"}},
                       "timestamp",
                       "Must be an RFC 3339 date-time"},
        ValidationCase{"TimestampImpossibleDate",
                       {{"userId", "u"}, {"event", "e"}, {"timestamp", "2023-02-29T10:00:00Z"}},
                       "timestamp",
                       "Must be an RFC 3339 date-time"}),
    [](const ::testing::TestParamInfo<ValidationCase>& param_info) {
      return std::string(param_info.param.name);
    });

TEST_F(EmulatorTest, UserIdOf255CharactersIsAccepted) {
  // 255 characters, 510 bytes: the limit counts characters.
  std::string user;
  for (int i = 0; i < 255; ++i) user += "\xc3\xa9";
  const auto res = track(json{{"userId", user}, {"event", "e"}}.dump());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
}

TEST_F(EmulatorTest, RepeatedIdempotencyKeyRecordsOnceAndReturnsTheFirstId) {
  httplib::Headers headers = auth_headers();
  headers.emplace("Idempotency-Key", "9b2f6c1e-retry");
  const auto first = track(event_body(), headers);
  const auto second = track(event_body(), headers);
  ASSERT_TRUE(first && second);
  EXPECT_EQ(second->status, 200);
  EXPECT_EQ(json_of(first)["event_id"], json_of(second)["event_id"]);
  EXPECT_EQ(server_->event_count(), 1u);
  EXPECT_EQ(server_->request_count(), 2u);
}

TEST_F(EmulatorTest, IdempotencyKeysArePerWorkspace) {
  httplib::Headers headers = auth_headers();
  headers.emplace("Idempotency-Key", "same-key");
  const auto a = track(event_body(), headers, "/api/v1/workspaces/ws_a/events");
  const auto b = track(event_body(), headers, "/api/v1/workspaces/ws_b/events");
  ASSERT_TRUE(a && b);
  EXPECT_NE(json_of(a)["event_id"], json_of(b)["event_id"]);
  EXPECT_EQ(server_->event_count(), 2u);
}

TEST_F(EmulatorTest, RateLimitCountsDownThen429WithRetryAfter) {
  ServerOptions options;
  options.rate_limit_per_minute = 3;
  start(options);
  std::vector<long> remaining;
  std::string reset;
  for (int i = 0; i < 3; ++i) {
    const auto res = track();
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200);
    EXPECT_EQ(res->get_header_value("X-RateLimit-Limit"), "3");
    remaining.push_back(std::stol(res->get_header_value("X-RateLimit-Remaining")));
    reset = res->get_header_value("X-RateLimit-Reset");
  }
  EXPECT_EQ(remaining, (std::vector<long>{2, 1, 0}));

  const auto limited = track();
  ASSERT_TRUE(limited);
  EXPECT_EQ(limited->status, 429);
  EXPECT_EQ(json_of(limited), (json{{"error", "Rate limit exceeded"},
                                    {"message", "Too many requests. Please try again later."}}));
  const long retry_after = std::stol(limited->get_header_value("Retry-After"));
  EXPECT_GE(retry_after, 1);
  EXPECT_LE(retry_after, 60);
  EXPECT_EQ(limited->get_header_value("X-RateLimit-Remaining"), "0");
  EXPECT_EQ(limited->get_header_value("X-RateLimit-Reset"), reset);
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  EXPECT_GT(std::stoll(reset), now);
  EXPECT_LE(std::stoll(reset), now + 61);
  EXPECT_EQ(server_->event_count(), 3u);
}

TEST_F(EmulatorTest, RateLimitIsPerKeyAndSharedByBothRoutes) {
  ServerOptions options;
  options.rate_limit_per_minute = 2;
  options.api_keys = {kKey, "ws_test_second"};
  start(options);
  const auto listed = client_->Get(kTrackPath, auth_headers());
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->get_header_value("X-RateLimit-Remaining"), "1");
  ASSERT_EQ(track()->status, 200);
  EXPECT_EQ(track()->status, 429);
  const auto other = track(event_body(), auth_headers("ws_test_second"));
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 200);
}

TEST_F(EmulatorTest, RateLimitOffSendsNoRateLimitHeaders) {
  const auto res = track();
  ASSERT_TRUE(res);
  EXPECT_FALSE(res->has_header("X-RateLimit-Limit"));
}

TEST_F(EmulatorTest, ForcedRateLimitHeadersReplaceComputedOnes) {
  ServerOptions options;
  options.rate_limit_per_minute = 100;
  start(options);
  server_->set_rate_limit_headers(0, 4102444800);
  const auto forced = track();
  ASSERT_TRUE(forced);
  EXPECT_EQ(forced->status, 200);
  EXPECT_EQ(forced->get_header_value("X-RateLimit-Remaining"), "0");
  EXPECT_EQ(forced->get_header_value("X-RateLimit-Reset"), "4102444800");
  server_->set_rate_limit_headers(std::nullopt, std::nullopt);
  const auto computed = track();
  ASSERT_TRUE(computed);
  EXPECT_EQ(computed->get_header_value("X-RateLimit-Remaining"), "98");
}

TEST_F(EmulatorTest, LogLineNamesTheEventButNeverTheKey) {
  std::ostringstream log;
  ServerOptions options;
  options.log = &log;
  start(options);
  const auto res = track(event_body("user_7", "opened"));
  ASSERT_TRUE(res);
  const std::string id = json_of(res)["event_id"];
  EXPECT_NE(log.str().find("event " + id + " ws=ws_1 user=user_7 event=opened"),
            std::string::npos)
      << log.str();
  EXPECT_EQ(log.str().find(kKey), std::string::npos);
  EXPECT_EQ(log.str().find("SENTINEL"), std::string::npos);
}

TEST_F(EmulatorTest, WaitForEventsTimesOutWhenNothingArrives) {
  EXPECT_FALSE(server_->wait_for_events(1, std::chrono::milliseconds(20)));
  ASSERT_TRUE(track());
  EXPECT_TRUE(server_->wait_for_events(1, std::chrono::milliseconds(0)));
}

// --- list route ---------------------------------------------------------------------------

class ListRouteTest : public EmulatorTest {
 protected:
  void SetUp() override {
    EmulatorTest::SetUp();
    record("alice", "login", "2024-01-01T00:00:00Z");
    record("bob", "login", "2024-01-02T00:00:00Z");
    record("alice", "purchase", "2024-01-03T00:00:00Z");
    record("alice", "logout", "2024-01-04T00:00:00+01:00");
    ASSERT_TRUE(track(event_body("carol", "login"), auth_headers(),
                      "/api/v1/workspaces/other/events"));
  }
  void record(const std::string& user, const std::string& event, const std::string& at) {
    const auto res = track(json{{"userId", user}, {"event", event}, {"timestamp", at}}.dump());
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200);
  }
  json list(const std::string& query) {
    const auto res = client_->Get((std::string(kTrackPath) + query).c_str(), auth_headers());
    EXPECT_TRUE(res);
    if (!res) return {};
    EXPECT_EQ(res->status, 200) << res->body;
    return json_of(res);
  }
  static std::vector<std::string> events_of(const json& page) {
    std::vector<std::string> names;
    for (const auto& e : page["events"]) names.push_back(e["person_id"].get<std::string>() + ":" +
                                                         e["event"].get<std::string>());
    return names;
  }
};

TEST_F(ListRouteTest, ListsTheWorkspaceEventsWithTheDocumentedFields) {
  const json page = list("");
  EXPECT_EQ(page["total"], 4);
  ASSERT_EQ(page["events"].size(), 4u);
  const json& first = page["events"][0];
  for (const char* field :
       {"id", "workspace_id", "person_id", "event", "properties", "timestamp", "created_at"}) {
    EXPECT_TRUE(first.contains(field)) << field;
  }
  EXPECT_EQ(first["workspace_id"], "ws_1");
  EXPECT_EQ(first["timestamp"], "2024-01-01T00:00:00Z");
}

TEST_F(ListRouteTest, FiltersByUserAndEvent) {
  EXPECT_EQ(events_of(list("?user_id=alice")),
            (std::vector<std::string>{"alice:login", "alice:purchase", "alice:logout"}));
  EXPECT_EQ(events_of(list("?event=login")),
            (std::vector<std::string>{"alice:login", "bob:login"}));
  EXPECT_EQ(events_of(list("?user_id=alice&event=login")),
            (std::vector<std::string>{"alice:login"}));
}

TEST_F(ListRouteTest, FiltersByTimeRangeComparingInstants) {
  // 2024-01-04T00:00:00+01:00 is 2024-01-03T23:00:00Z.
  EXPECT_EQ(events_of(list("?since=2024-01-02T00:00:00Z&until=2024-01-03T23:00:00Z")),
            (std::vector<std::string>{"bob:login", "alice:purchase", "alice:logout"}));
  EXPECT_EQ(events_of(list("?until=2024-01-01T00:00:00.000Z")),
            (std::vector<std::string>{"alice:login"}));
}

TEST_F(ListRouteTest, PagesWithLimitAndOffsetKeepingTheTotal) {
  const json page = list("?limit=2&offset=1");
  EXPECT_EQ(page["total"], 4);
  EXPECT_EQ(events_of(page), (std::vector<std::string>{"bob:login", "alice:purchase"}));
}

TEST_F(ListRouteTest, BadQueryParametersGet422) {
  const auto res = client_->Get((std::string(kTrackPath) + "?limit=0&since=yesterday").c_str(),
                                auth_headers());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 422);
  const json fields = json_of(res)["error"]["details"]["fields"];
  EXPECT_TRUE(fields.contains("limit"));
  EXPECT_TRUE(fields.contains("since"));
}

TEST_F(ListRouteTest, NeedsTheKey) {
  const auto res = client_->Get(kTrackPath);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
}

}  // namespace
}  // namespace flameup::devserver::test
