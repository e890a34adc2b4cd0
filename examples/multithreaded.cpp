// Many threads sharing one Client. Every member function may be called concurrently:
// track() from many threads shares a pool of kept-alive connections, enqueue() takes one
// short lock. Create the client before the threads and destroy it after they are joined.
#include <flameup/flameup.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "example_options.hpp"

namespace {

constexpr int kThreads = 8;
constexpr int kEventsPerThread = 50;

// One worker: a request handler of a server, say. Most events are queued; every tenth is
// tracked synchronously (e.g. one the handler must know was recorded).
void worker(flameup::Client& client, int thread_index, std::atomic<int>& tracked,
            std::atomic<int>& queued) {
  for (int i = 0; i < kEventsPerThread; ++i) {
    flameup::TrackEvent event{"user_" + std::to_string(thread_index), "item_viewed",
                              {{"thread", thread_index}, {"item", i}}, std::nullopt};
    if (i % 10 == 0) {
      if (client.track(event).ok()) tracked.fetch_add(1);
    } else if (client.enqueue(std::move(event)).accepted()) {
      queued.fetch_add(1);
    }
  }
}

}  // namespace

int main() {
  // Callbacks run on the SDK's delivery thread, concurrently with the workers.
  std::atomic<int> delivered{0};
  flameup::ClientOptions options = example_options();
  options.on_outcome = [&delivered](const flameup::Outcome& outcome) {
    if (outcome.kind == flameup::OutcomeKind::delivered) delivered.fetch_add(1);
  };
  flameup::Client client(options);
  if (client.options_error()) {
    std::fprintf(stderr, "configuration error: %s\n", client.options_error().message.c_str());
    return 1;
  }

  std::atomic<int> tracked{0};
  std::atomic<int> queued{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back(worker, std::ref(client), t, std::ref(tracked), std::ref(queued));
  }
  for (std::thread& thread : threads) thread.join();

  // Only now, with no thread using it, wait for the queued events and close.
  const bool all_done = client.flush(std::chrono::seconds(60));
  client.close(std::chrono::seconds(5));

  const int expected_tracked = kThreads * (kEventsPerThread / 10);
  std::printf("%d threads: tracked %d/%d, queued %d, delivered %d\n", kThreads, tracked.load(),
              expected_tracked, queued.load(), delivered.load());
  return all_done && tracked.load() == expected_tracked &&
                 delivered.load() == kThreads * kEventsPerThread - expected_tracked
             ? 0
             : 1;
}
