#pragma once
// The text of `flameup import`'s progress line, e.g.
//   "import: 120/10000 lines (1%), 2.0 lines/s, ETA 1h22m, 3 failed"
// ("120 lines" and no ETA when the total is unknown, as for standard input).

#include <chrono>
#include <string>

namespace flameup::cli {

struct ProgressNumbers {
  long done = 0;           ///< lines finished, earlier runs' skipped lines included
  long total = -1;         ///< lines in the input; -1: unknown
  long done_this_run = 0;  ///< of `done`, those finished by this run (for the rate)
  long failed = 0;         ///< not delivered: rejected, expired, dropped, invalid
  std::chrono::steady_clock::duration elapsed{};  ///< since this run started
};

/// "1h22m", "3m05s", "12s".
std::string format_duration(std::chrono::seconds duration);

std::string progress_text(const ProgressNumbers& numbers);

}  // namespace flameup::cli
