#pragma once
// The thread that shows an import's progress and keeps its state file current while the
// reading thread reads and the library delivers.
//
// Progress: on a terminal, a live line rewritten every interval (default 0.5 s); otherwise a
// plain line every interval (default 10 s). The state file is saved at most once a second,
// when the done prefix moved, and once more at the end.

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "import_tally.hpp"
#include "status_output.hpp"

namespace flameup::cli {

struct ProgressSettings {
  bool live = false;                      ///< stderr is a terminal
  std::chrono::milliseconds interval{0};  ///< between two progress lines
  long total_lines = -1;                  ///< -1: unknown
  std::string state_path;                 ///< empty: no state file
};

class ImportProgress {
 public:
  ImportProgress(const ImportTally& tally, StatusOutput& out, ProgressSettings settings);
  ~ImportProgress();
  ImportProgress(const ImportProgress&) = delete;
  ImportProgress& operator=(const ImportProgress&) = delete;

  /// Stops the thread, saves the state a last time and shows the final progress (live: the
  /// line stays). Idempotent.
  void finish();

 private:
  void run();
  void show();
  void save();

  const ImportTally& tally_;
  StatusOutput& out_;
  const ProgressSettings settings_;
  const std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  ImportState saved_;
  bool save_failed_ = false;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace flameup::cli
