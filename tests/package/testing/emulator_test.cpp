// An application's test suite written against flameup::testing, as a user would write it:
// public headers only. The package tests build it against a static and a shared install;
// the project's own suite builds it against the build tree (and under the sanitizers).
#include <flameup/flameup.hpp>
#include <flameup/testing/emulator.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using std::chrono::steady_clock;

constexpr milliseconds kWait = seconds(30);  // generous: the suite also runs under TSan

flameup::ClientOptions options_for(const flameup::testing::Emulator& emulator) {
  flameup::ClientOptions options;
  options.api_key = "ws_test_consumer.not-a-secret";
  options.workspace_id = "ws_consumer";
  options.base_url = emulator.base_url();
  options.log_level = flameup::LogLevel::off;
  // Fast retries keep the fault tests short.
  options.initial_backoff = milliseconds(1);
  options.max_backoff = milliseconds(10);
  return options;
}

flameup::TrackEvent signup(const std::string& user) {
  return flameup::TrackEvent{user, "signed_up", {{"plan", "pro"}, {"seats", 3}}, std::nullopt};
}

class EmulatorTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(emulator.running()); }
  flameup::testing::Emulator emulator;
};

TEST_F(EmulatorTest, RecordsWhatTrackSends) {
  flameup::Client client(options_for(emulator));
  const flameup::TrackResult result = client.track(signup("user_1"));

  ASSERT_TRUE(result.ok()) << result.error.message;
  const auto events = emulator.events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].id, result.event_id);
  EXPECT_EQ(events[0].workspace_id, "ws_consumer");
  EXPECT_EQ(events[0].user_id, "user_1");
  EXPECT_EQ(events[0].event, "signed_up");
  EXPECT_EQ(events[0].properties, (nlohmann::json{{"plan", "pro"}, {"seats", 3}}));
  EXPECT_FALSE(events[0].timestamp.empty());
  EXPECT_FALSE(events[0].idempotency_key.empty());
  EXPECT_EQ(emulator.request_count(), 1u);
}

TEST_F(EmulatorTest, RecordsEveryEnqueuedEvent) {
  flameup::Client client(options_for(emulator));
  for (int i = 0; i < 25; ++i) {
    ASSERT_TRUE(client.enqueue(signup("user_" + std::to_string(i))).accepted());
  }

  ASSERT_TRUE(client.flush(kWait));
  EXPECT_TRUE(emulator.wait_for_events(25, kWait));
  EXPECT_EQ(emulator.event_count(), 25u);
  EXPECT_EQ(client.stats().delivered, 25u);
}

TEST_F(EmulatorTest, ServerErrorStormFailsTrackAfterItsAttempts) {
  emulator.fail_with_server_errors(503);
  flameup::ClientOptions options = options_for(emulator);
  options.max_attempts = 3;
  flameup::Client client(options);

  const flameup::TrackResult result = client.track(signup("user_1"));

  EXPECT_EQ(result.error.code, flameup::ErrorCode::server_error);
  EXPECT_EQ(result.http_status, 503);
  EXPECT_EQ(result.attempts, 3);
  EXPECT_EQ(emulator.request_count(), 3u);
  EXPECT_EQ(emulator.event_count(), 0u);

  emulator.clear_faults();
  EXPECT_TRUE(client.track(signup("user_1")).ok());
  EXPECT_EQ(emulator.event_count(), 1u);
}

TEST_F(EmulatorTest, ServerErrorsForACountThenRecovery) {
  emulator.fail_with_server_errors(500, 2);
  flameup::ClientOptions options = options_for(emulator);
  options.max_attempts = 3;
  flameup::Client client(options);

  const flameup::TrackResult result = client.track(signup("user_1"));

  ASSERT_TRUE(result.ok()) << result.error.message;
  EXPECT_EQ(result.attempts, 3);
  EXPECT_EQ(emulator.event_count(), 1u);
}

TEST_F(EmulatorTest, EnqueuedEventsSurviveAServerErrorStorm) {
  emulator.fail_with_server_errors(502);
  flameup::Client client(options_for(emulator));
  ASSERT_TRUE(client.enqueue(signup("user_1")).accepted());
  ASSERT_TRUE(emulator.wait_for_requests(2, kWait));  // it keeps retrying
  EXPECT_EQ(emulator.event_count(), 0u);

  emulator.clear_faults();

  ASSERT_TRUE(client.flush(kWait));
  EXPECT_EQ(client.stats().delivered, 1u);
  EXPECT_EQ(emulator.event_count(), 1u);
}

TEST_F(EmulatorTest, RateLimitReportsRateLimited) {
  emulator.rate_limit(seconds(7));
  flameup::ClientOptions options = options_for(emulator);
  options.max_attempts = 1;
  flameup::Client client(options);

  const flameup::TrackResult result = client.track(signup("user_1"));

  EXPECT_EQ(result.error.code, flameup::ErrorCode::rate_limited);
  EXPECT_EQ(result.http_status, 429);
  EXPECT_EQ(emulator.event_count(), 0u);
}

TEST_F(EmulatorTest, TrackWaitsForRetryAfterThenSucceeds) {
  emulator.rate_limit(seconds(1), 1);
  flameup::ClientOptions options = options_for(emulator);
  options.max_attempts = 2;
  flameup::Client client(options);

  const auto start = steady_clock::now();
  const flameup::TrackResult result = client.track(signup("user_1"));

  ASSERT_TRUE(result.ok()) << result.error.message;
  EXPECT_EQ(result.attempts, 2);
  EXPECT_GE(steady_clock::now() - start, milliseconds(900));  // it honoured Retry-After: 1
  EXPECT_EQ(emulator.request_count(), 2u);
}

TEST_F(EmulatorTest, SlowResponsePastTheRequestTimeoutIsATimeout) {
  emulator.respond_slowly(seconds(20));
  flameup::ClientOptions options = options_for(emulator);
  options.max_attempts = 1;
  options.request_timeout = milliseconds(300);
  flameup::Client client(options);

  const flameup::TrackResult result = client.track(signup("user_1"));

  EXPECT_EQ(result.error.code, flameup::ErrorCode::timeout);
  emulator.clear_faults();  // releases the request still waiting on the server side
}

TEST_F(EmulatorTest, SlowResponseWithinTheTimeoutIsRecorded) {
  emulator.respond_slowly(milliseconds(400), 1);
  flameup::Client client(options_for(emulator));

  const auto start = steady_clock::now();
  const flameup::TrackResult result = client.track(signup("user_1"));

  ASSERT_TRUE(result.ok()) << result.error.message;
  EXPECT_GE(steady_clock::now() - start, milliseconds(400));
  EXPECT_EQ(emulator.event_count(), 1u);
}

TEST_F(EmulatorTest, AuthenticationFailureIsNotRetried) {
  emulator.fail_authentication();
  flameup::ClientOptions options = options_for(emulator);
  options.max_attempts = 3;
  flameup::Client client(options);

  const flameup::TrackResult result = client.track(signup("user_1"));

  EXPECT_EQ(result.error.code, flameup::ErrorCode::unauthorized);
  EXPECT_EQ(result.http_status, 401);
  EXPECT_EQ(result.attempts, 1);
  EXPECT_EQ(emulator.request_count(), 1u);
}

TEST_F(EmulatorTest, AuthenticationFailurePausesDeliveryUntilCleared) {
  emulator.fail_authentication();
  flameup::ClientOptions options = options_for(emulator);
  options.auth_retry_interval = milliseconds(50);
  flameup::Client client(options);
  ASSERT_TRUE(client.enqueue(signup("user_1")).accepted());

  ASSERT_TRUE(emulator.wait_for_requests(1, kWait));
  const auto deadline = steady_clock::now() + kWait;
  while (!client.stats().auth_paused && steady_clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(5));  // poll: the pause is internal state
  }
  EXPECT_TRUE(client.stats().auth_paused);
  EXPECT_EQ(client.stats().last_error.code, flameup::ErrorCode::unauthorized);

  emulator.clear_faults();

  ASSERT_TRUE(client.flush(kWait));
  EXPECT_EQ(client.stats().delivered, 1u);
  EXPECT_FALSE(client.stats().auth_paused);
}

TEST(EmulatorKeys, AcceptsOnlyTheConfiguredKeys) {
  flameup::testing::EmulatorOptions emulator_options;
  emulator_options.api_keys = {"ws_test_right.key"};
  flameup::testing::Emulator emulator(emulator_options);
  ASSERT_TRUE(emulator.running());
  flameup::ClientOptions options = options_for(emulator);

  options.api_key = "ws_test_wrong.key";
  EXPECT_EQ(flameup::Client(options).track(signup("user_1")).error.code,
            flameup::ErrorCode::unauthorized);
  options.api_key = "ws_test_right.key";
  EXPECT_TRUE(flameup::Client(options).track(signup("user_1")).ok());
  EXPECT_EQ(emulator.event_count(), 1u);
}

TEST_F(EmulatorTest, ListEventsReadsBackWhatWasRecorded) {
  flameup::Client client(options_for(emulator));
  ASSERT_TRUE(client.track(signup("user_1")).ok());
  ASSERT_TRUE(client.track(signup("user_2")).ok());

  flameup::EventQuery query;
  query.user_id = "user_2";
  const flameup::ListResult page = client.list_events(query);

  ASSERT_TRUE(page.ok()) << page.error.message;
  ASSERT_EQ(page.events.size(), 1u);
  EXPECT_EQ(page.events[0].user_id, "user_2");
}

TEST(EmulatorInstances, EachHasItsOwnPortAndEvents) {
  flameup::testing::Emulator first;
  flameup::testing::Emulator second;
  ASSERT_TRUE(first.running() && second.running());
  EXPECT_NE(first.base_url(), second.base_url());

  EXPECT_TRUE(flameup::Client(options_for(first)).track(signup("user_1")).ok());
  EXPECT_EQ(first.event_count(), 1u);
  EXPECT_EQ(second.event_count(), 0u);
  EXPECT_TRUE(second.events().empty());
}

}  // namespace
