#include "logger.hpp"

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

using flameup::LogLevel;
using flameup::detail::Logger;

TEST(Logger, DeliversAtOrAboveTheLevel) {
  std::vector<std::pair<LogLevel, std::string>> lines;
  Logger logger(LogLevel::warn, [&](LogLevel level, std::string_view message) {
    lines.emplace_back(level, std::string(message));
  });
  logger.log(LogLevel::debug, "d");
  logger.log(LogLevel::info, "i");
  logger.log(LogLevel::warn, "w");
  logger.log(LogLevel::error, "e");
  ASSERT_EQ(lines.size(), 2U);
  EXPECT_EQ(lines[0], std::make_pair(LogLevel::warn, std::string("w")));
  EXPECT_EQ(lines[1], std::make_pair(LogLevel::error, std::string("e")));
  EXPECT_FALSE(logger.enabled(LogLevel::info));
  EXPECT_TRUE(logger.enabled(LogLevel::error));
}

TEST(Logger, OffSilencesEverything) {
  int calls = 0;
  Logger logger(LogLevel::off, [&](LogLevel, std::string_view) { ++calls; });
  logger.log(LogLevel::error, "e");
  logger.log(LogLevel::off, "o");
  EXPECT_EQ(calls, 0);
  EXPECT_FALSE(logger.enabled(LogLevel::error));
}

TEST(Logger, AThrowingCallbackIsContained) {
  Logger logger(LogLevel::debug, [](LogLevel, std::string_view) { throw std::runtime_error("x"); });
  EXPECT_NO_THROW(logger.log(LogLevel::error, "e"));
}

TEST(Logger, WithoutCallbackWritesToStderr) {
  testing::internal::CaptureStderr();
  Logger(LogLevel::warn, nullptr).log(LogLevel::error, "disk on fire");
  Logger(LogLevel::warn, nullptr).log(LogLevel::info, "quiet");
  const std::string err = testing::internal::GetCapturedStderr();
  EXPECT_EQ(err, "flameup [error] disk on fire\n");
}
