#pragma once
// fork() safety, in one place: the library's only pthread_atfork registration (the POSIX calls
// live in fork_guard.cpp and nowhere else).
//
// - A generation counter, bumped in the child. Whatever belongs to one process (a delivery
//   engine, a connection pool, an easy handle, a random engine's state) remembers the
//   generation it was made in; a mismatch means "I am a forked child's copy": never use or
//   clean up the parent's (its thread does not exist here, its mutexes may be locked forever,
//   its sockets belong to the parent), build a fresh one.
// - ForkLock: sections that fork() waits for. libcurl takes a process-wide lock of its own
//   inside curl_global_init and curl_easy_init; a fork while another thread is in there
//   copies that lock held into the child, whose first client then blocks forever. Every such
//   call is made under ForkLock, and the prepare handler takes the same lock, so the process
//   is never copied in the middle of one.

#include <cstdint>

namespace flameup::detail {

/// Registers the fork handlers (once per process; thread-safe, fork-safe) and returns the
/// current generation. Call it when building anything tied to one process.
std::uint64_t fork_generation_registered() noexcept;

/// The current generation: one relaxed atomic load, cheap enough for every enqueue().
std::uint64_t fork_generation() noexcept;

/// While alive, fork() on any other thread waits. Hold it only around short calls that never
/// wait for another thread (it is not reentrant).
class ForkLock {
 public:
  ForkLock() noexcept;
  ~ForkLock();
  ForkLock(const ForkLock&) = delete;
  ForkLock& operator=(const ForkLock&) = delete;
};

}  // namespace flameup::detail
