#pragma once
// Fork detection (row F24 of faults.md). A pthread_atfork child handler bumps a process-wide
// generation counter; a Client remembers the generation its delivery engine was built in and,
// on a mismatch, knows it runs in a forked child whose copy of that engine must not be touched
// (its worker thread does not exist there and its mutexes may be locked forever).

#include <atomic>
#include <cstdint>

namespace flameup::detail {

/// Registers the atfork handler (once per process; thread-safe) and returns the current
/// generation. Call it when building an engine.
std::uint64_t fork_generation_registered() noexcept;

/// The current generation: one relaxed atomic load, cheap enough for every enqueue().
std::uint64_t fork_generation() noexcept;

}  // namespace flameup::detail
