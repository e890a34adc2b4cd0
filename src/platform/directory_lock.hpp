#pragma once
// Exclusive use of a directory by one client: the durable store's directory is created
// private (0700) and locked, between processes, with a POSIX record lock on a file inside it
// (released when the lock object goes away or the process dies, kill -9 included; a forked
// child does not inherit it, so a child that lives on never keeps the parent's directory
// locked), and within the process by a registry of locked directories (record locks do not
// conflict inside one process). The POSIX calls live in directory_lock.cpp and nowhere else.

#include <cstdint>
#include <string>

namespace flameup::detail {

class DirectoryLock {
 public:
  DirectoryLock() = default;
  ~DirectoryLock();
  DirectoryLock(const DirectoryLock&) = delete;
  DirectoryLock& operator=(const DirectoryLock&) = delete;

  /// Creates @p directory (and missing parents) with mode 0700 when absent, then takes the
  /// lock. Returns "" on success, or why not, in words naming the directory (another process
  /// or client holds it, it cannot be created, it is not writable).
  std::string acquire(const std::string& directory);
  bool held() const noexcept { return fd_ >= 0; }
  void release() noexcept;

 private:
  int fd_ = -1;
  std::string key_;  // the directory's canonical path, as registered in this process
  std::uint64_t generation_ = 0;  // the fork generation that registered it
};

}  // namespace flameup::detail
