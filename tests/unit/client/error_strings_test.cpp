#include <set>
#include <string>

#include <gtest/gtest.h>

#include "flameup/flameup.hpp"

TEST(ToString, ErrorCodesHaveStableNames) {
  using flameup::ErrorCode;
  EXPECT_STREQ(to_string(ErrorCode::none), "none");
  EXPECT_STREQ(to_string(ErrorCode::invalid_event), "invalid_event");
  EXPECT_STREQ(to_string(ErrorCode::invalid_options), "invalid_options");
  EXPECT_STREQ(to_string(ErrorCode::response_too_large), "response_too_large");
  EXPECT_STREQ(to_string(ErrorCode::server_error), "server_error");
  EXPECT_STREQ(to_string(ErrorCode::expired), "expired");
  EXPECT_STREQ(to_string(ErrorCode::internal), "internal");
  EXPECT_STREQ(to_string(ErrorCode::invalid_query), "invalid_query");
  EXPECT_STREQ(to_string(ErrorCode::storage), "storage");
  EXPECT_STREQ(to_string(ErrorCode::filtered), "filtered");
  EXPECT_STREQ(to_string(ErrorCode::disabled), "disabled");
  EXPECT_STREQ(to_string(static_cast<ErrorCode>(999)), "unknown");
}

TEST(ToString, EveryErrorCodeHasADistinctName) {
  std::set<std::string> names;
  // invalid_query is the last value: new ones are appended, so the numbers never change.
  constexpr auto kLast = flameup::ErrorCode::invalid_query;
  static_assert(static_cast<int>(flameup::ErrorCode::internal) == 19,
                "ErrorCode values must stay stable");
  static_assert(static_cast<int>(flameup::ErrorCode::storage) == 20,
                "ErrorCode values must stay stable");
  static_assert(static_cast<int>(kLast) == 23, "ErrorCode values must stay stable");
  for (int i = 0; i <= static_cast<int>(kLast); ++i) {
    names.insert(to_string(static_cast<flameup::ErrorCode>(i)));
  }
  EXPECT_EQ(names.size(), static_cast<std::size_t>(kLast) + 1);
  EXPECT_EQ(names.count("unknown"), 0U);
}

TEST(ToString, OtherEnums) {
  EXPECT_STREQ(to_string(flameup::EnqueueStatus::queue_full), "queue_full");
  EXPECT_STREQ(to_string(flameup::EnqueueStatus::filtered), "filtered");
  EXPECT_STREQ(to_string(flameup::EnqueueStatus::disabled), "disabled");
  EXPECT_STREQ(to_string(flameup::LogLevel::warn), "warn");
  EXPECT_STREQ(to_string(flameup::OutcomeKind::delivered), "delivered");
  EXPECT_STREQ(to_string(flameup::DropReason::evicted), "evicted");
  EXPECT_STREQ(to_string(flameup::DropReason::retries_exhausted), "retries_exhausted");
}
