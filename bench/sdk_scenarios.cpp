// The SDK scenarios: flameup::Client doing what each baseline does, against the same server.

#include "sdk_scenarios.hpp"

#include <atomic>
#include <chrono>
#include <memory>
#include <vector>

#include <flameup/flameup.hpp>

#include "sample_track_event.hpp"

namespace flameup::bench {
namespace {

using std::chrono::milliseconds;

ClientOptions bench_options(const Target& target, int parallelism) {
  ClientOptions options;
  options.api_key = target.api_key;
  options.workspace_id = target.workspace_id;
  options.base_url = target.base_url;
  options.max_in_flight = parallelism;
  options.log_level = LogLevel::off;
  return options;
}

// Room for every event of a run: the throughput and latency scenarios measure delivery and
// enqueue, not the overflow policy.
void unbounded_queue(ClientOptions& options, std::size_t events) {
  options.max_queue_events = events + 1;
  options.max_queue_bytes = std::size_t{2} << 30;
  options.max_storage_bytes = std::size_t{2} << 30;
}

std::string describe(const Error& error) {
  return std::string(to_string(error.code)) + ": " + error.message;
}

std::string describe(const EnqueueResult& result) {
  return std::string("enqueue ") + to_string(result.status) + ": " + result.error.message;
}

double elapsed_us(std::chrono::steady_clock::time_point from,
                  std::chrono::steady_clock::time_point to) {
  return std::chrono::duration<double, std::micro>(to - from).count();
}

// A client for the latency scenarios: room for every event, and with the server down,
// retries far apart (they must not spin). Warmed up: the first events pay for lazy
// allocations and connection setup.
std::unique_ptr<Client> latency_client(const Target& target, std::size_t samples, int parallelism,
                                       const std::string& storage_path) {
  ClientOptions options = bench_options(target, parallelism);
  unbounded_queue(options, samples + 1000);
  options.storage_path = storage_path;
  options.initial_backoff = milliseconds(60000);
  options.max_backoff = milliseconds(60000);
  auto client = std::make_unique<Client>(std::move(options));
  for (std::size_t i = 0; i < 1000; ++i) client->enqueue(sample_track_event(i));
  return client;
}

// Paces calls at @p rate per second by spinning (a sleep would add its own wake-up jitter to
// the next call); at 0, back to back.
class Pacer {
 public:
  explicit Pacer(unsigned rate)
      : interval_(rate > 0 ? 1000000000 / rate : 0), next_(std::chrono::steady_clock::now()) {}

  void wait() {
    next_ += interval_;
    while (std::chrono::steady_clock::now() < next_) {
    }
  }

 private:
  std::chrono::nanoseconds interval_;
  std::chrono::steady_clock::time_point next_;
};

// The timed enqueue calls of one client.
class LatencySeries {
 public:
  explicit LatencySeries(std::size_t samples) { latencies_.reserve(samples); }

  void enqueue(Client& client, TrackEvent&& event) {
    const auto before = std::chrono::steady_clock::now();
    const EnqueueResult enqueued = client.enqueue(std::move(event));
    const auto after = std::chrono::steady_clock::now();
    latencies_.push_back(elapsed_us(before, after));
    if (enqueued.accepted()) {
      ++result_.accepted;
    } else if (result_.error.empty()) {
      result_.error = describe(enqueued);
    }
  }

  LatencyResult finish() {
    result_.samples = latencies_.size();
    result_.p50_us = quantile(latencies_, 0.50);
    result_.p99_us = quantile(latencies_, 0.99);
    result_.p999_us = quantile(latencies_, 0.999);
    result_.max_us = latencies_.empty() ? 0 : latencies_.back();
    return result_;
  }

 private:
  std::vector<double> latencies_;
  LatencyResult result_;
};

}  // namespace

bool sdk_built() { return true; }

LoopResult run_track_loop(const Target& target, const RunLimits& limits) {
  LoopResult result;
  Client client(bench_options(target, 1));
  if (client.options_error()) {
    result.error = describe(client.options_error());
    return result;
  }
  const double cpu_start = process_cpu_seconds();
  const Stopwatch clock;
  for (std::size_t i = 0; i < limits.events; ++i) {
    if (clock.seconds() > static_cast<double>(limits.max_time.count())) break;
    const TrackResult track = client.track(sample_track_event(i));
    ++result.attempted;
    if (track.ok()) {
      ++result.delivered;
    } else if (result.error.empty()) {
      result.error = describe(track.error);
    }
  }
  result.wall_seconds = clock.seconds();
  result.cpu_seconds = process_cpu_seconds() - cpu_start;
  return result;
}

LoopResult run_enqueue_flush(const Target& target, const RunLimits& limits, int parallelism,
                             const std::string& storage_path) {
  LoopResult result;
  ClientOptions options = bench_options(target, parallelism);
  unbounded_queue(options, limits.events);
  options.storage_path = storage_path;
  Client client(std::move(options));
  const double cpu_start = process_cpu_seconds();
  const Stopwatch clock;
  for (std::size_t i = 0; i < limits.events; ++i) {
    const EnqueueResult enqueued = client.enqueue(sample_track_event(i));
    if (!enqueued.accepted()) {
      result.error = describe(enqueued);
      break;
    }
    ++result.attempted;
  }
  const bool flushed = client.flush(std::chrono::duration_cast<milliseconds>(limits.max_time));
  result.wall_seconds = clock.seconds();
  result.cpu_seconds = process_cpu_seconds() - cpu_start;
  const Stats stats = client.stats();
  result.delivered = static_cast<std::size_t>(stats.delivered);
  if (!flushed && result.error.empty()) {
    result.error = "time limit: flush still waiting after " +
                   std::to_string(limits.max_time.count()) + " s";
  }
  if (result.delivered < result.attempted && result.error.empty()) {
    result.error = "undelivered events; last error " + describe(stats.last_error);
  }
  client.close(milliseconds(0));
  return result;
}

LoopResult run_enqueue_threads(const Target& down, const RunLimits& limits, int threads) {
  LoopResult result;
  ClientOptions options = bench_options(down, 8);
  unbounded_queue(options, limits.events);
  options.initial_backoff = milliseconds(60000);
  options.max_backoff = milliseconds(60000);
  Client client(std::move(options));
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> accepted{0};
  auto producer = [&] {
    for (std::size_t i = next++; i < limits.events; i = next++) {
      if (client.enqueue(sample_track_event(i)).accepted()) ++accepted;
    }
  };
  const double cpu_start = process_cpu_seconds();
  const Stopwatch clock;
  run_on_threads(threads, producer);
  result.wall_seconds = clock.seconds();
  result.cpu_seconds = process_cpu_seconds() - cpu_start;
  result.attempted = limits.events;
  result.delivered = accepted.load();
  if (result.delivered < result.attempted) result.error = "some enqueues were refused";
  client.close(milliseconds(0));
  return result;
}

LatencyResult run_enqueue_latency(const Target& target, std::size_t samples, int parallelism,
                                  const std::string& storage_path, unsigned rate) {
  const auto client = latency_client(target, samples, parallelism, storage_path);
  LatencySeries series(samples);
  Pacer pacer(rate);
  for (std::size_t i = 0; i < samples; ++i) {
    TrackEvent event = sample_track_event(i);  // the application's work, outside the timing
    pacer.wait();
    series.enqueue(*client, std::move(event));
  }
  client->close(milliseconds(0));
  return series.finish();
}

std::vector<LatencyResult> run_interleaved_latency(const Target& target, std::size_t samples,
                                                   int parallelism,
                                                   const std::vector<std::string>& storage_paths,
                                                   unsigned rate) {
  std::vector<std::unique_ptr<Client>> clients;
  std::vector<LatencySeries> series;
  for (const std::string& path : storage_paths) {
    clients.push_back(latency_client(target, samples, parallelism, path));
    series.emplace_back(samples);
  }
  const std::size_t n = clients.size();
  std::vector<TrackEvent> events(n);
  Pacer pacer(rate);
  for (std::size_t i = 0; i < samples; ++i) {
    for (std::size_t k = 0; k < n; ++k) events[k] = sample_track_event(i);
    pacer.wait();
    // Each client goes first, second, ... in turn.
    for (std::size_t k = 0; k < n; ++k) {
      const std::size_t c = (i + k) % n;
      series[c].enqueue(*clients[c], std::move(events[k]));
    }
  }
  std::vector<LatencyResult> results;
  for (std::size_t c = n; c-- > 0;) clients[c]->close(milliseconds(0));
  for (auto& s : series) results.push_back(s.finish());
  return results;
}

MemoryResult run_queued_memory(const Target& down, std::size_t events) {
  MemoryResult result;
  ClientOptions options = bench_options(down, 8);
  unbounded_queue(options, events);
  options.initial_backoff = milliseconds(60000);
  options.max_backoff = milliseconds(60000);
  Client client(std::move(options));
  result.events = events;
  // The first enqueue starts the delivery thread, libcurl and the resolver: a fixed cost,
  // paid before the baseline so that the growth measured is what the queued events take.
  if (!client.enqueue(sample_track_event(events)).accepted()) result.error = "warm-up refused";
  result.rss_before_kib = proc_status_kib("VmRSS");
  for (std::size_t i = 0; i < events; ++i) {
    // The hand-written client's body has the same fields and the same timestamp format.
    result.json_bytes += sample_body(i).size();
    const EnqueueResult enqueued = client.enqueue(sample_track_event(i));
    if (enqueued.accepted()) {
      ++result.accepted;
    } else if (result.error.empty()) {
      result.error = describe(enqueued);
    }
  }
  result.rss_after_kib = proc_status_kib("VmRSS");
  result.hwm_after_kib = proc_status_kib("VmHWM");
  result.sdk_queued_bytes = client.stats().queued_bytes;
  client.close(milliseconds(0));
  return result;
}

}  // namespace flameup::bench
