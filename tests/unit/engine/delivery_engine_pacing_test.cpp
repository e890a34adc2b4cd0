// How fast the DeliveryEngine sends, in engine time (manual clock): what the rate-limit budget
// allows goes out at once, flush()/close() spend the budget instead of spreading it, no
// sequence of 429s or failures makes it send faster than its pauses allow, and after an
// outage the backlog flows within a quarter of the outage's length.

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <ostream>
#include <string>

#include "engine_harness.hpp"

namespace flameup::testing {
namespace {

using namespace std::chrono_literals;
using detail::EngineOptions;

// Steps engine time by @p step until @p until has passed, letting the worker act at each step.
void step_clock(EngineHarness& h, std::chrono::milliseconds step, std::chrono::milliseconds until) {
  for (auto t = 0ms; t < until; t += step) {
    ASSERT_TRUE(h.fake().wait_until_worker_waits());
    h.clock().advance(step);
  }
  ASSERT_TRUE(h.fake().wait_until_worker_waits());
}

detail::HttpResponse ok_with_budget(const ManualClock& clock, int remaining,
                                    std::chrono::seconds reset) {
  auto reply = ok_reply();
  reply.headers = {{"x-ratelimit-limit", "120"},
                   {"x-ratelimit-remaining", std::to_string(remaining)},
                   {"x-ratelimit-reset", reset_header_in(clock, reset)}};
  return reply;
}

TEST(EnginePacing, ADemandWithinTheBudgetGoesOutAtOnce) {
  EngineOptions o = fast_engine_options();
  o.max_in_flight = 8;
  EngineHarness h(o, /*manual_clock=*/true);
  h.fake().set_default_reply(ok_with_budget(h.clock(), 100, 60s));
  h.enqueue(0);
  ASSERT_TRUE(h.engine().flush(5s));
  for (int i = 1; i <= 30; ++i) h.enqueue(i);
  // No clock movement at all: 30 events against a budget of 100 need no pacing.
  ASSERT_TRUE(h.fake().wait_for_requests(31, 5s));
  ASSERT_TRUE(h.engine().flush(5s));
  EXPECT_EQ(h.engine().stats().delivered, 31u);
}

// Queues events 0..10 while the first request is open (max_in_flight 1), then answers it:
// 4 requests left in the window, then 3, 2, 1, 0 on the next answers.
void ten_waiting_with_a_budget_of_four(EngineHarness& h) {
  h.fake().push_hold();
  for (int remaining = 3; remaining >= 0; --remaining) {
    h.fake().push_reply(ok_with_budget(h.clock(), remaining, 60s));
  }
  h.fake().set_default_reply(ok_with_budget(h.clock(), 0, 60s));
  for (int i = 0; i <= 10; ++i) h.enqueue(i);
  ASSERT_TRUE(h.fake().wait_for_held(1, 5s));
  h.fake().release_held(ok_with_budget(h.clock(), 4, 60s));
}

TEST(EnginePacing, FlushSpendsTheRemainingBudgetAtOnce) {
  EngineOptions o = fast_engine_options();
  o.max_in_flight = 1;
  EngineHarness h(o, /*manual_clock=*/true);
  ten_waiting_with_a_budget_of_four(h);
  ASSERT_TRUE(h.fake().wait_until_worker_waits());
  EXPECT_EQ(h.fake().request_count(), 1u) << "10 waiting, 4 left: spread over the window";

  auto flushed = std::async(std::launch::async, [&] { return h.engine().flush(30s); });
  // While flush() waits, the 4 requests left go out now; the rest wait for the reset.
  ASSERT_TRUE(h.fake().wait_for_requests(5, 5s));
  ASSERT_TRUE(h.fake().wait_until_worker_waits());
  EXPECT_EQ(h.fake().request_count(), 5u) << "never past the budget";
  h.clock().advance(61s);
  EXPECT_TRUE(flushed.get());
  EXPECT_EQ(h.engine().stats().delivered, 11u);
}

TEST(EnginePacing, CloseSpendsTheRemainingBudgetBeforeItsDeadline) {
  EngineOptions o = fast_engine_options();
  o.max_in_flight = 1;
  EngineHarness h(o, /*manual_clock=*/true);
  ten_waiting_with_a_budget_of_four(h);
  ASSERT_TRUE(h.fake().wait_until_worker_waits());
  h.engine().close(300ms);  // engine time stands still: the reset never comes
  const Stats s = h.engine().stats();
  EXPECT_EQ(s.delivered, 5u);
  EXPECT_EQ(s.dropped.shutdown, 6u);
}

// A 429 storm whose server-requested wait is zero or nonsense: the engine's own growing pause
// is the floor. Each case sends 429s for 3 s of engine time.
struct StormCase {
  const char* name;
  std::vector<std::pair<std::string, std::string>> headers;
  std::chrono::milliseconds initial_backoff;
  std::chrono::milliseconds max_retry_after;
  std::size_t max_requests;
};

void PrintTo(const StormCase& c, std::ostream* os) { *os << c.name; }

class EnginePacing429Storm : public ::testing::TestWithParam<StormCase> {};

TEST_P(EnginePacing429Storm, NeverSendsFasterThanItsOwnPauses) {
  const StormCase& c = GetParam();
  EngineOptions o = fast_engine_options();
  o.initial_backoff = c.initial_backoff;
  o.max_backoff = 30s;
  o.max_retry_after = c.max_retry_after;
  EngineHarness h(o, /*manual_clock=*/true);
  h.fake().set_default_reply(status_reply(429, R"({"error":"Rate limit exceeded"})", c.headers));
  for (int i = 0; i < 5; ++i) h.enqueue(i);
  step_clock(h, 10ms, 3s);
  const std::size_t sent = h.fake().request_count();
  EXPECT_LE(sent, c.max_requests) << c.name;
  EXPECT_GE(sent, 5u) << c.name << ": it must keep trying";
  EXPECT_EQ(h.engine().stats().queued, 5u) << "nothing lost";
}

// Bounds: 4 requests on the wire when the storm begins, then one probe per pause. With the
// defaults the k-th pause is at least half of 200 ms * 2^(k-1), so 3 s hold at most 4 more
// probes; from the 10 ms floor (zero options), at most 9.
INSTANTIATE_TEST_SUITE_P(
    RetryAfterZeroOrPast, EnginePacing429Storm,
    ::testing::Values(
        StormCase{"Retry-After: 0", {{"retry-after", "0"}}, 200ms, 120s, 8},
        StormCase{"a date in the past", {{"retry-after", "Thu, 01 Jan 1970 00:00:00 GMT"}}, 200ms, 120s, 8},
        StormCase{"garbage", {{"retry-after", "-5"}}, 200ms, 120s, 8},
        StormCase{"a reset already gone", {{"x-ratelimit-remaining", "0"}, {"x-ratelimit-reset", "1"}}, 200ms, 120s, 8},
        StormCase{"no header", {}, 200ms, 120s, 8},
        StormCase{"zero options", {{"retry-after", "0"}}, 0ms, 0ms, 13}),
    [](const ::testing::TestParamInfo<StormCase>& param) {
      return "Case" + std::to_string(param.index);
    });

TEST(EnginePacing, AnOutageCostsOneProbePerPauseAndTheBacklogFlowsSoonAfterRecovery) {
  EngineOptions o = fast_engine_options();
  o.initial_backoff = 200ms;  // the defaults
  o.max_backoff = 30s;
  o.max_in_flight = 8;
  EngineHarness h(o, /*manual_clock=*/true);
  h.fake().set_default_reply(status_reply(503));
  for (int i = 0; i < 300; ++i) ASSERT_TRUE(h.enqueue(i).accepted());
  step_clock(h, 50ms, 4s);
  const std::size_t during_outage = h.fake().request_count();
  // 8 on the wire when it began, then one probe per pause. A pause is at least half of
  // max(200 ms, a quarter of the outage so far): 4 s hold at most 21 probes.
  EXPECT_LE(during_outage, 8u + 21u);
  EXPECT_EQ(h.engine().stats().queued, 300u);

  h.fake().set_default_reply(ok_reply());
  // The next probe comes within a quarter of the outage (1 s); from its success on the whole
  // backlog goes out at once, without waiting for any per-event timer.
  step_clock(h, 50ms, 1050ms);
  EXPECT_EQ(h.engine().stats().delivered, 300u) << "within 1 s of engine time after recovery";
}

TEST(EnginePacing, ConcurrentFailuresCountAsOneStepOfTheBackoff) {
  EngineOptions o = fast_engine_options();
  o.initial_backoff = 200ms;
  o.max_backoff = 30s;
  o.max_in_flight = 8;
  EngineHarness h(o, /*manual_clock=*/true);
  // Eight requests held open, then answered 503 together (whatever order the worker started
  // them in while the events were being queued).
  h.fake().push_hold(8);
  for (int i = 0; i < 20; ++i) h.enqueue(i);
  ASSERT_TRUE(h.fake().wait_for_held(8, 5s));
  ASSERT_EQ(h.fake().release_held(status_reply(503)), 8u);
  ASSERT_TRUE(h.fake().wait_until_worker_waits());
  // Eight 503s at once are one failure: the pause is at most 200 ms, not 200 ms * 2^7.
  step_clock(h, 10ms, 200ms);
  EXPECT_GT(h.fake().request_count(), 8u);
  ASSERT_TRUE(h.engine().flush(5s));
}

}  // namespace
}  // namespace flameup::testing
