#pragma once
// One printed line per scenario, in a fixed format that README.md explains.

#include <string>

#include "measure.hpp"
#include "sdk_scenarios.hpp"

namespace flameup::bench {

/// Ratios of alternating rounds, each SDK round over the baseline round just before it: the
/// median of each, which one lucky or unlucky round cannot move.
struct PairedRatios {
  std::size_t pairs = 0;
  double events_per_second = 0;
  double cpu = 0;
  double p50 = 0;
  double p99 = 0;
  double p999 = 0;
};

/// "<scenario>  <server>  <n> ev  <x> ev/s  <y> us/ev" and, with a baseline,
/// "  ratio <ev/s ratio> (cpu <us/ev ratio>)", and with pairs, "  paired <ev/s> (cpu <cpu>) of
/// <n>". An error replaces the figures.
void print_loop(const std::string& scenario, const std::string& server, const LoopResult& result,
                const LoopResult* baseline = nullptr, const PairedRatios* paired = nullptr);

/// "enqueue latency  <server>  <n> ev  p50 .. us  p99 .. us  p99.9 .. us  max .. us" and, with
/// a baseline, "  ratio p50 .. p99 .. p99.9 .." (this run's over the baseline's), and with
/// pairs, "  paired p50 .. p99 .. p99.9 .. of <n>".
void print_latency(const std::string& server, const LatencyResult& result,
                   const LatencyResult* baseline = nullptr, const PairedRatios* paired = nullptr);

/// "queued memory  down  <n> ev  json .. MiB  rss +.. MiB  ratio .."
void print_memory(const MemoryResult& result);

}  // namespace flameup::bench
