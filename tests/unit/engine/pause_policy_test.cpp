// PausePolicy on made-up times: outage probes, 429 floors, auth probes, isolated failures
// and the rate-limit budget, with no thread and no clock.

#include <gtest/gtest.h>

#include <chrono>

#include "engine/pause_policy.hpp"
#include "test_time.hpp"

namespace flameup::detail {
namespace {

using namespace std::chrono_literals;
using Time = PausePolicy::Time;

using flameup::testing::kT0;
constexpr std::size_t kMaxInFlight = 8;
constexpr std::size_t kBacklog = 1000;

PausePolicy defaults(std::uint64_t seed = 1) {
  return PausePolicy(PausePolicy::Options{200ms, 30s, 120s, 30s}, seed);
}

TEST(EnginePausePolicy, WithNothingWrongEverySlotIsOpen) {
  PausePolicy policy = defaults();
  EXPECT_EQ(policy.allowance(kT0, 0, kMaxInFlight, kBacklog), kMaxInFlight);
  EXPECT_EQ(policy.allowance(kT0, 5, kMaxInFlight, kBacklog), 3u);
  EXPECT_EQ(policy.allowance(kT0, 8, kMaxInFlight, kBacklog), 0u);
  EXPECT_EQ(policy.next_change(kT0, kBacklog), Time::max());
}

TEST(EnginePausePolicy, AnOutageIsProbedOneRequestAtATimeAndMoreRarelyAsItLasts) {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    PausePolicy policy = defaults(seed);
    // Eight requests on the wire fail together: one failure.
    for (int i = 0; i < 8; ++i) policy.on_transient_failure(kT0, kT0);
    Time now = kT0;
    Time gate = policy.next_change(now, kBacklog);
    ASSERT_GE(gate, kT0 + 100ms) << seed;
    ASSERT_LE(gate, kT0 + 200ms) << seed;
    EXPECT_EQ(policy.allowance(now, 0, kMaxInFlight, kBacklog), 0u);
    int probes = 0;
    while (true) {
      now = policy.next_change(now, kBacklog);
      if (now >= kT0 + 4s) break;
      ASSERT_EQ(policy.allowance(now, 0, kMaxInFlight, kBacklog), 1u) << "one probe";
      ASSERT_EQ(policy.allowance(now, 1, kMaxInFlight, kBacklog), 0u) << "only one";
      policy.on_start(now);
      policy.on_transient_failure(now, now);
      ++probes;
    }
    EXPECT_LE(probes, 21) << seed;
    EXPECT_GE(probes, 8) << seed << ": short outages are probed often";
    // The server is back at 4 s: the next probe comes within a quarter of the outage.
    EXPECT_LE(now, kT0 + 4s + 1s) << seed;
    policy.on_answer();
    EXPECT_EQ(policy.allowance(now, 1, kMaxInFlight, kBacklog), kMaxInFlight - 1);
  }
}

TEST(EnginePausePolicy, ALongOutageSettlesAtMaxBackoff) {
  PausePolicy policy = defaults();
  policy.on_transient_failure(kT0, kT0);
  Time now = kT0;
  while (now < kT0 + std::chrono::hours(1)) {
    now = policy.next_change(now, kBacklog);
    policy.on_transient_failure(now, now);
  }
  const auto gap = policy.next_change(now, kBacklog) - now;
  EXPECT_GE(gap, 15s);
  EXPECT_LE(gap, 30s);
}

TEST(EnginePausePolicy, AFailureOfARequestStartedBeforeTheLastOneDoesNotLengthenThePause) {
  PausePolicy policy = defaults();
  policy.on_transient_failure(kT0, kT0 + 1s);
  const Time gate = policy.next_change(kT0 + 1s, kBacklog);
  policy.on_transient_failure(kT0 + 500ms, kT0 + 1100ms);  // was on the wire already
  EXPECT_EQ(policy.next_change(kT0 + 1100ms, kBacklog), gate);
}

TEST(EnginePausePolicy, A429WithRetryAfterZeroPausesAtLeastTheClientsBackoff) {
  PausePolicy policy = defaults();
  const Time until = policy.on_rate_limited(kT0, kT0, 0ms);
  EXPECT_GE(until, kT0 + 100ms);
  EXPECT_EQ(policy.allowance(kT0 + 99ms, 0, kMaxInFlight, kBacklog), 0u);
  EXPECT_EQ(policy.allowance(until, 0, kMaxInFlight, kBacklog), 1u) << "then one probe";
  // A second 429 for the probe: the floor doubles.
  const Time again = policy.on_rate_limited(until, until, std::nullopt);
  EXPECT_GE(again - until, 200ms);
  policy.on_answer();
  EXPECT_EQ(policy.allowance(again, 0, kMaxInFlight, kBacklog), kMaxInFlight);
}

TEST(EnginePausePolicy, ZeroOptionsStillPauseAtLeastTenMilliseconds) {
  PausePolicy policy(PausePolicy::Options{0ms, 0ms, 0ms, 30s}, 7);
  EXPECT_GE(policy.on_rate_limited(kT0, kT0, 0ms), kT0 + 10ms);
  policy.on_transient_failure(kT0, kT0);
  EXPECT_GE(policy.next_change(kT0, kBacklog), kT0 + 10ms);
}

TEST(EnginePausePolicy, AnAuthFailureStopsEverythingThenProbesOnce) {
  PausePolicy policy = defaults();
  EXPECT_TRUE(policy.on_auth_failure(kT0));
  EXPECT_FALSE(policy.on_auth_failure(kT0 + 1s)) << "reported once";
  EXPECT_TRUE(policy.auth_paused());
  EXPECT_EQ(policy.allowance(kT0 + 30s, 0, kMaxInFlight, kBacklog), 0u);
  EXPECT_EQ(policy.next_change(kT0 + 30s, kBacklog), kT0 + 31s);
  EXPECT_EQ(policy.allowance(kT0 + 31s, 0, kMaxInFlight, kBacklog), 1u);
  EXPECT_EQ(policy.allowance(kT0 + 31s, 1, kMaxInFlight, kBacklog), 0u);
  EXPECT_TRUE(policy.on_answer()) << "the answer ended an auth pause";
  EXPECT_FALSE(policy.auth_paused());
}

TEST(EnginePausePolicy, OnlyAnIsolatedFailureGetsItsOwnRetryTime) {
  PausePolicy policy = defaults();
  policy.on_transient_failure(kT0, kT0);
  const auto isolated = policy.retry_time(1, kT0 + 1h, kT0);
  ASSERT_TRUE(isolated.has_value());
  EXPECT_LE(*isolated, kT0 + 200ms);
  EXPECT_LE(policy.retry_time(1, kT0 + 50ms, kT0).value_or(Time::max()), kT0 + 50ms)
      << "never past the event's expiry";
  policy.on_transient_failure(kT0 + 1s, kT0 + 1s);  // the probe failed: an outage
  EXPECT_FALSE(policy.retry_time(2, kT0 + 1h, kT0 + 1s).has_value()) << "keeps its place";
}

TEST(EnginePausePolicy, TheBudgetCapsEveryBurst) {
  PausePolicy policy = defaults();
  RateLimitInfo info;
  info.limit = 120;
  info.remaining = 3;
  const auto wall = PausePolicy::WallTime(std::chrono::seconds(1'700'000'000));
  info.reset = 1'700'000'060;
  policy.on_rate_limit_figures(info, 0, kT0, wall);
  EXPECT_EQ(policy.allowance(kT0, 0, kMaxInFlight, 0), 3u) << "flush/close: all of the budget";
  EXPECT_EQ(policy.allowance(kT0, 0, kMaxInFlight, 2), 3u) << "a demand within it: at once";
  EXPECT_EQ(policy.allowance(kT0, 0, kMaxInFlight, kBacklog), 1u) << "a backlog: spread";
  for (int i = 0; i < 3; ++i) policy.on_start(kT0);
  EXPECT_EQ(policy.allowance(kT0, 0, kMaxInFlight, 0), 0u);
  EXPECT_EQ(policy.next_change(kT0, 0), kT0 + 60s);
}

}  // namespace
}  // namespace flameup::detail
