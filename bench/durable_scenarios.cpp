// Durable-mode scenarios. Each uses its own scratch directory, so no run sees another's store.

#include "durable_scenarios.hpp"

#include <stdlib.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <system_error>
#include <thread>
#include <vector>

#include <flameup/flameup.hpp>

#include "sample_track_event.hpp"

namespace flameup::bench {
namespace {

using std::chrono::milliseconds;

ClientOptions durable_options(const Target& down, const std::string& dir, std::size_t events) {
  ClientOptions options;
  options.api_key = down.api_key;
  options.workspace_id = down.workspace_id;
  options.base_url = down.base_url;
  options.log_level = LogLevel::off;
  options.storage_path = dir;
  options.max_queue_events = events + 1;
  options.max_queue_bytes = std::size_t{2} << 30;
  options.max_storage_bytes = std::size_t{2} << 30;
  // The server is down: retries must not spin while the store is measured.
  options.initial_backoff = milliseconds(60000);
  options.max_backoff = milliseconds(60000);
  options.close_timeout = milliseconds(0);
  return options;
}

// Stores @p events events in @p dir and closes the client. Returns "" or what failed.
std::string fill_store(const Target& down, const std::string& dir, std::size_t events) {
  Client client(durable_options(down, dir, events));
  if (client.options_error()) return client.options_error().message;
  for (std::size_t i = 0; i < events; ++i) {
    if (!client.enqueue(sample_track_event(i)).accepted()) return "enqueue refused";
  }
  if (!client.persist(milliseconds(600000))) return "persist timed out";
  return {};
}

}  // namespace

ScratchDirectory::ScratchDirectory() {
  std::string pattern = (std::filesystem::temp_directory_path() / "flameup-bench-XXXXXX").string();
  if (::mkdtemp(pattern.data()) != nullptr) path_ = pattern + "/store";
}

ScratchDirectory::~ScratchDirectory() {
  std::error_code ignored;
  if (!path_.empty()) std::filesystem::remove_all(std::filesystem::path(path_).parent_path(), ignored);
}

std::size_t ScratchDirectory::bytes() const {
  std::size_t total = 0;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(path_, error)) {
    if (entry.is_regular_file()) total += static_cast<std::size_t>(entry.file_size());
  }
  return total;
}

LoopResult run_commit_rate(const Target& down, const RunLimits& limits, bool power_loss) {
  LoopResult result;
  ScratchDirectory dir;
  ClientOptions options = durable_options(down, dir.path(), limits.events);
  options.storage_sync = power_loss ? StorageSync::power_loss : StorageSync::process_crash;
  Client client(std::move(options));
  if (client.options_error()) {
    result.error = client.options_error().message;
    return result;
  }
  client.persist(milliseconds(10000));  // the file is open before the clock starts
  const double cpu_start = process_cpu_seconds();
  const Stopwatch clock;
  for (std::size_t i = 0; i < limits.events; ++i) {
    if (client.enqueue(sample_track_event(i)).accepted()) ++result.attempted;
  }
  const bool committed =
      client.persist(std::chrono::duration_cast<milliseconds>(limits.max_time));
  result.wall_seconds = clock.seconds();
  result.cpu_seconds = process_cpu_seconds() - cpu_start;
  result.delivered = committed ? client.stats().stored : 0;
  if (!committed) result.error = "persist did not finish in time";
  return result;
}

LoopResult run_enqueue_wait_commit(const Target& down, const RunLimits& limits, int threads) {
  LoopResult result;
  ScratchDirectory dir;
  ClientOptions options = durable_options(down, dir.path(), limits.events);
  options.storage_wait_for_commit = true;
  Client client(std::move(options));
  client.persist(milliseconds(10000));
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> committed{0};
  const auto stop_at = std::chrono::steady_clock::now() + limits.max_time;
  auto producer = [&] {
    for (std::size_t i = next++; i < limits.events && std::chrono::steady_clock::now() < stop_at;
         i = next++) {
      const EnqueueResult r = client.enqueue(sample_track_event(i));
      if (r.accepted() && !r.error) ++committed;
    }
  };
  const double cpu_start = process_cpu_seconds();
  const Stopwatch clock;
  run_on_threads(threads, producer);
  result.wall_seconds = clock.seconds();
  result.cpu_seconds = process_cpu_seconds() - cpu_start;
  result.attempted = std::min(next.load(), limits.events);
  result.delivered = committed.load();
  return result;
}

StoreSizeResult run_store_size(const Target& down, std::size_t events) {
  StoreSizeResult result;
  result.events = events;
  ScratchDirectory dir;
  result.error = fill_store(down, dir.path(), events);
  for (std::size_t i = 0; i < events; ++i) result.json_bytes += sample_body(i).size();
  result.disk_bytes = dir.bytes();
  return result;
}

ReplayResult run_replay(const Target& down, std::size_t events) {
  ReplayResult result;
  result.events = events;
  ScratchDirectory dir;
  result.error = fill_store(down, dir.path(), events);
  if (!result.error.empty()) return result;
  const Stopwatch clock;
  Client client(durable_options(down, dir.path(), events));
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (client.stats().recovered < events && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(milliseconds(1));  // a benchmark's poll, not a test's wait
  }
  result.seconds = clock.seconds();
  result.recovered = client.stats().recovered;
  if (result.recovered < events) result.error = "not every stored event was replayed";
  return result;
}

void print_store_size(const StoreSizeResult& r) {
  if (!r.error.empty()) {
    std::printf("%-34s %-9s error: %s\n", "store size", "down", r.error.c_str());
    return;
  }
  const double n = static_cast<double>(r.events);
  std::printf("%-34s %-9s %8zu ev  json %6.0f B/ev  disk %6.0f B/ev  ratio %.2f\n",
              "store size", "down", r.events, static_cast<double>(r.json_bytes) / n,
              static_cast<double>(r.disk_bytes) / n,
              static_cast<double>(r.disk_bytes) / static_cast<double>(r.json_bytes));
}

void print_replay(const ReplayResult& r) {
  if (!r.error.empty()) {
    std::printf("%-34s %-9s error: %s\n", "replay at start", "down", r.error.c_str());
    return;
  }
  std::printf("%-34s %-9s %8zu ev  %.2f s  %9.0f ev/s\n", "replay at start", "down", r.events,
              r.seconds, static_cast<double>(r.recovered) / r.seconds);
}

}  // namespace flameup::bench
