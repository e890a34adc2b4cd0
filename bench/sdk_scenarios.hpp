#pragma once
// The SDK side of each comparison. sdk_scenarios.cpp measures flameup::Client;
// sdk_unavailable.cpp stands in when the bench is built without the library, so the
// baselines still run and each SDK line says "skipped: not built".

#include <cstddef>
#include <string>
#include <vector>

#include "measure.hpp"
#include "sample_event.hpp"

namespace flameup::bench {

/// False when the bench was built without the SDK.
bool sdk_built();

/// Client::track in a sequential loop (competes with run_easy_loop).
LoopResult run_track_loop(const Target& target, const RunLimits& limits);

/// Client::enqueue of every event, then Client::flush, with `max_in_flight` = @p parallelism
/// (competes with run_multi_loop). Timed from the first enqueue to flush's return.
/// With @p storage_path set, in durable mode (the store in that directory).
LoopResult run_enqueue_flush(const Target& target, const RunLimits& limits, int parallelism,
                             const std::string& storage_path = {});

/// Enqueue alone: @p threads application threads share @p limits.events enqueues to one
/// client whose server is down (nothing is delivered, so only the caller side is timed).
/// `delivered` counts accepted events. Shows whether the queue becomes a bottleneck.
LoopResult run_enqueue_threads(const Target& down, const RunLimits& limits, int threads);

/// Caller-thread latency of Client::enqueue, in microseconds.
struct LatencyResult {
  std::size_t samples = 0;
  std::size_t accepted = 0;
  double p50_us = 0;
  double p99_us = 0;
  double p999_us = 0;
  double max_us = 0;
  std::string error;
};

/// Times each enqueue of a typical event with steady_clock while the delivery thread sends to
/// @p target (or retries against a closed port when the target is down).
/// With @p storage_path set, in durable mode. With @p rate (events per second) above 0 the
/// calls are paced, as an application's are; at 0 they come back to back.
LatencyResult run_enqueue_latency(const Target& target, std::size_t samples, int parallelism,
                                  const std::string& storage_path = {}, unsigned rate = 0);

/// Several clients side by side in this process, one per entry of @p storage_paths (an empty
/// path: memory mode), called in turn with alike events, each client first, second, ... in
/// turn. All see the same machine at the same moment (cores, neighbours, a store's thread at
/// work), so the ratio of two is what one's caller pays more than the other's; two memory-mode
/// clients show how far the measurement itself strays. With @p rate above 0, that many rounds
/// of calls per second. Returns the latencies in the order of @p storage_paths.
std::vector<LatencyResult> run_interleaved_latency(const Target& target, std::size_t samples,
                                                   int parallelism,
                                                   const std::vector<std::string>& storage_paths,
                                                   unsigned rate = 0);

/// Memory of @p events queued while the server is down.
struct MemoryResult {
  std::size_t events = 0;
  std::size_t accepted = 0;
  long rss_before_kib = 0;
  long rss_after_kib = 0;
  long hwm_after_kib = 0;
  /// Sum of the events' JSON bodies as a hand-written client serializes them.
  std::size_t json_bytes = 0;
  /// Stats::queued_bytes as the SDK reports it.
  std::size_t sdk_queued_bytes = 0;
  std::string error;
};

/// Enqueues @p events against @p down (a closed loopback port, long backoff) and reads
/// VmRSS/VmHWM before and after. Run it in a fresh process so freed memory of earlier
/// scenarios does not hide the growth.
MemoryResult run_queued_memory(const Target& down, std::size_t events);

}  // namespace flameup::bench
