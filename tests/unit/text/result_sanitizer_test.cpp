#include "text/result_sanitizer.hpp"

#include <string>

#include <gtest/gtest.h>

#include "text/bounded_text.hpp"
#include "key_spellings.hpp"
#include "sentinel_key.hpp"
#include "text/printable_text.hpp"
#include "text/utf8.hpp"

using flameup::Error;
using flameup::TrackResult;
using flameup::detail::bound_text;
using flameup::detail::is_printable_text;
using flameup::detail::is_valid_utf8;
using flameup::detail::kMaxTextBytes;
using flameup::detail::ResultSanitizer;
using flameup::testing::cut_part_of;
using flameup::testing::find_key_leak;
using flameup::testing::key_spellings;
using flameup::testing::kSentinelKey;

namespace {

// "word word ... " of exactly @p size bytes: short runs, each ended by a space.
std::string words(std::size_t size) {
  std::string text;
  while (text.size() < size) text += text.size() % 5 == 4 ? ' ' : 'w';
  if (!text.empty()) text.back() = ' ';
  return text;
}

std::string without_ellipsis(std::string text) {
  if (text.size() >= 3 && text.compare(text.size() - 3, 3, "...") == 0) text.resize(text.size() - 3);
  return text;
}

}  // namespace

// The key straddles the cut at every offset, in every spelling: it is redacted before the cut
// (so it is seen whole), and nothing of it is left at the cut.
TEST(ResultSanitizer, AKeyAcrossTheCutIsRedactedAtEveryOffset) {
  constexpr std::size_t kMax = 512;  // longer than every spelling; shorter keeps the test quick
  const ResultSanitizer sanitizer(kSentinelKey, kMax);
  for (const auto& spelling : key_spellings(kSentinelKey)) {
    ASSERT_LT(spelling.text.size(), kMax);
    for (std::size_t kept = 0; kept <= spelling.text.size(); ++kept) {
      std::string text = words(kMax - kept) + spelling.text + " and more text";
      sanitizer.clean(text);
      ASSERT_EQ(find_key_leak(text, kSentinelKey), "") << spelling.name << " kept " << kept;
      ASSERT_EQ(cut_part_of(text, spelling.text), "")
          << spelling.name << " kept " << kept << ": ..." << text.substr(text.size() - 40);
      ASSERT_LE(text.size(), kMax + 3);
      // Redacted, not merely cut away: the mark shows wherever it fits before the cut.
      if (kept >= 10) {
        ASSERT_NE(text.find("[redacted]"), std::string::npos) << spelling.name << " " << kept;
      }
    }
  }
}

// A secret the redactor does not know (another key, a token) is not left in part at a cut
// either: the cut drops the whole run of key characters it would split.
TEST(BoundText, ACutNeverKeepsPartOfAKeyLikeRun) {
  const std::string other = "ws_test_OTHER_KEY.0123456789abcdef%2F\\u0041+/=";
  for (std::size_t kept = 0; kept < other.size(); ++kept) {  // all of it kept: no cut in it
    std::string text = words(kMaxTextBytes - kept) + other + " tail";
    bound_text(text);
    const std::string shown = without_ellipsis(text);
    EXPECT_EQ(cut_part_of(text, other), "")
        << kept << ": ..." << shown.substr(shown.size() - 20);
    EXPECT_EQ(text.substr(text.size() - 3), "...");
    // Whatever comes before the run is kept.
    EXPECT_EQ(shown, words(kMaxTextBytes - kept)) << kept;
  }
}

TEST(BoundText, ShortTextIsUntouchedAndACutAtABoundaryKeepsEverything) {
  std::string text = "short";
  bound_text(text);
  EXPECT_EQ(text, "short");
  text = std::string(kMaxTextBytes, 'm');
  bound_text(text);
  EXPECT_EQ(text, std::string(kMaxTextBytes, 'm'));
  text = std::string(kMaxTextBytes - 1, ' ') + "]xyz";  // the cut falls after "]"
  bound_text(text);
  EXPECT_EQ(text, std::string(kMaxTextBytes - 1, ' ') + "]...");
  text = std::string(kMaxTextBytes + 1, 'm');  // one run of key characters up to the cut
  bound_text(text);
  EXPECT_EQ(text, "...");
}

TEST(BoundText, NeverSplitsAUtf8Sequence) {
  for (std::size_t shift = 0; shift < 4; ++shift) {
    std::string text = std::string(shift, ' ');
    while (text.size() < 2 * kMaxTextBytes) text += "\xC3\xA9 \xF0\x9F\x98\x80 ";  // é, emoji
    bound_text(text);
    EXPECT_TRUE(is_valid_utf8(text)) << shift;
    EXPECT_LE(text.size(), kMaxTextBytes + 3);
  }
}

TEST(ResultSanitizer, EscapesBeforeTheCutAndNeverSplitsAnEscape) {
  const ResultSanitizer sanitizer(kSentinelKey);
  for (std::size_t shift = 0; shift < 5; ++shift) {
    std::string text = std::string(shift, ' ');
    while (text.size() < kMaxTextBytes) text += "\x1b ";
    sanitizer.clean(text);  // each ESC is 4 bytes once escaped: the text is now over the limit
    EXPECT_LE(text.size(), kMaxTextBytes + 3);
    EXPECT_GE(text.size(), kMaxTextBytes - 5);
    EXPECT_TRUE(is_printable_text(text));
    // Whole `\x1b` escapes only, then the mark.
    const std::string shown = without_ellipsis(text).substr(shift);
    EXPECT_TRUE(shown.size() % 5 == 0 || shown.size() % 5 == 4) << shift << ": " << shown;
    for (std::size_t at = 0; at < shown.size(); at += 5) {
      EXPECT_EQ(shown.compare(at, 4, "\\x1b"), 0) << shift << " at " << at;
    }
  }
}

TEST(ResultSanitizer, CleansEveryStringOfAnErrorAndAResult) {
  const ResultSanitizer sanitizer(kSentinelKey);
  TrackResult result;
  result.event_id = "evt_" + kSentinelKey;
  result.request_id = "req\r\n" + kSentinelKey;
  result.error.message = "bad key " + kSentinelKey + "\x1b[2J";
  result.error.server_code = "Bearer " + kSentinelKey;
  result.error.field_errors = {{kSentinelKey, kSentinelKey}, {"userId", std::string(5000, 'x')}};
  sanitizer.clean(result);
  EXPECT_EQ(result.event_id, "evt_[redacted]");
  EXPECT_EQ(result.request_id, "req\\r\\n[redacted]");
  EXPECT_EQ(result.error.message, "bad key [redacted]\\x1b[2J");
  EXPECT_EQ(result.error.server_code, "Bearer [redacted]");
  ASSERT_EQ(result.error.field_errors.size(), 2U);
  EXPECT_EQ(result.error.field_errors.at("[redacted]"), "[redacted]");
  EXPECT_EQ(result.error.field_errors.at("userId"), "...");  // one long run: nothing kept
}

TEST(ResultSanitizer, ALimitOfItsOwn) {
  const ResultSanitizer sanitizer(kSentinelKey, 10);
  std::string text = "0123 5678 abcd";
  sanitizer.clean(text);
  EXPECT_EQ(text, "0123 5678 ...");
}
