#pragma once
// Where a rerun of an import may start: the longest prefix of the input whose lines are all
// done. Lines are read in order but their outcomes arrive in any order, so the prefix
// advances only when its first open line is settled. A line delivered, rejected, invalid or
// blank is done; one dropped or expired is not, and holds the prefix for the rest of the run
// (a rerun sends it again). Not thread-safe: ImportTally calls it under its lock.

#include <cstdint>
#include <deque>

#include "import_state.hpp"

namespace flameup::cli {

enum class LineEnd { open, delivered, rejected, invalid, blank, undelivered };

class ResumePoint {
 public:
  /// Starts after the lines @p done (from a state file; default: none).
  explicit ResumePoint(ImportState done = {}) : done_(done) {}

  /// Line @p line (the next after the previous one read) was read; @p prefix_hash is the
  /// hash of the input up to and including it. @p end: open while its outcome is awaited.
  void read(long line, std::uint64_t prefix_hash, LineEnd end);
  /// The outcome of line @p line, read earlier and still open.
  void settle(long line, LineEnd end);
  /// The done prefix so far.
  const ImportState& done() const { return done_; }

 private:
  struct Line {
    std::uint64_t prefix_hash;
    LineEnd end;
  };
  void advance();

  ImportState done_;
  std::deque<Line> after_;  // lines done_.lines + 1, + 2, ... in order
};

}  // namespace flameup::cli
