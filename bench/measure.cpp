#include "measure.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

namespace flameup::bench {
namespace {

double to_seconds(const timeval& tv) { return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6; }

double cpu_seconds_of(int who) {
  rusage usage{};
  if (getrusage(who, &usage) != 0) return 0;
  return to_seconds(usage.ru_utime) + to_seconds(usage.ru_stime);
}

}  // namespace

double process_cpu_seconds() { return cpu_seconds_of(RUSAGE_SELF); }

double children_cpu_seconds() { return cpu_seconds_of(RUSAGE_CHILDREN); }

long proc_status_kib(const std::string& field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  const std::string prefix = field + ":";
  while (std::getline(status, line)) {
    if (line.compare(0, prefix.size(), prefix) != 0) continue;
    std::istringstream value(line.substr(prefix.size()));
    long kib = -1;
    value >> kib;
    return kib;
  }
  return -1;
}

double quantile(std::vector<double>& samples, double q) {
  if (samples.empty()) return 0;
  std::sort(samples.begin(), samples.end());
  // Nearest rank: the smallest sample with at least q of the samples at or below it.
  const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(samples.size())));
  return samples[std::min(samples.size() - 1, rank == 0 ? 0 : rank - 1)];
}

}  // namespace flameup::bench
