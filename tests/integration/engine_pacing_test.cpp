// Pacing over real HTTP against the emulator: a short-lived program that enqueues a few dozen
// events under the 120 requests/minute limit and closes gets them all delivered, a 429 storm
// with `Retry-After: 0` stays a trickle, and after an outage the backlog drains within a
// quarter of the outage's length (plus delivery time). track() after close() sends nothing.

#include <chrono>
#include <memory>

#include "engine_test_support.hpp"

namespace flameup::engine_test {
namespace {

using SteadyClock = std::chrono::steady_clock;

class EnginePacingHttpTest : public EngineEmulatorTest {};

TEST_F(EnginePacingHttpTest, AShortLivedProgramUnderTheRateLimitLosesNothingAtClose) {
  // The emulator as users run it: 120 requests per minute.
  server_->stop();
  devserver::ServerOptions limited;
  limited.rate_limit_per_minute = 120;
  server_ = std::make_unique<devserver::Server>(limited);
  ASSERT_GT(server_->start(), 0);

  ClientOptions o = options();
  o.max_in_flight = 8;  // the default
  Client client(o);
  ASSERT_TRUE(client.track(event(0)).ok());  // learns the budget: 119 left
  const auto start = SteadyClock::now();
  for (int i = 1; i <= 30; ++i) ASSERT_TRUE(client.enqueue(event(i)).accepted());
  client.close(std::chrono::seconds(5));  // the default close_timeout
  const auto took = SteadyClock::now() - start;
  const Stats s = client.stats();
  EXPECT_EQ(s.delivered, 30u);
  EXPECT_EQ(s.dropped.shutdown, 0u);
  EXPECT_EQ(server_->event_count(), 31u);
  // 30 requests fit in the budget: nothing to spread (it took about 12 s when every request
  // was spaced by the window / remaining).
  EXPECT_LT(took, std::chrono::seconds(3));
}

TEST_F(EnginePacingHttpTest, A429StormWithRetryAfterZeroStaysATrickle) {
  devserver::Fault storm;
  storm.kind = devserver::Fault::Kind::status;
  storm.status = 429;
  storm.count = -1;
  storm.body = R"({"error":"Rate limit exceeded"})";
  storm.headers = {{"Retry-After", "0"}};
  server().add_fault(storm);
  ClientOptions o = options();
  o.initial_backoff = 100ms;
  o.max_backoff = 10s;
  Client client(o);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(client.enqueue(event(i)).accepted());
  EXPECT_FALSE(client.flush(2s));
  // Pauses of at least 50, 100, 200, 400, 800 ms after the 4 first requests: a handful in
  // 2 s (it was tens of thousands).
  EXPECT_LE(server().request_count(), 4u + 6u);
  server().clear_faults();
  EXPECT_TRUE(client.flush(10s));
  EXPECT_EQ(client.stats().delivered, 5u);
}

TEST_F(EnginePacingHttpTest, AfterAnOutageTheBacklogDrainsWithinAQuarterOfItsLength) {
  ClientOptions o = options();
  o.initial_backoff = 200ms;  // the defaults
  o.max_backoff = 30s;
  o.max_in_flight = 8;
  Client client(o);
  server_->stop();  // connection refused
  for (int i = 0; i < 300; ++i) ASSERT_TRUE(client.enqueue(event(i)).accepted());
  const auto down = SteadyClock::now();
  // The outage lasts until 8 attempts have failed (the first ones together, then probes).
  ASSERT_TRUE(recorder_.wait_log_lines("retrying", 8));
  ASSERT_GT(server_->start(), 0);
  const auto back = SteadyClock::now();
  ASSERT_TRUE(client.flush(30s));
  const auto drained = SteadyClock::now() - back;
  EXPECT_EQ(client.stats().delivered, 300u);
  EXPECT_EQ(server_->event_count(), 300u);
  // The next probe within a quarter of the outage so far, then the whole backlog at once:
  // 300 events over loopback take well under a second more.
  EXPECT_LT(drained, (back - down) / 4 + 1s);
}

TEST_F(EnginePacingHttpTest, TrackAfterCloseSendsNothing) {
  Client client(options());
  client.close(0ms);
  const TrackResult result = client.track(event(1));
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(result.error.code, ErrorCode::closed);
  EXPECT_EQ(server().request_count(), 0u);
  EXPECT_EQ(client.enqueue(event(2)).status, EnqueueStatus::closed);
}

}  // namespace
}  // namespace flameup::engine_test
