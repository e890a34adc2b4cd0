#pragma once
// Ctrl-C and SIGTERM for `flameup import`: the first asks the import to stop cleanly (no new
// line is read, what is in flight gets its outcome, the summary is printed); a second ends
// the process at once with the same status (128 + the signal number).
//
// The signals are blocked and taken by a thread of its own with sigwait(), so no code runs
// in a signal handler. The library never installs handlers; the CLI, an application, does.

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <functional>
#include <string>

namespace flameup::cli {

/// "SIGINT", "SIGTERM", or "signal N".
std::string signal_name(int signal);

class StopSignals {
 public:
  /// Blocks SIGINT and SIGTERM in the calling thread, and so in every thread it starts later:
  /// construct it before the Client. @p on_stop runs on the signal thread at the first one.
  explicit StopSignals(std::function<void(int)> on_stop);
  /// Ends the signal thread. The signals stay blocked: the program is about to exit.
  ~StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

 private:
  static void* run(void* self);

  std::function<void(int)> on_stop_;
  sigset_t signals_{};
  pthread_t thread_{};
  bool started_ = false;
  std::atomic<bool> ending_{false};
};

}  // namespace flameup::cli
