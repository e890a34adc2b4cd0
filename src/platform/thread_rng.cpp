#include "platform/thread_rng.hpp"

#include <array>
#include <cstdint>

#include "platform/fork_guard.hpp"

namespace flameup::detail {
namespace {

// After fork() the child inherits the calling thread's generator state byte for byte, so it
// would produce the same "random" keys as the parent and a de-duplicating server would drop
// the child's events. The fork generation (fork_guard.hpp) tells each thread to reseed.
struct ThreadGenerator {
  std::mt19937_64 engine;
  std::uint64_t generation = 0;
  bool seeded = false;

  std::mt19937_64& get() {
    const std::uint64_t current = fork_generation();
    if (!seeded || generation != current) {
      generation = fork_generation_registered();
      std::random_device device;
      std::array<std::uint32_t, 8> words{};
      for (auto& word : words) word = device();
      std::seed_seq seq(words.begin(), words.end());
      engine.seed(seq);
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
