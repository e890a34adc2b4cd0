#include "platform/directory_lock.hpp"

#include "platform/fork_guard.hpp"
#include "platform/private_files.hpp"

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <set>

#include <fcntl.h>
#include <unistd.h>

namespace flameup::detail {
namespace {

std::string errno_text(int error) { return std::strerror(error); }

std::string canonical(const std::string& path) {
  char resolved[PATH_MAX];
  return ::realpath(path.c_str(), resolved) != nullptr ? std::string(resolved) : path;
}

// Directories locked by clients of this process.
std::mutex g_locked_mu;
std::set<std::string>& locked_directories() {
  static auto* locked = new std::set<std::string>();  // never destroyed: used until exit
  return *locked;
}

bool register_directory(const std::string& key) {
  std::lock_guard<std::mutex> lock(g_locked_mu);
  return locked_directories().insert(key).second;
}

void unregister_directory(const std::string& key) {
  std::lock_guard<std::mutex> lock(g_locked_mu);
  locked_directories().erase(key);
}

std::string in_use(const std::string& directory) {
  return directory + " is in use by another client (in this or another process)";
}

}  // namespace

DirectoryLock::~DirectoryLock() { release(); }

std::string DirectoryLock::acquire(const std::string& directory) {
  release();
  if (std::string why = make_directories(directory, 0700); !why.empty()) return why;
  if (::access(directory.c_str(), W_OK | X_OK) != 0) return directory + " is not writable";
  std::string key = canonical(directory);
  if (!register_directory(key)) return in_use(directory);
  const std::string path = directory + "/lock";
  // O_CLOEXEC: a program the application execs never inherits the descriptor.
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    const int error = errno;
    unregister_directory(key);
    return "cannot open " + path + ": " + errno_text(error);
  }
  struct flock whole {};
  whole.l_type = F_WRLCK;
  whole.l_whence = SEEK_SET;  // l_start = l_len = 0: the whole file
  if (::fcntl(fd, F_SETLK, &whole) != 0) {
    const int error = errno;
    ::close(fd);
    unregister_directory(key);
    if (error == EACCES || error == EAGAIN) return in_use(directory);
    return "cannot lock " + path + ": " + errno_text(error);
  }
  fd_ = fd;
  key_ = std::move(key);
  generation_ = fork_generation_registered();
  return {};
}

void DirectoryLock::release() noexcept {
  if (fd_ < 0) return;
  ::close(fd_);  // releases the record lock (a forked child holds none: it was not inherited)
  fd_ = -1;
  // A forked child's copy never registered anything in the child, and must not take a mutex
  // another thread of the parent may have held at the fork.
  if (generation_ == fork_generation()) unregister_directory(key_);
  key_.clear();
}

}  // namespace flameup::detail
