// Built instead of sdk_scenarios.cpp when the library is not part of the build: every SDK
// scenario reports that it was not built, and the baselines still run.

#include "sdk_scenarios.hpp"

namespace flameup::bench {
namespace {
const char* const kNotBuilt = "skipped: not built";
}

bool sdk_built() { return false; }

LoopResult run_track_loop(const Target&, const RunLimits&) {
  LoopResult result;
  result.error = kNotBuilt;
  return result;
}

LoopResult run_enqueue_flush(const Target&, const RunLimits&, int, const std::string&) {
  LoopResult result;
  result.error = kNotBuilt;
  return result;
}

LoopResult run_enqueue_threads(const Target&, const RunLimits&, int) {
  LoopResult result;
  result.error = kNotBuilt;
  return result;
}

LatencyResult run_enqueue_latency(const Target&, std::size_t, int, const std::string&, unsigned) {
  LatencyResult result;
  result.error = kNotBuilt;
  return result;
}

std::vector<LatencyResult> run_interleaved_latency(const Target&, std::size_t, int,
                                                   const std::vector<std::string>& storage_paths,
                                                   unsigned) {
  LatencyResult result;
  result.error = kNotBuilt;
  return std::vector<LatencyResult>(storage_paths.size(), result);
}

MemoryResult run_queued_memory(const Target&, std::size_t) {
  MemoryResult result;
  result.error = kNotBuilt;
  return result;
}

}  // namespace flameup::bench
