// Per-key fixed-window rate limiting (tools/devserver/rate_window.hpp).
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "rate_window.hpp"

namespace flameup::devserver::detail {
namespace {

TEST(DevserverRateWindow, CountsDownThenRefusesUntilTheWindowEnds) {
  RateWindow window(2, 60);
  const RateDecision first = window.take("k", 1000);
  EXPECT_TRUE(first.allowed);
  EXPECT_EQ(first.limit, 2);
  EXPECT_EQ(first.remaining, 1);
  EXPECT_EQ(first.reset_unix, 1060);
  EXPECT_EQ(window.take("k", 1010).remaining, 0);
  const RateDecision refused = window.take("k", 1030);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.remaining, 0);
  EXPECT_EQ(refused.reset_unix, 1060);
  EXPECT_EQ(refused.retry_after_s, 30);
  // A new window starts at the first request after the old one ended.
  const RateDecision next = window.take("k", 1060);
  EXPECT_TRUE(next.allowed);
  EXPECT_EQ(next.remaining, 1);
  EXPECT_EQ(next.reset_unix, 1120);
}

TEST(DevserverRateWindow, KeysHaveSeparateWindows) {
  RateWindow window(1, 60);
  EXPECT_TRUE(window.take("a", 0).allowed);
  EXPECT_FALSE(window.take("a", 1).allowed);
  EXPECT_TRUE(window.take("b", 1).allowed);
}

TEST(DevserverRateWindow, RetryAfterIsAtLeastOneSecond) {
  RateWindow window(1, 60);
  window.take("k", 0);
  EXPECT_EQ(window.take("k", 59).retry_after_s, 1);
}

TEST(DevserverRateWindow, ZeroLimitAllowsEverything) {
  RateWindow window(0, 60);
  EXPECT_FALSE(window.enabled());
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(window.take("k", 0).allowed);
}

TEST(DevserverRateWindow, EndedWindowsAreForgotten) {
  RateWindow window(1, 60);
  for (int i = 0; i < 100; ++i) window.take("early-" + std::to_string(i), 0);
  for (int i = 0; i < 10; ++i) window.take("late-" + std::to_string(i), 59);
  EXPECT_EQ(window.tracked_keys(), 110u);
  // At 60 the windows started at 0 have ended; those started at 59 still run.
  window.take("new", 60);
  EXPECT_EQ(window.tracked_keys(), 11u);
  EXPECT_FALSE(window.take("late-0", 60).allowed) << "a running window is kept";
  // Forgetting changes no answer: a forgotten key starts a new window, as it would have.
  const RateDecision again = window.take("early-0", 60);
  EXPECT_TRUE(again.allowed);
  EXPECT_EQ(again.reset_unix, 120);
}

TEST(DevserverRateWindow, ManyKeysOverALongSessionStayBounded) {
  RateWindow window(5, 60);
  // One new key per second for three hours: only the last two windows' keys remain.
  for (std::int64_t t = 0; t < 3 * 3600; ++t) {
    window.take("key-" + std::to_string(t), t);
    ASSERT_LE(window.tracked_keys(), 120u) << "at " << t;
  }
}

TEST(DevserverRateWindow, AClockSetBackStillForgetsEndedWindows) {
  RateWindow window(1, 60);
  window.take("before", 100000);  // sweeps, next sweep due at 100060
  window.take("a", 100);          // clock set back: sweeps now, next due at 160
  window.take("b", 161);          // "a" (started at 100) has ended
  EXPECT_EQ(window.tracked_keys(), 2u) << "\"before\" started in the clock's future";
}

}  // namespace
}  // namespace flameup::devserver::detail
