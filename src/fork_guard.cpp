#include "fork_guard.hpp"

#include <pthread.h>

namespace flameup::detail {
namespace {

// A plain global (not a function-local static): the child handler must be as simple as an
// atomic increment, and it runs in a process where only the forking thread exists.
std::atomic<std::uint64_t> g_generation{0};

void on_fork_child() noexcept { g_generation.fetch_add(1, std::memory_order_relaxed); }

}  // namespace

std::uint64_t fork_generation_registered() noexcept {
  // A function-local static: registered exactly once, thread-safely, never at load time.
  static const bool registered = ::pthread_atfork(nullptr, nullptr, &on_fork_child) == 0;
  (void)registered;
  return fork_generation();
}

std::uint64_t fork_generation() noexcept { return g_generation.load(std::memory_order_relaxed); }

}  // namespace flameup::detail
