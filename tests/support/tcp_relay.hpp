#pragma once
// A TCP relay on 127.0.0.1 in front of another local server (the TLS emulator, whose bytes
// the tests cannot see): it forwards every connection as-is and counts the connections, so a
// test can tell whether a client kept using one connection or had to open another.

#include <cstddef>
#include <mutex>
#include <thread>
#include <vector>

namespace flameup::testing {

class TcpRelay {
 public:
  /// Listens on 127.0.0.1, a free port, at once; port() is -1 when that failed. Each
  /// accepted connection is forwarded to 127.0.0.1:@p target_port.
  explicit TcpRelay(int target_port);
  ~TcpRelay();  // stops
  TcpRelay(const TcpRelay&) = delete;
  TcpRelay& operator=(const TcpRelay&) = delete;

  int port() const { return port_; }
  /// Connections accepted so far.
  std::size_t connections() const;
  /// Closes the listener and every relayed connection, joins all threads. Idempotent.
  void stop();

 private:
  void accept_loop();
  void relay(int client_fd);

  int target_port_;
  int listen_fd_ = -1;
  int wake_pipe_[2] = {-1, -1};
  int port_ = -1;
  mutable std::mutex mutex_;
  std::size_t accepted_ = 0;
  bool stopped_ = false;
  std::vector<std::thread> threads_;
  std::thread accept_thread_;
};

}  // namespace flameup::testing
