#pragma once
// The baselines the SDK is measured against, each in its own file:
// baseline_easy_loop.cpp, baseline_multi_loop.cpp, baseline_curl_process.cpp.

#include "measure.hpp"
#include "sample_event.hpp"

namespace flameup::bench {

/// One easy handle reused, sequential POSTs (what Client::track competes with).
LoopResult run_easy_loop(const Target& target, const RunLimits& limits);

/// One multi handle with @p parallelism reused easy handles, one thread (what
/// Client::enqueue + flush competes with).
LoopResult run_multi_loop(const Target& target, const RunLimits& limits, int parallelism);

/// The seed's way: fork/exec the `curl` program once per event. CPU includes the children.
LoopResult run_curl_processes(const Target& target, const RunLimits& limits);

}  // namespace flameup::bench
