// The request log over a long session: many large requests, accepted and refused (401, 422,
// 429, 413), leave at most max_logged_requests entries of bounded size, no key, and exact
// counters.
#include <cstddef>
#include <string>
#include <vector>

#include "devserver_test_support.hpp"

namespace flameup::devserver::test {
namespace {

using nlohmann::json;

constexpr char kLimitedKey[] = "ws_test_LIMITED_SECRET_0123456789abcdef";
constexpr char kWrongKey[] = "ws_test_WRONG_SECRET_0123456789abcdef";
constexpr std::size_t kKeptEntries = 16;
constexpr std::size_t kKeptBodyBytes = 1024;
constexpr int kRounds = 25;                   // each round: one 200, one 422, one 401, one 429
constexpr int kLimitPerMinute = 2 * kRounds;  // kKey's 200s and 422s fit exactly
constexpr std::size_t kBigBytes = 30 * 1024;

std::string big_event(const std::string& tag) {
  return json{
      {"userId", "user_1"}, {"event", tag}, {"properties", {{"blob", std::string(kBigBytes, 'x')}}}}
      .dump();
}

std::string big_invalid_event() {  // no userId: 422
  return json{{"event", "e"}, {"properties", {{"blob", std::string(kBigBytes, 'y')}}}}.dump();
}

// Every text byte an entry holds.
std::size_t entry_bytes(const ReceivedRequest& r) {
  return r.method.size() + r.path.size() + r.authorization_fingerprint.size() +
         r.idempotency_key.size() + r.user_agent.size() + r.content_type.size() + r.body.size();
}

bool holds(const ReceivedRequest& r, const std::string& secret) {
  for (const std::string* field : {&r.method, &r.path, &r.authorization_fingerprint,
                                   &r.idempotency_key, &r.user_agent, &r.content_type, &r.body}) {
    if (field->find(secret) != std::string::npos) return true;
  }
  return false;
}

class RequestLogTest : public EmulatorTest {
 protected:
  void SetUp() override {
    ServerOptions options;
    options.api_keys = {kKey, kLimitedKey};
    options.rate_limit_per_minute = kLimitPerMinute;
    options.max_logged_requests = kKeptEntries;
    options.max_logged_body_bytes = kKeptBodyBytes;
    start(options);
  }

  // Sends @p body with @p key, tagged with an idempotency key, and a long User-Agent (cut in
  // the log like every header).
  int send(const std::string& key, const std::string& tag, const std::string& body) {
    httplib::Headers headers = auth_headers(key);
    headers.emplace("Idempotency-Key", tag);
    headers.emplace("User-Agent", std::string(3000, 'u'));
    const auto res = track(body, headers);
    return res ? res->status : -1;
  }
};

TEST_F(RequestLogTest, ManyLargeRequestsKeepTheLatestBoundedEntriesAndExactCounts) {
  // Use up kLimitedKey's window with small requests first, so that its big ones get 429.
  for (int i = 0; i < kLimitPerMinute; ++i) {
    ASSERT_EQ(send(kLimitedKey, "warm-" + std::to_string(i), "{}"), 422);
  }
  std::vector<std::string> tags;
  for (int i = 0; i < kRounds; ++i) {
    const std::string n = std::to_string(i);
    ASSERT_EQ(send(kKey, "ok-" + n, big_event("e" + n)), 200);
    ASSERT_EQ(send(kKey, "bad-" + n, big_invalid_event()), 422);
    ASSERT_EQ(send(kWrongKey, "wrong-" + n, big_event("e" + n)), 401);
    ASSERT_EQ(send(kLimitedKey, "limited-" + n, big_event("e" + n)), 429);
    for (const char* prefix : {"ok-", "bad-", "wrong-", "limited-"}) tags.push_back(prefix + n);
  }

  const std::size_t sent = kLimitPerMinute + 4 * kRounds;
  EXPECT_EQ(server_->request_count(), sent);
  EXPECT_EQ(server_->event_count(), static_cast<std::size_t>(kRounds));
  EXPECT_TRUE(server_->wait_for_requests(sent, std::chrono::milliseconds(0)));

  const auto kept = server_->requests();
  ASSERT_EQ(kept.size(), kKeptEntries);
  std::size_t bytes = 0;
  for (std::size_t i = 0; i < kept.size(); ++i) {
    const ReceivedRequest& r = kept[i];
    // The latest requests, oldest first.
    EXPECT_EQ(r.idempotency_key, tags[tags.size() - kKeptEntries + i]);
    EXPECT_EQ(r.body.size(), kKeptBodyBytes);
    EXPECT_GT(r.body_bytes, kBigBytes);
    EXPECT_EQ(r.user_agent.size(), kMaxLoggedHeaderBytes);
    for (const char* secret : {kKey, kLimitedKey, kWrongKey}) {
      EXPECT_FALSE(holds(r, secret)) << r.idempotency_key;
    }
    bytes += entry_bytes(r);
  }
  // The documented bound: the body cap plus the header cap for each of 6 other fields.
  EXPECT_LE(bytes, kKeptEntries * (kKeptBodyBytes + 6 * kMaxLoggedHeaderBytes));

  // Which key arrived stays checkable through the fingerprint.
  const ReceivedRequest& limited = kept.back();
  ASSERT_EQ(limited.idempotency_key, tags.back());
  EXPECT_EQ(limited.authorization_fingerprint, fingerprint(std::string("Bearer ") + kLimitedKey));
  EXPECT_EQ(limited.body, big_event("e" + std::to_string(kRounds - 1)).substr(0, kKeptBodyBytes));
}

TEST_F(RequestLogTest, AnOversizedRequestIsRefusedBeforeTheRouteAndNotLogged) {
  ASSERT_EQ(send(kKey, "small", event_body()), 200);
  // Over the emulator's 8 MiB request limit: httplib answers 413 without running the route.
  const std::string oversized(8 * 1024 * 1024 + 1, ' ');
  EXPECT_EQ(send(kKey, "huge", oversized), 413);
  EXPECT_EQ(server_->request_count(), 1u);
  ASSERT_EQ(server_->requests().size(), 1u);
  EXPECT_EQ(server_->requests()[0].idempotency_key, "small");
  EXPECT_EQ(server_->event_count(), 1u);
}

TEST_F(EmulatorTest, ZeroKeptRequestsStillCountsEveryOne) {
  ServerOptions options;
  options.rate_limit_per_minute = 0;
  options.max_logged_requests = 0;
  start(options);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(track(big_event("e")));
  EXPECT_EQ(server_->request_count(), 5u);
  EXPECT_TRUE(server_->requests().empty());
  EXPECT_EQ(server_->event_count(), 5u);
}

}  // namespace
}  // namespace flameup::devserver::test
