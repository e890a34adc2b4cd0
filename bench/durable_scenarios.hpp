#pragma once
// Durable mode (ClientOptions::storage_path) measured against memory mode in the same run.

#include <cstddef>
#include <string>

#include "measure.hpp"
#include "sample_event.hpp"

namespace flameup::bench {

/// A fresh directory for one scenario's store, removed with its files when destroyed.
class ScratchDirectory {
 public:
  ScratchDirectory();
  ~ScratchDirectory();
  ScratchDirectory(const ScratchDirectory&) = delete;
  ScratchDirectory& operator=(const ScratchDirectory&) = delete;
  const std::string& path() const { return path_; }
  /// Bytes of every file in it.
  std::size_t bytes() const;

 private:
  std::string path_;
};

/// Events committed per second: @p limits.events enqueued against a server that is down,
/// then Client::persist. `delivered` counts committed events. @p power_loss selects
/// StorageSync::power_loss (an fsync per commit).
LoopResult run_commit_rate(const Target& down, const RunLimits& limits, bool power_loss);

/// enqueue() that waits for its commit (storage_wait_for_commit), from @p threads threads.
LoopResult run_enqueue_wait_commit(const Target& down, const RunLimits& limits, int threads);

/// Disk use of a store holding @p events events, against their JSON size.
struct StoreSizeResult {
  std::size_t events = 0;
  std::size_t json_bytes = 0;
  std::size_t disk_bytes = 0;
  std::string error;
};
StoreSizeResult run_store_size(const Target& down, std::size_t events);

/// Time for a new Client to hand @p events stored events to its delivery engine.
struct ReplayResult {
  std::size_t events = 0;
  std::size_t recovered = 0;
  double seconds = 0;
  std::string error;
};
ReplayResult run_replay(const Target& down, std::size_t events);

void print_store_size(const StoreSizeResult& result);
void print_replay(const ReplayResult& result);

}  // namespace flameup::bench
