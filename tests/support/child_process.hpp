#pragma once
// fork() for tests: run a body in a child that never returns into the test framework, and wait
// for it with a deadline, so a child that hangs fails the test instead of hanging it.

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <optional>

namespace flameup::testing {

/// Why a test that forks while other threads keep allocating memory cannot run in this
/// build, or null when it can: the sanitizer runtime itself, not the SDK, makes such a child
/// hang where it has no fork handler (GCC 12's AddressSanitizer). A fork while the other
/// threads wait, as the single-fork tests do, is fine everywhere.
const char* fork_while_allocating_unsupported_reason() noexcept;

/// Why a test whose forked child starts threads of its own (a client's delivery engine, the
/// resolver) cannot run in this build, or null: GCC 12's ThreadSanitizer cannot follow
/// threads started in a child of a multi-threaded process, and under GCC 12's
/// AddressSanitizer such a child's new threads sometimes never make progress. Clang 19's
/// runtimes (the sanitizer presets') run both kinds; ThreadSanitizer needs die_after_fork=0.
const char* threads_in_child_unsupported_reason() noexcept;

/// Forks. The child runs @p body and `_exit`s with its return value (255 if it throws); the
/// parent gets the child's pid, or -1 if fork() failed.
pid_t fork_child(const std::function<int()>& body);

/// Waits up to @p timeout for @p pid to end. Returns its exit code (128 + signal number if a
/// signal ended it); on timeout kills it with SIGKILL, reaps it and returns nullopt.
std::optional<int> wait_child(pid_t pid, std::chrono::milliseconds timeout);

}  // namespace flameup::testing
