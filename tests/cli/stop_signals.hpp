#pragma once
// The test servers run as programs until SIGINT or SIGTERM: they block both signals before
// any thread exists (threads inherit the mask), then wait for one on the main thread.

#include <pthread.h>

#include <csignal>

namespace flameup::testing {

/// Blocks SIGINT and SIGTERM in this thread and the threads it starts later; returns the set.
inline sigset_t block_stop_signals() {
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  return stop_signals;
}

/// Returns when one of @p stop_signals arrives.
inline void wait_for_stop_signal(const sigset_t& stop_signals) {
  int signal = 0;
  sigwait(&stop_signals, &signal);
}

}  // namespace flameup::testing
