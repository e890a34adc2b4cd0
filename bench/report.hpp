#pragma once
// One printed line per scenario, in a fixed format that README.md explains.

#include <string>

#include "measure.hpp"
#include "sdk_scenarios.hpp"

namespace flameup::bench {

/// "<scenario>  <server>  <n> ev  <x> ev/s  <y> us/ev" and, with a baseline,
/// "  ratio <ev/s ratio> (cpu <us/ev ratio>)". An error replaces the figures.
void print_loop(const std::string& scenario, const std::string& server, const LoopResult& result,
                const LoopResult* baseline = nullptr);

/// "enqueue latency  <server>  <n> ev  p50 .. us  p99 .. us  p99.9 .. us  max .. us" and, with
/// a baseline, "  ratio p50 .. p99 .. p99.9 .." (this run's over the baseline's).
void print_latency(const std::string& server, const LatencyResult& result,
                   const LatencyResult* baseline = nullptr);

/// "queued memory  down  <n> ev  json .. MiB  rss +.. MiB  ratio .."
void print_memory(const MemoryResult& result);

}  // namespace flameup::bench
