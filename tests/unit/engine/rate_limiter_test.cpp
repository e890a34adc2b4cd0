// RateLimiter: sending at once what the budget allows, spreading the remaining requests over
// the window only when the demand exceeds them, waiting for the reset at Remaining 0, and
// client-wide 429 pauses (Retry-After, reset, the client's own floor, clamping).

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <limits>

#include "engine/rate_limiter.hpp"
#include "test_time.hpp"

namespace flameup::detail {
namespace {

using namespace std::chrono_literals;
using Time = RateLimiter::Time;
using WallTime = RateLimiter::WallTime;

using flameup::testing::kT0;
// More requests than any window below allows: the limiter has to spread them.
constexpr std::size_t kBacklog = 1000;
// A whole number of seconds, so X-RateLimit-Reset (Unix seconds) lands exactly.
const WallTime kWall0 = WallTime(std::chrono::seconds(1'700'000'000));

RateLimitInfo info(long remaining, std::chrono::seconds reset_in, long limit = 120) {
  RateLimitInfo i;
  i.limit = limit;
  i.remaining = remaining;
  i.reset = std::chrono::duration_cast<std::chrono::seconds>(
                (kWall0 + reset_in).time_since_epoch())
                .count();
  return i;
}

TEST(EngineRateLimiter, WithoutFiguresRequestsGoAtOnce) {
  RateLimiter limiter(120s);
  limiter.on_start(kT0);
  limiter.on_start(kT0);
  EXPECT_EQ(limiter.next_start(kT0, kBacklog), kT0);
  EXPECT_FALSE(limiter.shaping(kT0, kBacklog));
  EXPECT_FALSE(limiter.paused(kT0));
}

TEST(EngineRateLimiter, SpreadsTheRemainingRequestsOverTheWindow) {
  RateLimiter limiter(120s);
  limiter.observe(info(10, 10s), 0, kT0, kWall0);
  EXPECT_TRUE(limiter.shaping(kT0, kBacklog));
  limiter.on_start(kT0);
  // 9 left for 10 s: one every 10/9 s.
  const auto next = limiter.next_start(kT0, kBacklog);
  EXPECT_GT(next, kT0 + 1100ms);
  EXPECT_LT(next, kT0 + 1112ms);
}

TEST(EngineRateLimiter, RequestsStillInFlightComeOffTheBudget) {
  RateLimiter limiter(120s);
  limiter.observe(info(3, 12s), 2, kT0, kWall0);  // 2 more may already be counted
  limiter.on_start(kT0);                          // 0 left
  EXPECT_EQ(limiter.next_start(kT0, kBacklog), kT0 + 12s);
}

TEST(EngineRateLimiter, RemainingZeroWaitsForTheResetWithoutA429) {
  RateLimiter limiter(120s);
  limiter.observe(info(0, 7s), 0, kT0, kWall0);
  EXPECT_TRUE(limiter.paused(kT0));
  EXPECT_EQ(limiter.next_start(kT0, kBacklog), kT0 + 7s);
  EXPECT_FALSE(limiter.paused(kT0 + 7s));
  EXPECT_EQ(limiter.next_start(kT0 + 7s, kBacklog), kT0 + 7s) << "a new window: send at once";
}

TEST(EngineRateLimiter, AResetInThePastMeansNoWait) {
  RateLimiter limiter(120s);
  limiter.observe(info(0, -3s), 0, kT0, kWall0);
  EXPECT_EQ(limiter.next_start(kT0, kBacklog), kT0);
}

TEST(EngineRateLimiter, AFarResetIsClampedToMaxWait) {
  RateLimiter limiter(5s);
  limiter.observe(info(0, 3600s), 0, kT0, kWall0);
  EXPECT_EQ(limiter.next_start(kT0, kBacklog), kT0 + 5s);
}

TEST(EngineRateLimiter, ADemandWithinTheBudgetGoesOutAtOnce) {
  RateLimiter limiter(120s);
  limiter.observe(info(100, 60s), 0, kT0, kWall0);
  for (int i = 0; i < 30; ++i) {
    ASSERT_FALSE(limiter.shaping(kT0, 30 - i)) << i;
    ASSERT_EQ(limiter.next_start(kT0, 30 - i), kT0) << i;
    limiter.on_start(kT0);
  }
  EXPECT_EQ(limiter.budget(kT0), 70);
  EXPECT_TRUE(limiter.shaping(kT0, 71)) << "one more than the budget: spread";
  EXPECT_GT(limiter.next_start(kT0, 71), kT0);
  EXPECT_EQ(limiter.next_start(kT0, 0), kT0) << "demand 0: close()/flush() waiting, no spreading";
}

TEST(EngineRateLimiter, NoDemandEverSendsPastAnExhaustedBudget) {
  RateLimiter limiter(120s);
  limiter.observe(info(2, 30s), 0, kT0, kWall0);
  limiter.on_start(kT0);
  limiter.on_start(kT0);
  EXPECT_EQ(limiter.budget(kT0), 0);
  EXPECT_EQ(limiter.next_start(kT0, 0), kT0 + 30s);
  EXPECT_EQ(limiter.next_start(kT0, kBacklog), kT0 + 30s);
}

TEST(EngineRateLimiter, AResetTooLargeForTheClockIsClampedNotOverflowed) {
  for (const std::int64_t reset : {std::int64_t{999'999'999'999'999'999},
                                   std::numeric_limits<std::int64_t>::max()}) {
    RateLimiter limiter(120s);
    RateLimitInfo i = info(0, 0s);
    i.reset = reset;
    limiter.observe(i, 0, kT0, kWall0);
    EXPECT_EQ(limiter.next_start(kT0, kBacklog), kT0 + 120s) << reset;
  }
}

TEST(EngineRateLimiter, MaxWaitAtItsLimitsStaysUsable) {
  RateLimiter forever(std::chrono::milliseconds::max());
  forever.observe(info(0, 7s), 0, kT0, kWall0);
  EXPECT_EQ(forever.next_start(kT0, kBacklog), kT0 + 7s);
  EXPECT_EQ(forever.on_rate_limited(3s, kT0, 100ms), kT0 + 3s);
  RateLimiter none(0s);
  EXPECT_EQ(none.on_rate_limited(1h, kT0, 100ms), kT0 + 100ms) << "the floor beats a 0 cap";
}

TEST(EngineRateLimiter, A429NeverPausesLessThanTheClientsOwnBackoff) {
  RateLimiter limiter(120s);
  // Retry-After: 0, or an HTTP date in the past (parsed to 0), or a reset already gone.
  EXPECT_EQ(limiter.on_rate_limited(0ms, kT0, 400ms), kT0 + 400ms);
  limiter.observe(info(5, -2s), 0, kT0, kWall0);
  EXPECT_EQ(limiter.on_rate_limited(std::nullopt, kT0 + 1s, 400ms), kT0 + 1400ms);
  // A server wait longer than the floor is honoured as is.
  EXPECT_EQ(limiter.on_rate_limited(5s, kT0 + 2s, 400ms), kT0 + 7s);
}

TEST(EngineRateLimiter, A429HonoursRetryAfter) {
  RateLimiter limiter(120s);
  EXPECT_EQ(limiter.on_rate_limited(3s, kT0, 100ms), kT0 + 3s);
  EXPECT_TRUE(limiter.paused(kT0 + 2999ms));
  EXPECT_EQ(limiter.next_start(kT0 + 1s, kBacklog), kT0 + 3s);
  EXPECT_FALSE(limiter.paused(kT0 + 3s));
}

TEST(EngineRateLimiter, A429WithoutRetryAfterWaitsForTheKnownReset) {
  RateLimiter limiter(120s);
  limiter.observe(info(5, 9s), 0, kT0, kWall0);
  EXPECT_EQ(limiter.on_rate_limited(std::nullopt, kT0, 100ms), kT0 + 9s);
}

TEST(EngineRateLimiter, A429WithNothingToGoOnUsesTheFallbackBackoff) {
  RateLimiter limiter(120s);
  EXPECT_EQ(limiter.on_rate_limited(std::nullopt, kT0, 750ms), kT0 + 750ms);
}

TEST(EngineRateLimiter, A429PauseIsClampedAndNeverShortened) {
  RateLimiter limiter(10s);
  EXPECT_EQ(limiter.on_rate_limited(1h, kT0, 100ms), kT0 + 10s);
  // A later, shorter Retry-After does not cut the pause already in force.
  EXPECT_EQ(limiter.on_rate_limited(1s, kT0 + 1s, 100ms), kT0 + 10s);
}

}  // namespace
}  // namespace flameup::detail
