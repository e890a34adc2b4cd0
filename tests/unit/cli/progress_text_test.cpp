// The text of `flameup import`'s progress line (tools/cli/progress_text.hpp) and the line
// keys (tools/cli/content_hash.hpp).
#include "progress_text.hpp"

#include <gtest/gtest.h>

#include "content_hash.hpp"

namespace flameup::cli {
namespace {

using std::chrono::seconds;

TEST(ProgressText, ShowsDoneTotalRateEtaAndFailures) {
  ProgressNumbers numbers;
  numbers.done = 120;
  numbers.total = 10000;
  numbers.done_this_run = 120;
  numbers.failed = 3;
  numbers.elapsed = seconds(60);
  EXPECT_EQ(progress_text(numbers),
            "import: 120/10000 lines (1%), 2.0 lines/s, ETA 1h22m, 3 failed");
}

TEST(ProgressText, SkippedLinesCountAsDoneButNotInTheRate) {
  ProgressNumbers numbers;
  numbers.done = 60;
  numbers.total = 100;
  numbers.done_this_run = 10;
  numbers.elapsed = seconds(5);
  EXPECT_EQ(progress_text(numbers), "import: 60/100 lines (60%), 2.0 lines/s, ETA 20s, 0 failed");
}

TEST(ProgressText, UnknownTotalOrRateOrDone) {
  ProgressNumbers numbers;
  numbers.done = 7;
  numbers.done_this_run = 7;
  numbers.elapsed = seconds(2);
  EXPECT_EQ(progress_text(numbers), "import: 7 lines, 3.5 lines/s, 0 failed");
  numbers.total = 10;
  numbers.done = numbers.done_this_run = 0;
  EXPECT_EQ(progress_text(numbers), "import: 0/10 lines (0%), 0.0 lines/s, ETA unknown, 0 failed");
  numbers.done = numbers.done_this_run = 10;
  EXPECT_EQ(progress_text(numbers), "import: 10/10 lines (100%), 5.0 lines/s, 0 failed");
  numbers.total = 100'000'000;
  numbers.done = numbers.done_this_run = 1;
  numbers.elapsed = seconds(100);
  EXPECT_EQ(progress_text(numbers),
            "import: 1/100000000 lines (0%), 0.0 lines/s, ETA over a week, 0 failed");
}

TEST(ProgressText, Durations) {
  EXPECT_EQ(format_duration(seconds(0)), "0s");
  EXPECT_EQ(format_duration(seconds(59)), "59s");
  EXPECT_EQ(format_duration(seconds(65)), "1m05s");
  EXPECT_EQ(format_duration(seconds(4980)), "1h23m");
  EXPECT_EQ(format_duration(seconds(-5)), "0s");
}

TEST(LineKey, IsStableAndDependsOnLineAndBytes) {
  // FNV-1a 64 of "a" is af63dc4c8601ec8c (the algorithm's published test value).
  EXPECT_EQ(line_key(1, "a"), "L1-af63dc4c8601ec8c");
  EXPECT_EQ(line_key(1, ""), "L1-cbf29ce484222325");
  EXPECT_NE(line_key(2, "a"), line_key(1, "a"));
  EXPECT_NE(line_key(1, "a\r"), line_key(1, "a"));
  EXPECT_LE(line_key(9'999'999'999L, "x").size(), 36U);  // TrackEvent's limit
}

}  // namespace
}  // namespace flameup::cli
