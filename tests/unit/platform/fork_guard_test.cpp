// fork_guard: the one generation counter that tells a forked child it must not use what its
// parent built (delivery engine, connection pools, random engines).

#include <unistd.h>

#include <chrono>
#include <cstdint>

#include <gtest/gtest.h>

#include "child_process.hpp"
#include "platform/fork_guard.hpp"
#include "platform/thread_rng.hpp"

namespace flameup::detail {
namespace {

using flameup::testing::fork_child;
using flameup::testing::wait_child;
using namespace std::chrono_literals;

// The child's verdict: its exit code, 0 for success (-1 if it hung and was killed).
int run_child(const std::function<int()>& body) {
  const pid_t pid = fork_child(body);
  if (pid < 0) return -1;
  return wait_child(pid, 10s).value_or(-1);
}

TEST(EngineForkGuard, TheChildSeesANewGenerationAndTheParentDoesNot) {
  const std::uint64_t before = fork_generation_registered();
  EXPECT_EQ(run_child([&] { return fork_generation() != before ? 0 : 1; }), 0)
      << "the child did not notice it was forked";
  EXPECT_EQ(fork_generation(), before);
}

TEST(EngineForkGuard, RegisteringAgainNeverCountsAForkTwice) {
  const std::uint64_t before = fork_generation_registered();
  fork_generation_registered();  // a second handler would bump twice per fork
  EXPECT_EQ(run_child([&] {
              if (fork_generation() != before + 1) return 1;
              // Registering in the child (a fresh client there) adds no handler either, and
              // the grandchild counts one more fork.
              fork_generation_registered();
              return run_child([&] { return fork_generation() == before + 2 ? 0 : 1; }) == 0 ? 0
                                                                                             : 2;
            }),
            0)
      << "1: the child's count is off; 2: the grandchild's";
}

TEST(EngineForkGuard, TheForkLockIsFreeAgainInTheChildAndTheParentAfterAFork) {
  { const ForkLock lock; }
  EXPECT_EQ(run_child([] {
              const ForkLock lock;  // would block forever if the child had inherited it held
              return 0;
            }),
            0);
  const ForkLock again;  // and the parent's handler released it too
}

TEST(ThreadRng, AForkedChildDoesNotRepeatItsParentsNumbers) {
  thread_rng()();  // seeded in the parent
  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  const int code = run_child([&] {
    const std::uint64_t value = thread_rng()();
    return ::write(pipe_fds[1], &value, sizeof value) == sizeof value ? 0 : 1;
  });
  std::uint64_t child_value = 0;
  const auto got = ::read(pipe_fds[0], &child_value, sizeof child_value);
  ::close(pipe_fds[0]);
  ::close(pipe_fds[1]);
  ASSERT_EQ(code, 0);
  ASSERT_EQ(got, static_cast<ssize_t>(sizeof child_value));
  // Without a reseed the child's next number is exactly the parent's next one.
  EXPECT_NE(child_value, thread_rng()());
}

}  // namespace
}  // namespace flameup::detail
