#pragma once
// Timing, CPU and memory probes shared by every scenario. CPU is read with getrusage so that a
// scenario's figure covers every thread of this process (the SDK's delivery thread included)
// and nothing of the servers, which run in other processes.

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace flameup::bench {

/// Wall time since construction (steady clock).
class Stopwatch {
 public:
  Stopwatch() : start_(std::chrono::steady_clock::now()) {}
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  std::chrono::steady_clock::time_point start_;
};

/// CPU seconds (user + system) consumed so far by this process, all threads.
double process_cpu_seconds();
/// CPU seconds (user + system) consumed so far by waited-for child processes.
double children_cpu_seconds();

/// A field of /proc/self/status in KiB ("VmRSS", "VmHWM"), or -1 when unreadable.
long proc_status_kib(const std::string& field);

/// The @p q quantile (0..1) of @p samples (sorted in place), nearest-rank.
double quantile(std::vector<double>& samples, double q);

/// A delivery run: how many events were delivered, in what wall and CPU time.
struct LoopResult {
  std::size_t attempted = 0;
  std::size_t delivered = 0;
  double wall_seconds = 0;
  double cpu_seconds = 0;
  /// Non-empty when the run could not be measured (first failure seen).
  std::string error;

  double events_per_second() const { return wall_seconds > 0 ? static_cast<double>(delivered) / wall_seconds : 0; }
  double cpu_us_per_event() const { return delivered > 0 ? cpu_seconds * 1e6 / static_cast<double>(delivered) : 0; }
};

/// Limits every loop obeys: whichever comes first ends it.
struct RunLimits {
  std::size_t events = 10000;
  std::chrono::seconds max_time{20};
};

}  // namespace flameup::bench
