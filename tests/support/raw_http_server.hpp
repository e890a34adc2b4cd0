#pragma once
// A socket-level fake of the track endpoint, for faults an HTTP library cannot produce:
// connection resets, a silent peer, responses written one byte at a time (docs/reliability.md F2, F6,
// F7, F10). Plain POSIX sockets on 127.0.0.1; one thread per connection.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace flameup::testing {

class RawHttpServer {
 public:
  enum class Mode {
    ok,                     // normal 200 keep-alive responses, several per connection
    reset_before_response,  // read the request, then RST without writing a byte
    respond_then_reset,     // write a complete 200 (with Content-Length), then RST
    hang,                   // read the request, never answer (until stop())
    one_byte_writes,        // the full 200 response, one byte per send(), TCP_NODELAY
  };

  /// Listens on 127.0.0.1, a free port, at once; port() is -1 when that failed.
  explicit RawHttpServer(Mode mode = Mode::ok);
  ~RawHttpServer();  // stops
  RawHttpServer(const RawHttpServer&) = delete;
  RawHttpServer& operator=(const RawHttpServer&) = delete;

  int port() const { return port_; }
  /// "http://127.0.0.1:<port>/api/v1", ready for ClientOptions::base_url.
  std::string base_url() const;

  /// The mode for every following request.
  void set_mode(Mode mode);
  /// The mode for the next request only; later ones use the set_mode() mode again.
  void set_mode_once(Mode mode);

  /// Complete requests read so far (whatever the mode did with them).
  std::size_t requests() const;
  /// The Idempotency-Key header of each request, in arrival order ("" when absent).
  std::vector<std::string> idempotency_keys() const;
  /// TCP connections accepted so far (connection reuse shows as fewer than requests()).
  std::size_t connections() const;
  /// Blocks until @p n requests were read or @p timeout passes; true if reached.
  bool wait_for_requests(std::size_t n, std::chrono::milliseconds timeout) const;

  /// Closes the listener and every connection (hung ones included), joins all threads.
  /// Idempotent.
  void stop();

  /// A loopback port with nothing listening on it (bound, read, closed): connection refused.
  static int closed_port();

 private:
  struct Request {
    std::string idempotency_key;
  };

  void accept_loop();
  void serve(int fd);
  Mode next_mode();
  /// Reads one request; nullopt when the peer closed, the server stops, or the bytes are not
  /// HTTP.
  std::optional<Request> read_request(int fd, std::string& pending);
  bool wait_readable(int fd) const;
  void record(const Request& request, std::size_t& number);
  void forget(int fd);

  int listen_fd_ = -1;
  int wake_pipe_[2] = {-1, -1};
  int port_ = -1;

  mutable std::mutex mutex_;
  mutable std::condition_variable cv_;
  Mode mode_;
  std::optional<Mode> once_;
  std::vector<std::string> keys_;
  std::set<int> open_fds_;
  std::size_t accepted_ = 0;
  std::vector<std::thread> connection_threads_;
  bool stopped_ = false;
  std::thread accept_thread_;
};

}  // namespace flameup::testing
