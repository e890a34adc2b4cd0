#include "tcp_relay.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "loopback_socket.hpp"

namespace flameup::testing {
namespace {

int connect_loopback(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  if (fd >= 0 && ::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0) {
    return fd;
  }
  if (fd >= 0) ::close(fd);
  return -1;
}

// Moves what is readable on @p from to @p to; false when @p from is closed or failed.
bool forward(int from, int to) {
  char buffer[16 * 1024];
  const ssize_t n = ::recv(from, buffer, sizeof buffer, 0);
  if (n <= 0) return n < 0 && errno == EINTR;
  for (ssize_t done = 0; done < n;) {
    const ssize_t sent = ::send(to, buffer + done, static_cast<std::size_t>(n - done), MSG_NOSIGNAL);
    if (sent < 0 && errno == EINTR) continue;
    if (sent <= 0) return false;
    done += sent;
  }
  return true;
}

}  // namespace

TcpRelay::TcpRelay(int target_port) : target_port_(target_port) {
  if (::pipe2(wake_pipe_, O_CLOEXEC) != 0) return;
  int port = -1;
  listen_fd_ = bind_loopback(port);
  if (listen_fd_ < 0 || ::listen(listen_fd_, 16) != 0) return;
  port_ = port;
  accept_thread_ = std::thread([this] { accept_loop(); });
}

TcpRelay::~TcpRelay() { stop(); }

std::size_t TcpRelay::connections() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return accepted_;
}

void TcpRelay::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopped_) return;
    stopped_ = true;
  }
  if (wake_pipe_[1] >= 0) {
    const char wake = 's';
    [[maybe_unused]] const ssize_t written = ::write(wake_pipe_[1], &wake, 1);
  }
  if (accept_thread_.joinable()) accept_thread_.join();
  for (std::thread& thread : threads_) thread.join();  // no new ones once accept_loop ended
  threads_.clear();
  for (int* fd : {&listen_fd_, &wake_pipe_[0], &wake_pipe_[1]}) {
    if (*fd >= 0) ::close(*fd);
    *fd = -1;
  }
}

void TcpRelay::accept_loop() {
  while (true) {
    const int fd = accept_until_woken(listen_fd_, wake_pipe_[0]);
    if (fd < 0) return;
    std::lock_guard<std::mutex> lock(mutex_);
    ++accepted_;
    threads_.emplace_back([this, fd] { relay(fd); });
  }
}

void TcpRelay::relay(int client_fd) {
  const int server_fd = connect_loopback(target_port_);
  bool open = server_fd >= 0;
  while (open) {
    pollfd fds[3] = {{client_fd, POLLIN, 0}, {server_fd, POLLIN, 0}, {wake_pipe_[0], POLLIN, 0}};
    if (::poll(fds, 3, -1) < 0) {
      open = errno == EINTR;
      continue;
    }
    if (fds[2].revents != 0) break;
    if (fds[0].revents != 0) open = forward(client_fd, server_fd);
    if (open && fds[1].revents != 0) open = forward(server_fd, client_fd);
  }
  // Either side closing ends the relayed connection for both.
  if (server_fd >= 0) ::close(server_fd);
  ::close(client_fd);
}

}  // namespace flameup::testing
