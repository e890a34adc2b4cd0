#include "platform/fork_guard.hpp"

#include <atomic>

#if defined(_WIN32)

namespace flameup::detail {

// Windows has no fork(): a process is never copied, so the generation never changes and
// there is nothing for ForkLock to hold fork() back from.
std::uint64_t fork_generation_registered() noexcept { return 0; }
std::uint64_t fork_generation() noexcept { return 0; }
ForkLock::ForkLock() noexcept = default;
ForkLock::~ForkLock() = default;

}  // namespace flameup::detail

#elif defined(__unix__) || defined(__APPLE__)

#include <pthread.h>

namespace flameup::detail {
namespace {

// Plain globals (not function-local statics, whose guarded initialisation a fork could
// interrupt): the handlers run while the process is being copied.
std::atomic<std::uint64_t> g_generation{0};
pthread_mutex_t g_fork_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_once_t g_registered = PTHREAD_ONCE_INIT;

void before_fork() noexcept { ::pthread_mutex_lock(&g_fork_lock); }
void after_fork_in_parent() noexcept { ::pthread_mutex_unlock(&g_fork_lock); }
void after_fork_in_child() noexcept {
  g_generation.fetch_add(1, std::memory_order_relaxed);
  // The forking thread locked it in before_fork() and is the child's only thread.
  ::pthread_mutex_unlock(&g_fork_lock);
}

void register_handlers() noexcept {
  ::pthread_atfork(&before_fork, &after_fork_in_parent, &after_fork_in_child);
}

}  // namespace

std::uint64_t fork_generation_registered() noexcept {
  // glibc's pthread_once restarts in a child a registration a fork interrupted.
  ::pthread_once(&g_registered, &register_handlers);
  return fork_generation();
}

std::uint64_t fork_generation() noexcept { return g_generation.load(std::memory_order_relaxed); }

ForkLock::ForkLock() noexcept {
  // Registered first: a fork between the lock and the registration would copy it held.
  fork_generation_registered();
  ::pthread_mutex_lock(&g_fork_lock);
}

ForkLock::~ForkLock() { ::pthread_mutex_unlock(&g_fork_lock); }

}  // namespace flameup::detail

#else
#error "platform/fork_guard.cpp: neither POSIX nor Windows; say whether this system can fork()"
#endif
