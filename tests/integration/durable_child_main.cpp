// The process the kill -9 test kills: a durable-mode client that enqueues events and reports
// on stdout what it knows is committed. Public API only, like an application.
//
//   flameup_durable_child <base_url> <storage_dir> <cycle> <count> <seed>
//     enqueues events "e0".."e<count-1>" for user "c<cycle>", calls persist() at random
//     points, and prints "committed <cycle> <i>" once events e0..e<i> are on disk.
//   flameup_durable_child <base_url> <storage_dir> drain
//     replays and delivers what the store holds, prints "drained <stored>" and exits.

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

#include <flameup/flameup.hpp>

namespace {

using namespace std::chrono_literals;

flameup::ClientOptions options(const char* base_url, const char* dir) {
  flameup::ClientOptions o;
  o.api_key = "ws_test_durable_child";
  o.workspace_id = "ws_durable";
  o.base_url = base_url;
  o.storage_path = dir;
  o.initial_backoff = 10ms;
  o.max_backoff = 100ms;
  o.close_timeout = 0ms;
  o.log_level = flameup::LogLevel::off;
  return o;
}

int enqueue_cycle(const char* base_url, const char* dir, int cycle, int count, unsigned seed) {
  flameup::Client client(options(base_url, dir));
  if (client.options_error()) {
    std::fprintf(stderr, "%s\n", client.options_error().message.c_str());
    return 2;
  }
  std::mt19937 rng(seed);
  for (int i = 0; i < count; ++i) {
    flameup::TrackEvent e;
    e.user_id = "c" + std::to_string(cycle);
    e.event = "e" + std::to_string(i);
    if (!client.enqueue(e).accepted()) return 3;
    if (rng() % 16 == 0 && client.persist(10s)) {
      std::printf("committed %d %d\n", cycle, i);
      std::fflush(stdout);
    }
  }
  if (client.persist(10s)) std::printf("committed %d %d\n", cycle, count - 1);
  std::printf("done\n");
  std::fflush(stdout);
  return 0;
}

int drain(const char* base_url, const char* dir) {
  flameup::Client client(options(base_url, dir));
  if (client.options_error()) return 2;
  // Replay runs in the background: wait until the store is empty (every record delivered and
  // deleted), with a deadline.
  const auto deadline = std::chrono::steady_clock::now() + 120s;
  while (std::chrono::steady_clock::now() < deadline) {
    client.flush(1s);
    if (client.persist(1s) && client.stats().stored == 0) break;
  }
  std::printf("drained %zu recovered %llu\n", client.stats().stored,
              static_cast<unsigned long long>(client.stats().recovered));
  return client.stats().stored == 0 ? 0 : 4;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 4 && std::string(argv[3]) == "drain") return drain(argv[1], argv[2]);
  if (argc != 6) return 64;
  return enqueue_cycle(argv[1], argv[2], std::atoi(argv[3]), std::atoi(argv[4]),
                       static_cast<unsigned>(std::strtoul(argv[5], nullptr, 10)));
}
