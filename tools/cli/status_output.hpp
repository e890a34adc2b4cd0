#pragma once
// The CLI's stderr while an import runs: whole lines (reports, notes, plain progress) and,
// on a terminal, one live progress line kept at the bottom and rewritten in place
// ("\r" + erase-line). A whole line printed while the live line shows first erases it, then
// redraws it below, so the two never mix. Thread-safe.

#include <iosfwd>
#include <mutex>
#include <string>

namespace flameup::cli {

class StatusOutput {
 public:
  explicit StatusOutput(std::ostream& out) : out_(out) {}

  /// Prints @p text and a newline.
  void line(const std::string& text);
  /// Shows @p text as the live line, replacing the previous one.
  void live(const std::string& text);
  /// Ends the live line (kept on screen, followed by a newline); later output goes below.
  void end_live();

 private:
  std::ostream& out_;
  std::mutex mutex_;
  std::string live_;  // shown now; empty: none
};

}  // namespace flameup::cli
