#include "listen_backlog.hpp"

#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdlib>
#include <string>

namespace flameup::devserver {
namespace {

bool is_listening(int fd) {
  int accepting = 0;
  socklen_t length = sizeof accepting;
  return ::getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &length) == 0 && accepting != 0;
}

int local_port(int fd) {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) return -1;
  if (address.ss_family == AF_INET) {
    return ntohs(reinterpret_cast<const sockaddr_in*>(&address)->sin_port);
  }
  if (address.ss_family == AF_INET6) {
    return ntohs(reinterpret_cast<const sockaddr_in6*>(&address)->sin6_port);
  }
  return -1;
}

}  // namespace

int find_listening_socket(int port) {
  if (port <= 0) return -1;
  DIR* dir = ::opendir("/proc/self/fd");
  if (dir == nullptr) return -1;
  const int own = ::dirfd(dir);
  int found = -1;
  while (const dirent* entry = ::readdir(dir)) {
    char* end = nullptr;
    const long fd = std::strtol(entry->d_name, &end, 10);
    if (end == entry->d_name || *end != '\0' || fd == own) continue;  // ".", "..", the DIR
    const int candidate = static_cast<int>(fd);
    // Only a listening socket has SO_ACCEPTCONN set; other fds (files, pipes) fail the call.
    if (is_listening(candidate) && local_port(candidate) == port) {
      found = candidate;
      break;
    }
  }
  ::closedir(dir);
  return found;
}

bool raise_listen_backlog(int port) {
  const int fd = find_listening_socket(port);
  return fd >= 0 && ::listen(fd, SOMAXCONN) == 0;
}

}  // namespace flameup::devserver
