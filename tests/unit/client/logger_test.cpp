#include "client/logger.hpp"

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "key_spellings.hpp"
#include "sentinel_key.hpp"
#include "text/printable_text.hpp"

using flameup::LogLevel;
using flameup::detail::Logger;
using flameup::testing::find_key_leak;
using flameup::testing::key_spellings;
using flameup::testing::kSentinelKey;

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
  int calls = 0;
  Logger logger(LogLevel::debug, [&](LogLevel, std::string_view) {
    if (++calls == 1) throw std::runtime_error("x");
  });
  // An empty view, not a literal: libc++ does not mark string_view's const char* constructor
  // noexcept, and the question is about log() itself.
  static_assert(noexcept(logger.log(LogLevel::error, std::string_view())), "log() must never throw");
  logger.log(LogLevel::error, "e");  // an exception escaping here would end the test program
  logger.log(LogLevel::error, "f");
  EXPECT_EQ(calls, 2);  // the logger still works after a throwing call
}

TEST(Logger, WithoutCallbackWritesToStderr) {
  testing::internal::CaptureStderr();
  Logger(LogLevel::warn, nullptr).log(LogLevel::error, "disk on fire");
  Logger(LogLevel::warn, nullptr).log(LogLevel::info, "quiet");
  const std::string err = testing::internal::GetCapturedStderr();
  EXPECT_EQ(err, "flameup [error] disk on fire\n");
}

namespace {

// A server's text with a forged log line, terminal escapes (ESC and C1), a bidirectional
// override and bytes that are not UTF-8; and what every log line must show instead.
const std::string kHostile =
    "HTTP 400: bad\r\nflameup [error] forged line\x1b[2J\x1b]0;title\x07\xC2\x9B"
    "31m"
    "\xE2\x80\xAEtxt\xFF end";
const std::string kShown =
    "HTTP 400: bad\\r\\nflameup [error] forged line\\x1b[2J\\x1b]0;title\\x07\\u009b31m"
    "\\u202etxt\\xff end";

}  // namespace

TEST(Logger, ControlCharactersAndInvalidUtf8AreShownEscapedToACallback) {
  std::vector<std::string> lines;
  Logger logger(LogLevel::debug,
                [&](LogLevel, std::string_view message) { lines.emplace_back(message); });
  logger.log(LogLevel::warn, kHostile);
  ASSERT_EQ(lines.size(), 1U);
  EXPECT_EQ(lines[0], kShown);
  EXPECT_TRUE(flameup::detail::is_printable_text(lines[0]));
}

TEST(Logger, ControlCharactersAndInvalidUtf8AreShownEscapedOnStderr) {
  testing::internal::CaptureStderr();
  Logger(LogLevel::debug, nullptr).log(LogLevel::warn, kHostile);
  const std::string err = testing::internal::GetCapturedStderr();
  EXPECT_EQ(err, "flameup [warn] " + kShown + "\n");  // one line, nothing forged
}

TEST(Logger, TheKeyIsRedactedInEverySpelling) {
  std::vector<std::string> lines;
  Logger logger(
      LogLevel::debug, [&](LogLevel, std::string_view message) { lines.emplace_back(message); },
      kSentinelKey);
  testing::internal::CaptureStderr();
  const Logger to_stderr(LogLevel::debug, nullptr, kSentinelKey);
  for (const auto& spelling : key_spellings(kSentinelKey)) {
    logger.log(LogLevel::error, "echoed: " + spelling.text + "\r\n");
    to_stderr.log(LogLevel::error, "echoed: " + spelling.text);
  }
  const std::string err = testing::internal::GetCapturedStderr();
  ASSERT_EQ(lines.size(), key_spellings(kSentinelKey).size());
  for (const auto& line : lines) EXPECT_EQ(line, "echoed: [redacted]\\r\\n");
  EXPECT_EQ(find_key_leak(err, kSentinelKey), "") << err;
  EXPECT_NE(err.find("flameup [error] echoed: [redacted]\n"), std::string::npos);
}
