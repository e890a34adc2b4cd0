#include "report.hpp"

#include <cstdio>

namespace flameup::bench {
namespace {

constexpr double kKiBPerMiB = 1024.0;

void print_head(const std::string& scenario, const std::string& server) {
  std::printf("%-26s %-10s", scenario.c_str(), server.c_str());
}

void finish_line() {
  std::printf("\n");
  std::fflush(stdout);
}

}  // namespace

void print_loop(const std::string& scenario, const std::string& server, const LoopResult& result,
                const LoopResult* baseline, const PairedRatios* paired) {
  print_head(scenario, server);
  if (result.delivered == 0) {
    std::printf(" %s", result.error.empty() ? "no event delivered" : result.error.c_str());
    finish_line();
    return;
  }
  std::printf(" %7zu ev %9.0f ev/s %7.1f us/ev", result.delivered, result.events_per_second(),
              result.cpu_us_per_event());
  if (baseline != nullptr && baseline->delivered > 0) {
    std::printf("  ratio %.2f (cpu %.2f)",
                result.events_per_second() / baseline->events_per_second(),
                result.cpu_us_per_event() / baseline->cpu_us_per_event());
  }
  if (paired != nullptr && paired->pairs > 1) {
    std::printf("  paired %.2f (cpu %.2f) of %zu", paired->events_per_second, paired->cpu,
                paired->pairs);
  }
  if (!result.error.empty()) std::printf("  [%zu not delivered; first: %s]",
                                         result.attempted - result.delivered, result.error.c_str());
  finish_line();
}

void print_latency(const std::string& server, const LatencyResult& result,
                   const LatencyResult* baseline, const PairedRatios* paired) {
  print_head("enqueue latency", server);
  if (result.accepted == 0) {
    std::printf(" %s", result.error.c_str());
    finish_line();
    return;
  }
  std::printf(" %7zu ev  p50 %.2f us  p99 %.2f us  p99.9 %.2f us  max %.0f us", result.samples,
              result.p50_us, result.p99_us, result.p999_us, result.max_us);
  if (baseline != nullptr && baseline->accepted > 0 && baseline->p50_us > 0 &&
      baseline->p99_us > 0 && baseline->p999_us > 0) {
    std::printf("  ratio p50 %.2f p99 %.2f p99.9 %.2f", result.p50_us / baseline->p50_us,
                result.p99_us / baseline->p99_us, result.p999_us / baseline->p999_us);
  }
  if (paired != nullptr && paired->pairs > 1) {
    std::printf("  paired p50 %.2f p99 %.2f p99.9 %.2f of %zu", paired->p50, paired->p99,
                paired->p999, paired->pairs);
  }
  if (result.accepted != result.samples) {
    std::printf("  [%zu not accepted; first: %s]", result.samples - result.accepted,
                result.error.c_str());
  }
  finish_line();
}

void print_memory(const MemoryResult& result) {
  print_head("queued memory", "down");
  if (result.accepted == 0) {
    std::printf(" %s", result.error.c_str());
    finish_line();
    return;
  }
  const double json_mib = static_cast<double>(result.json_bytes) / (kKiBPerMiB * kKiBPerMiB);
  const double rss_mib = static_cast<double>(result.rss_after_kib - result.rss_before_kib) / kKiBPerMiB;
  std::printf(" %7zu ev  json %.1f MiB  rss +%.1f MiB  ratio %.2f  (sdk queued_bytes %.1f MiB,"
              " VmHWM %.1f MiB)",
              result.accepted, json_mib, rss_mib, rss_mib / json_mib,
              static_cast<double>(result.sdk_queued_bytes) / (kKiBPerMiB * kKiBPerMiB),
              static_cast<double>(result.hwm_after_kib) / kKiBPerMiB);
  if (result.accepted != result.events) {
    std::printf("  [%zu not accepted; first: %s]", result.events - result.accepted,
                result.error.c_str());
  }
  finish_line();
}

}  // namespace flameup::bench
