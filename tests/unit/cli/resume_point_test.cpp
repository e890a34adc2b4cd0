// Where a rerun of `flameup import` may start (tools/cli/resume_point.hpp): only past a
// prefix of lines that are all done, whatever order the outcomes arrive in.
#include "resume_point.hpp"

#include <gtest/gtest.h>

namespace flameup::cli {
namespace {

// The prefix hash of line n is n * 100 here: any distinct number does.
std::uint64_t hash_of(long line) { return static_cast<std::uint64_t>(line) * 100; }

TEST(ResumePoint, AdvancesOnlyOverAPrefixOfDoneLines) {
  ResumePoint point;
  for (long line = 1; line <= 4; ++line) point.read(line, hash_of(line), LineEnd::open);
  point.settle(2, LineEnd::delivered);
  point.settle(4, LineEnd::delivered);
  EXPECT_EQ(point.done().lines, 0);  // line 1 still open
  point.settle(1, LineEnd::rejected);
  EXPECT_EQ(point.done().lines, 2);
  EXPECT_EQ(point.done().prefix_hash, hash_of(2));
  point.settle(3, LineEnd::delivered);
  EXPECT_EQ(point.done().lines, 4);
  EXPECT_EQ(point.done().prefix_hash, hash_of(4));
  EXPECT_EQ(point.done().delivered, 3);
  EXPECT_EQ(point.done().rejected, 1);
}

TEST(ResumePoint, BlankAndInvalidLinesAreDoneAtOnce) {
  ResumePoint point;
  point.read(1, hash_of(1), LineEnd::blank);
  point.read(2, hash_of(2), LineEnd::invalid);
  EXPECT_EQ(point.done().lines, 2);
  EXPECT_EQ(point.done().invalid, 1);
  EXPECT_EQ(point.done().delivered, 0);
}

TEST(ResumePoint, AnUndeliveredLineHoldsThePrefixForGood) {
  ResumePoint point;
  point.read(1, hash_of(1), LineEnd::open);
  point.read(2, hash_of(2), LineEnd::open);
  point.settle(1, LineEnd::undelivered);
  point.settle(2, LineEnd::delivered);
  EXPECT_EQ(point.done().lines, 0);  // a rerun sends line 1 again (and line 2, de-duplicated)
}

TEST(ResumePoint, StartsAfterAnEarlierRunsLines) {
  ImportState earlier;
  earlier.lines = 10;
  earlier.delivered = 9;
  earlier.invalid = 1;
  earlier.prefix_hash = 77;
  ResumePoint point(earlier);
  point.read(11, hash_of(11), LineEnd::open);
  point.settle(11, LineEnd::delivered);
  point.settle(3, LineEnd::rejected);  // not open: ignored
  EXPECT_EQ(point.done().lines, 11);
  EXPECT_EQ(point.done().delivered, 10);
  EXPECT_EQ(point.done().rejected, 0);
  EXPECT_EQ(point.done().prefix_hash, hash_of(11));
}

}  // namespace
}  // namespace flameup::cli
