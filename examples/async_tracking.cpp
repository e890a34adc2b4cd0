// High-volume asynchronous tracking: enqueue() thousands of events without waiting for the
// network, learn each one's fate from on_outcome, then flush() and close().
//
// Usage: async_tracking [EVENTS]   (default 2000)
// The real service allows 120 requests a minute per key; the SDK paces delivery to that
// budget, so against it use a small EVENTS or expect flush() to take minutes.
#include <flameup/flameup.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "example_options.hpp"

int main(int argc, char** argv) {
  const long requested = argc > 1 ? std::strtol(argv[1], nullptr, 10) : 2000;
  const int total = static_cast<int>(requested < 1 ? 1 : requested > 100000 ? 100000 : requested);

  // Outcomes arrive on the SDK's delivery thread: count them with atomics, do no heavy work.
  std::atomic<int> delivered{0};
  std::atomic<int> undelivered{0};
  flameup::ClientOptions options = example_options();
  options.max_queue_events = 100000;  // room for the whole burst
  options.on_outcome = [&](const flameup::Outcome& outcome) {
    if (outcome.kind == flameup::OutcomeKind::delivered) {
      delivered.fetch_add(1, std::memory_order_relaxed);
    } else {
      undelivered.fetch_add(1, std::memory_order_relaxed);
      std::fprintf(stderr, "event %s %s: %s\n", outcome.id.c_str(),
                   flameup::to_string(outcome.kind), outcome.error.message.c_str());
    }
  };

  flameup::Client client(options);
  if (client.options_error()) {
    std::fprintf(stderr, "configuration error: %s\n", client.options_error().message.c_str());
    return 1;
  }

  // enqueue() validates and serializes on this thread, then returns: no I/O here.
  const auto start = std::chrono::steady_clock::now();
  int refused = 0;
  for (int i = 0; i < total; ++i) {
    flameup::TrackEvent event{"user_" + std::to_string(i % 100), "page_viewed",
                              {{"page", "/products/" + std::to_string(i)}}, std::nullopt};
    if (!client.enqueue(std::move(event)).accepted()) ++refused;
  }
  const auto enqueued = std::chrono::steady_clock::now();

  // flush() waits until every accepted event has its outcome (or the timeout passes);
  // close() then stops the delivery thread. The destructor would close() too.
  const bool all_done = client.flush(std::chrono::seconds(60));
  client.close(std::chrono::seconds(5));
  const auto finished = std::chrono::steady_clock::now();

  using ms = std::chrono::duration<double, std::milli>;
  std::printf("enqueued %d events in %.1f ms (%d refused)\n", total,
              ms(enqueued - start).count(), refused);
  std::printf("delivered %d, undelivered %d, in %.1f ms in all\n", delivered.load(),
              undelivered.load(), ms(finished - start).count());
  // The same counts, from the client's own counters; retried counts transient failures.
  const flameup::Stats stats = client.stats();
  std::printf("stats: delivered=%llu retried=%llu dropped=%llu\n",
              static_cast<unsigned long long>(stats.delivered),
              static_cast<unsigned long long>(stats.retried),
              static_cast<unsigned long long>(stats.dropped.total()));
  return all_done && delivered.load() == total ? 0 : 1;
}
