// Baseline for Client::track: a hand-written sequential loop over one reused easy handle.

#include "baselines.hpp"
#include "curl_post.hpp"

namespace flameup::bench {

LoopResult run_easy_loop(const Target& target, const RunLimits& limits) {
  LoopResult result;
  CurlPost post;
  const double cpu_start = process_cpu_seconds();
  const Stopwatch clock;
  for (std::size_t i = 0; i < limits.events; ++i) {
    if (clock.seconds() > static_cast<double>(limits.max_time.count())) break;
    post.prepare(target, i);
    const CURLcode code = curl_easy_perform(post.handle());
    ++result.attempted;
    if (post.succeeded(code)) {
      ++result.delivered;
    } else if (result.error.empty()) {
      result.error = post.failure(code);
    }
  }
  result.wall_seconds = clock.seconds();
  result.cpu_seconds = process_cpu_seconds() - cpu_start;
  return result;
}

}  // namespace flameup::bench
