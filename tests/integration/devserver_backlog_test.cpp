// The emulator's listen backlog (tools/devserver/listen_backlog.hpp): httplib listens with a
// backlog of 5, so bursts of connects lost SYNs and clients stalled for 1 s.

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

#include "devserver.hpp"
#include "listen_backlog.hpp"

namespace flameup::devserver {
namespace {

using namespace std::chrono_literals;
using SteadyClock = std::chrono::steady_clock;

// The kernel's backlog of a listening socket: TCP_INFO reports it in tcpi_sacked for sockets
// in the LISTEN state.
unsigned backlog_of(int fd) {
  tcp_info info{};
  socklen_t length = sizeof info;
  if (::getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &length) != 0) return 0;
  return info.tcpi_sacked;
}

int listen_on_loopback(int backlog, int& port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(fd, backlog) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ::close(fd);
    return -1;
  }
  port = ntohs(address.sin_port);
  return fd;
}

TEST(DevserverBacklog, RaisesTheBacklogOfTheListeningSocketOfThatPortOnly) {
  int port_a = 0;
  int port_b = 0;
  const int a = listen_on_loopback(5, port_a);
  const int b = listen_on_loopback(5, port_b);
  ASSERT_GE(a, 0);
  ASSERT_GE(b, 0);
  ASSERT_EQ(backlog_of(a), 5u);
  EXPECT_EQ(find_listening_socket(port_a), a);
  EXPECT_EQ(find_listening_socket(port_b), b);
  EXPECT_TRUE(raise_listen_backlog(port_a));
  EXPECT_GE(backlog_of(a), 64u);
  EXPECT_EQ(backlog_of(b), 5u) << "another port's socket is left alone";
  ::close(a);
  ::close(b);
  EXPECT_EQ(find_listening_socket(port_a), -1) << "a closed socket is not found";
  EXPECT_FALSE(raise_listen_backlog(port_a));
}

TEST(DevserverBacklog, TheEmulatorListensWithALargeBacklog) {
  ServerOptions options;
  options.rate_limit_per_minute = 0;
  Server server(options);
  const int port = server.start();
  ASSERT_GT(port, 0);
  const int fd = find_listening_socket(port);
  ASSERT_GE(fd, 0);
  EXPECT_GE(backlog_of(fd), 64u);
  server.stop();
}

// 64 simultaneous connects all complete within 500 ms (a dropped SYN costs a 1 s retransmit).
TEST(DevserverBacklog, SixtyFourSimultaneousConnectsAllComplete) {
  ServerOptions options;
  options.rate_limit_per_minute = 0;
  Server server(options);
  const int port = server.start();
  ASSERT_GT(port, 0);

  constexpr int kConnections = 64;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  std::vector<pollfd> fds;
  for (int i = 0; i < kConnections; ++i) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    ASSERT_GE(fd, 0);
    const int rc = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ASSERT_TRUE(rc == 0 || errno == EINPROGRESS);
    fds.push_back({fd, POLLOUT, 0});
  }
  const auto deadline = SteadyClock::now() + 500ms;
  int connected = 0;
  std::vector<bool> done(fds.size(), false);
  while (connected < kConnections && SteadyClock::now() < deadline) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now());
    std::vector<pollfd> waiting;
    for (std::size_t i = 0; i < fds.size(); ++i) {
      if (!done[i]) waiting.push_back(fds[i]);
    }
    if (::poll(waiting.data(), waiting.size(), static_cast<int>(left.count()) + 1) <= 0) break;
    for (const pollfd& p : waiting) {
      if (p.revents == 0) continue;
      int error = 0;
      socklen_t length = sizeof error;
      ::getsockopt(p.fd, SOL_SOCKET, SO_ERROR, &error, &length);
      EXPECT_EQ(error, 0);
      for (std::size_t i = 0; i < fds.size(); ++i) {
        if (fds[i].fd == p.fd) done[i] = true;
      }
      ++connected;
    }
  }
  EXPECT_EQ(connected, kConnections) << "connects stalled (SYNs dropped by a short backlog)";
  for (const pollfd& p : fds) ::close(p.fd);
  server.stop();
}

}  // namespace
}  // namespace flameup::devserver
