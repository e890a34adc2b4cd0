// fork_guard: the generation counter that tells a forked child it must not use the parent's
// delivery engine (row F24).

#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "fork_guard.hpp"

namespace flameup::detail {
namespace {

TEST(EngineForkGuard, TheChildSeesANewGenerationAndTheParentDoesNot) {
  const std::uint64_t before = fork_generation_registered();
  EXPECT_EQ(fork_generation(), before);
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) ::_exit(fork_generation() != before ? 0 : 1);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "the child did not notice it was forked";
  EXPECT_EQ(fork_generation(), before);
}

TEST(EngineForkGuard, RegisteringTwiceDoesNotCountTwice) {
  const std::uint64_t first = fork_generation_registered();
  const std::uint64_t second = fork_generation_registered();
  EXPECT_EQ(first, second);
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) ::_exit(fork_generation() == first + 1 ? 0 : 1);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  EXPECT_EQ(WEXITSTATUS(status), 0) << "one fork must bump the generation exactly once";
}

}  // namespace
}  // namespace flameup::detail
