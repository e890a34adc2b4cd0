// DirectoryLock: one client per directory, in this process and between processes; a
// directory that cannot be created is refused with its reason.

#include "platform/directory_lock.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "child_process.hpp"
#include "temp_directory.hpp"

namespace flameup::detail {
namespace {

using flameup::testing::TempDirectory;

TEST(DirectoryLock, CreatesTheDirectoryPrivateAndRefusesASecondHolderUntilReleased) {
  TempDirectory dir;
  const std::string store = dir / "a/b/store";
  DirectoryLock first;
  ASSERT_EQ(first.acquire(store), "");
  struct stat st {};
  ASSERT_EQ(::stat(store.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);

  DirectoryLock second;
  const std::string why = second.acquire(store + "/.");  // another spelling of the same path
  EXPECT_NE(why.find("in use"), std::string::npos) << why;
  EXPECT_FALSE(second.held());

  first.release();
  EXPECT_EQ(second.acquire(store), "");
}

TEST(DirectoryLock, AnotherProcessIsRefusedWhileTheLockIsHeld) {
  TempDirectory dir;
  DirectoryLock held;
  ASSERT_EQ(held.acquire(dir.path()), "");
  // The child is single-threaded here (no other thread exists in this test): safe to fork
  // under every sanitizer.
  const std::string path = dir.path();
  const pid_t child = flameup::testing::fork_child([&path] {
    DirectoryLock attempt;
    const std::string why = attempt.acquire(path);
    return why.find("in use") != std::string::npos ? 0 : 1;
  });
  ASSERT_GT(child, 0);
  EXPECT_EQ(flameup::testing::wait_child(child, std::chrono::seconds(30)), 0);
}

TEST(DirectoryLock, APathThatCannotBeADirectoryIsRefusedWithItsReason) {
  DirectoryLock lock;
  const std::string why = lock.acquire("/proc/flameup-cannot-exist/store");
  EXPECT_NE(why.find("cannot create"), std::string::npos) << why;
  EXPECT_FALSE(lock.held());
  TempDirectory dir;
  { std::ofstream(dir / "file") << "x"; }
  EXPECT_NE(lock.acquire(dir / "file").find("not a directory"), std::string::npos);
}

TEST(DirectoryLock, ADirectoryThatCannotBeWrittenIsRefusedWithItsReason) {
  DirectoryLock lock;
  TempDirectory dir;
  // Permission bits do not stop root: there, a directory of a file system where nothing can
  // be created stands in for a read-only one.
  std::string read_only = "/proc/self";
  if (::geteuid() != 0) {
    read_only = dir / "read-only";
    ASSERT_EQ(::mkdir(read_only.c_str(), 0500), 0);
  }
  const std::string why = lock.acquire(read_only);
  EXPECT_FALSE(lock.held());
  EXPECT_NE(why.find(read_only), std::string::npos) << why;
  EXPECT_TRUE(why.find("not writable") != std::string::npos ||
              why.find("cannot open") != std::string::npos) << why;
}

}  // namespace
}  // namespace flameup::detail
