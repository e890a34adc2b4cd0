#include "thread_rng.hpp"

#include <pthread.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <mutex>

namespace flameup::detail {
namespace {

// After fork() the child inherits the calling thread's generator state byte for byte, so it
// would produce the same "random" keys as the parent and a de-duplicating server would drop
// the child's events. A fork counter bumped in the child makes each thread reseed.
std::atomic<unsigned> g_fork_generation{0};

void on_fork_in_child() noexcept { g_fork_generation.fetch_add(1, std::memory_order_relaxed); }

void register_fork_handler() {
  static std::once_flag once;
  std::call_once(once, [] { pthread_atfork(nullptr, nullptr, &on_fork_in_child); });
}

struct ThreadGenerator {
  std::mt19937_64 engine;
  unsigned generation = 0;
  bool seeded = false;

  std::mt19937_64& get() {
    const unsigned current = g_fork_generation.load(std::memory_order_relaxed);
    if (!seeded || generation != current) {
      register_fork_handler();
      std::random_device device;
      std::array<std::uint32_t, 8> words{};
      for (auto& word : words) word = device();
      std::seed_seq seq(words.begin(), words.end());
      engine.seed(seq);
      generation = current;
      seeded = true;
    }
    return engine;
  }
};

}  // namespace

std::mt19937_64& thread_rng() {
  thread_local ThreadGenerator generator;
  return generator.get();
}

}  // namespace flameup::detail
