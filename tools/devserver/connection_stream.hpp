#pragma once
// httplib::Stream over one accepted socket, for PromptStopServer. Unlike httplib's own socket
// stream it also watches a wake-up pipe: once the server stops, reads and writes fail at once,
// so no connection (idle, half-read, or held by a fault) can delay stop().

#include <array>
#include <cstddef>
#include <string>

#include <httplib.h>

namespace flameup::devserver::detail {

class ConnectionStream final : public httplib::Stream {
 public:
  /// @param wake_fd readable once the server stops (the read end of a pipe).
  ConnectionStream(int sock, int wake_fd, int read_timeout_ms, int write_timeout_ms);

  /// Waits up to @p idle_timeout_ms for the next request's first byte. False on timeout, on
  /// stop, and when the peer closed.
  bool wait_for_request(int idle_timeout_ms);

  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override { return sock_; }

 private:
  enum class Ready { yes, timeout, stopping };
  Ready wait(short events, int timeout_ms) const;
  bool buffered() const { return begin_ < end_; }

  int sock_;
  int wake_fd_;
  int read_timeout_ms_;
  int write_timeout_ms_;
  // httplib reads the request line and headers one byte at a time: buffer the socket.
  std::array<char, 4096> buffer_{};
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
};

}  // namespace flameup::devserver::detail
