#include "engine/backoff.hpp"

#include <chrono>
#include <random>

#include <gtest/gtest.h>

using flameup::detail::backoff_delay;
using flameup::detail::parse_retry_after;
using namespace std::chrono;

namespace {

// 1994-11-06T08:49:37Z, the date of RFC 9110's examples.
const system_clock::time_point kDate = system_clock::from_time_t(784111777);
constexpr milliseconds kMax{120000};

}  // namespace

TEST(BackoffDelay, StaysWithinTheDoublingCeiling) {
  std::mt19937_64 rng(42);
  const milliseconds initial(100);
  const milliseconds max(1000);
  const milliseconds ceilings[] = {milliseconds(100), milliseconds(200), milliseconds(400),
                                   milliseconds(800), milliseconds(1000), milliseconds(1000)};
  for (int failures = 1; failures <= 6; ++failures) {
    milliseconds largest(0);
    for (int i = 0; i < 2000; ++i) {
      const auto delay = backoff_delay(failures, initial, max, rng);
      ASSERT_GE(delay.count(), 0);
      ASSERT_LE(delay, ceilings[failures - 1]) << "failures=" << failures;
      largest = std::max(largest, delay);
    }
    // Full jitter spreads over the whole range: the largest of 2000 draws is near the top.
    EXPECT_GT(largest, ceilings[failures - 1] * 9 / 10) << "failures=" << failures;
  }
}

TEST(BackoffDelay, IsJitteredNotConstant) {
  std::mt19937_64 rng(7);
  const auto first = backoff_delay(3, milliseconds(100), milliseconds(10000), rng);
  bool differs = false;
  for (int i = 0; i < 50 && !differs; ++i) {
    differs = backoff_delay(3, milliseconds(100), milliseconds(10000), rng) != first;
  }
  EXPECT_TRUE(differs);
}

TEST(BackoffDelay, HugeFailureCountsDoNotOverflow) {
  std::mt19937_64 rng(1);
  for (int i = 0; i < 100; ++i) {
    const auto delay = backoff_delay(100000, milliseconds(200), milliseconds(30000), rng);
    ASSERT_GE(delay.count(), 0);
    ASSERT_LE(delay.count(), 30000);
  }
}

TEST(BackoffDelay, ZeroInitialMeansNoWait) {
  std::mt19937_64 rng(1);
  EXPECT_EQ(backoff_delay(3, milliseconds(0), milliseconds(1000), rng).count(), 0);
}

TEST(RetryAfter, DeltaSeconds) {
  EXPECT_EQ(parse_retry_after("5", kDate, kMax), milliseconds(5000));
  EXPECT_EQ(parse_retry_after(" 120 ", kDate, kMax), milliseconds(120000));
  EXPECT_EQ(parse_retry_after("0", kDate, kMax), milliseconds(0));
}

TEST(RetryAfter, EnormousValuesAreClamped) {
  EXPECT_EQ(parse_retry_after("121", kDate, kMax), kMax);
  EXPECT_EQ(parse_retry_after("99999999999999999999999999999", kDate, kMax), kMax);
  EXPECT_EQ(parse_retry_after("Fri, 31 Dec 9999 23:59:59 GMT", kDate, kMax), kMax);
}

TEST(RetryAfter, NegativeAndGarbageAreEmpty) {
  for (const char* value : {"-1", "-120", "1.5", "soon", "", "   ", "5s", "0x10",
                            "Sun, 06 Nov 1994 08:49:37", "Sun, 32 Nov 1994 08:49:37 GMT",
                            "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 06 Nov 1994 25:49:37 GMT"}) {
    EXPECT_FALSE(parse_retry_after(value, kDate, kMax).has_value()) << "'" << value << "'";
  }
}

TEST(RetryAfter, ImfFixdate) {
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:50:07 GMT", kDate, kMax), milliseconds(30000));
}

TEST(RetryAfter, Rfc850Date) {
  EXPECT_EQ(parse_retry_after("Sunday, 06-Nov-94 08:49:47 GMT", kDate, kMax),
            milliseconds(10000));
}

TEST(RetryAfter, AsctimeDate) {
  EXPECT_EQ(parse_retry_after("Sun Nov  6 08:49:57 1994", kDate, kMax), milliseconds(20000));
}

TEST(RetryAfter, DateInThePastMeansNow) {
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", kDate, kMax), milliseconds(0));
}

TEST(RetryAfter, DateCountsFromSubSecondNow) {
  // now is 400 ms into the second: a date 2 s later on the clock is 1.6 s away.
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:39 GMT", kDate + milliseconds(400), kMax),
            milliseconds(1600));
}
