#include "connection_stream.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace flameup::devserver::detail {
namespace {

void address_of(const sockaddr_storage& addr, std::string& ip, int& port) {
  char text[INET6_ADDRSTRLEN] = {};
  if (addr.ss_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(&addr);
    inet_ntop(AF_INET, &in->sin_addr, text, sizeof text);
    port = ntohs(in->sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&addr);
    inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof text);
    port = ntohs(in6->sin6_port);
  }
  ip = text;
}

}  // namespace

ConnectionStream::ConnectionStream(int sock, int wake_fd, int read_timeout_ms,
                                   int write_timeout_ms)
    : sock_(sock),
      wake_fd_(wake_fd),
      read_timeout_ms_(read_timeout_ms),
      write_timeout_ms_(write_timeout_ms) {}

ConnectionStream::Ready ConnectionStream::wait(short events, int timeout_ms) const {
  pollfd fds[2] = {{sock_, events, 0}, {wake_fd_, POLLIN, 0}};
  int n = 0;
  do {
    n = ::poll(fds, 2, timeout_ms);
  } while (n < 0 && errno == EINTR);
  if (n < 0 || (fds[1].revents & POLLIN) != 0) return Ready::stopping;
  // POLLHUP / POLLERR count as ready: the following recv/send reports them.
  return fds[0].revents != 0 ? Ready::yes : Ready::timeout;
}

bool ConnectionStream::wait_for_request(int idle_timeout_ms) {
  if (buffered()) return true;
  if (wait(POLLIN, idle_timeout_ms) != Ready::yes) return false;
  // Readable with nothing to read means the peer closed: no next request.
  const ssize_t n = ::recv(sock_, buffer_.data(), buffer_.size(), 0);
  if (n <= 0) return false;
  begin_ = 0;
  end_ = static_cast<std::size_t>(n);
  return true;
}

bool ConnectionStream::is_readable() const {
  return buffered() || wait(POLLIN, read_timeout_ms_) == Ready::yes;
}

bool ConnectionStream::is_writable() const {
  return wait(POLLOUT, write_timeout_ms_) == Ready::yes;
}

ssize_t ConnectionStream::read(char* ptr, size_t size) {
  if (!buffered()) {
    if (wait(POLLIN, read_timeout_ms_) != Ready::yes) return -1;
    ssize_t n = 0;
    do {
      n = ::recv(sock_, buffer_.data(), buffer_.size(), 0);
    } while (n < 0 && errno == EINTR);
    if (n <= 0) return n;
    begin_ = 0;
    end_ = static_cast<std::size_t>(n);
  }
  const std::size_t count = std::min(size, end_ - begin_);
  std::memcpy(ptr, buffer_.data() + begin_, count);
  begin_ += count;
  return static_cast<ssize_t>(count);
}

ssize_t ConnectionStream::write(const char* ptr, size_t size) {
  if (wait(POLLOUT, write_timeout_ms_) != Ready::yes) return -1;
  ssize_t n = 0;
  do {
    n = ::send(sock_, ptr, size, MSG_NOSIGNAL);
  } while (n < 0 && errno == EINTR);
  return n;
}

void ConnectionStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (::getpeername(sock_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    address_of(addr, ip, port);
  }
}

void ConnectionStream::get_local_ip_and_port(std::string& ip, int& port) const {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (::getsockname(sock_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    address_of(addr, ip, port);
  }
}

}  // namespace flameup::devserver::detail
