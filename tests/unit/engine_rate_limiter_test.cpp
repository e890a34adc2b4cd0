// RateLimiter: spreading the remaining requests over the window, waiting for the reset at
// Remaining 0, and client-wide 429 pauses (Retry-After, reset, fallback, clamping).

#include <gtest/gtest.h>

#include <chrono>

#include "rate_limiter.hpp"

namespace flameup::detail {
namespace {

using namespace std::chrono_literals;
using Time = RateLimiter::Time;
using WallTime = RateLimiter::WallTime;

const Time kT0 = Time(std::chrono::hours(1000));
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
  EXPECT_EQ(limiter.next_start(kT0), kT0);
  EXPECT_FALSE(limiter.shaping(kT0));
  EXPECT_FALSE(limiter.paused(kT0));
}

TEST(EngineRateLimiter, SpreadsTheRemainingRequestsOverTheWindow) {
  RateLimiter limiter(120s);
  limiter.observe(info(10, 10s), 0, kT0, kWall0);
  EXPECT_TRUE(limiter.shaping(kT0));
  limiter.on_start(kT0);
  // 9 left for 10 s: one every 10/9 s.
  const auto next = limiter.next_start(kT0);
  EXPECT_GT(next, kT0 + 1100ms);
  EXPECT_LT(next, kT0 + 1112ms);
}

TEST(EngineRateLimiter, RequestsStillInFlightComeOffTheBudget) {
  RateLimiter limiter(120s);
  limiter.observe(info(3, 12s), 2, kT0, kWall0);  // 2 more may already be counted
  limiter.on_start(kT0);                          // 0 left
  EXPECT_EQ(limiter.next_start(kT0), kT0 + 12s);
}

TEST(EngineRateLimiter, RemainingZeroWaitsForTheResetWithoutA429) {
  RateLimiter limiter(120s);
  limiter.observe(info(0, 7s), 0, kT0, kWall0);
  EXPECT_TRUE(limiter.paused(kT0));
  EXPECT_EQ(limiter.next_start(kT0), kT0 + 7s);
  EXPECT_FALSE(limiter.paused(kT0 + 7s));
  EXPECT_EQ(limiter.next_start(kT0 + 7s), kT0 + 7s) << "a new window: send at once";
}

TEST(EngineRateLimiter, AResetInThePastMeansNoWait) {
  RateLimiter limiter(120s);
  limiter.observe(info(0, -3s), 0, kT0, kWall0);
  EXPECT_EQ(limiter.next_start(kT0), kT0);
}

TEST(EngineRateLimiter, AFarResetIsClampedToMaxWait) {
  RateLimiter limiter(5s);
  limiter.observe(info(0, 3600s), 0, kT0, kWall0);
  EXPECT_EQ(limiter.next_start(kT0), kT0 + 5s);
}

TEST(EngineRateLimiter, A429HonoursRetryAfter) {
  RateLimiter limiter(120s);
  EXPECT_EQ(limiter.on_rate_limited(3s, kT0, 100ms), kT0 + 3s);
  EXPECT_TRUE(limiter.paused(kT0 + 2999ms));
  EXPECT_EQ(limiter.next_start(kT0 + 1s), kT0 + 3s);
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
