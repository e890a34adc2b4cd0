// Quickstart: track one event synchronously, then queue a few for background delivery.
//
// With FLAMEUP_API_KEY (and FLAMEUP_WORKSPACE_ID) set, it talks to the real API. Without a key
// it talks to a local emulator (see example_options.hpp; or just run scripts/demo.sh).
#include <flameup/flameup.hpp>

#include <chrono>
#include <cstdio>
#include <mutex>

#include "example_options.hpp"

namespace {

void print_result(const flameup::TrackResult& result) {
  if (result.ok()) {
    std::printf("track: recorded as %s (HTTP %d, %d attempt(s))\n", result.event_id.c_str(),
                result.http_status, result.attempts);
  } else {
    std::printf("track: failed: %s: %s (HTTP %d)\n", flameup::to_string(result.error.code),
                result.error.message.c_str(), result.http_status);
  }
}

}  // namespace

int main() {
  flameup::ClientOptions options = example_options();
  std::mutex print_mutex;
  options.on_outcome = [&print_mutex](const flameup::Outcome& outcome) {
    std::lock_guard<std::mutex> lock(print_mutex);
    std::printf("outcome: %s %s %s\n", outcome.id.c_str(), flameup::to_string(outcome.kind),
                outcome.event_id.c_str());
  };

  flameup::Client client(options);
  if (client.options_error()) {
    std::printf("configuration error: %s\n", client.options_error().message.c_str());
    return 1;
  }

  // 1. Synchronous: waits for the server's answer.
  flameup::TrackEvent purchase;
  purchase.user_id = "user_123";
  purchase.event = "purchase_completed";
  purchase.properties = {{"amount", 99.99}, {"currency", "USD"}};
  const flameup::TrackResult result = client.track(purchase);
  print_result(result);

  // 2. Asynchronous: returns at once; outcomes arrive on the delivery thread.
  for (int page = 1; page <= 3; ++page) {
    flameup::TrackEvent view{"user_123", "page_viewed", {{"page", page}}, std::nullopt};
    const flameup::EnqueueResult queued = client.enqueue(std::move(view));
    std::printf("enqueue: %s %s\n", flameup::to_string(queued.status), queued.id.c_str());
  }
  const bool all_done = client.flush(std::chrono::seconds(10));
  client.close(std::chrono::seconds(2));

  const flameup::Stats stats = client.stats();
  std::printf("stats: enqueued=%llu delivered=%llu rejected=%llu dropped=%llu\n",
              static_cast<unsigned long long>(stats.enqueued),
              static_cast<unsigned long long>(stats.delivered),
              static_cast<unsigned long long>(stats.rejected),
              static_cast<unsigned long long>(stats.dropped.total()));
  return result.ok() && all_done && stats.delivered == 3 ? 0 : 1;
}
