// Per-key fixed-window rate limiting (tools/devserver/rate_window.hpp).
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace flameup::devserver::detail
