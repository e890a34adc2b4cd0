#include "stop_signals.hpp"

#include <unistd.h>

namespace flameup::cli {

std::string signal_name(int signal) {
  if (signal == SIGINT) return "SIGINT";
  if (signal == SIGTERM) return "SIGTERM";
  return "signal " + std::to_string(signal);
}

StopSignals::StopSignals(std::function<void(int)> on_stop) : on_stop_(std::move(on_stop)) {
  sigemptyset(&signals_);
  sigaddset(&signals_, SIGINT);
  sigaddset(&signals_, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals_, nullptr);
  started_ = pthread_create(&thread_, nullptr, &StopSignals::run, this) == 0;
}

StopSignals::~StopSignals() {
  if (!started_) return;
  ending_.store(true);
  pthread_kill(thread_, SIGTERM);  // wakes sigwait(); seen as the end, not as a stop
  pthread_join(thread_, nullptr);
}

void* StopSignals::run(void* self) {
  auto& signals = *static_cast<StopSignals*>(self);
  bool stopping = false;
  for (;;) {
    int received = 0;
    if (sigwait(&signals.signals_, &received) != 0) continue;
    if (signals.ending_.load()) return nullptr;
    if (stopping) _exit(128 + received);  // the second signal: no clean stop wanted
    stopping = true;
    signals.on_stop_(received);
  }
}

}  // namespace flameup::cli
