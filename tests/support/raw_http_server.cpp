#include "raw_http_server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>

#include "loopback_socket.hpp"

namespace flameup::testing {
namespace {

constexpr std::size_t kMaxHeaderBytes = 64 * 1024;

bool send_all(int fd, const char* data, std::size_t size) {
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = ::send(fd, data + done, size - done, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

std::string ok_response(std::size_t number) {
  const std::string body =
      R"({"success":true,"event_id":"evt_raw_)" + std::to_string(number) + R"("})";
  return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\nConnection: keep-alive\r\n\r\n" + body;
}

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// The value of header @p name (lower case) in the header block, or "".
std::string header(const std::string& head, const std::string& name) {
  std::size_t line_start = head.find("\r\n");
  while (line_start != std::string::npos && line_start + 2 < head.size()) {
    const std::size_t begin = line_start + 2;
    const std::size_t end = head.find("\r\n", begin);
    const std::string line = head.substr(begin, end == std::string::npos ? end : end - begin);
    const std::size_t colon = line.find(':');
    if (colon != std::string::npos && lower(trim(line.substr(0, colon))) == name) {
      return trim(line.substr(colon + 1));
    }
    line_start = end;
  }
  return "";
}

// Closing with a zero linger time sends RST instead of FIN.
void arm_reset(int fd) {
  linger hard{1, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
}

}  // namespace

RawHttpServer::RawHttpServer(Mode mode) : mode_(mode) {
  if (::pipe2(wake_pipe_, O_CLOEXEC) != 0) return;
  int port = -1;
  listen_fd_ = bind_loopback(port);
  if (listen_fd_ < 0 || ::listen(listen_fd_, 64) != 0) return;
  port_ = port;
  accept_thread_ = std::thread([this] { accept_loop(); });
}

RawHttpServer::~RawHttpServer() { stop(); }

std::string RawHttpServer::base_url() const {
  return "http://127.0.0.1:" + std::to_string(port_) + "/api/v1";
}

void RawHttpServer::set_mode(Mode mode) {
  std::lock_guard<std::mutex> lock(mutex_);
  mode_ = mode;
}

void RawHttpServer::set_mode_once(Mode mode) {
  std::lock_guard<std::mutex> lock(mutex_);
  once_ = mode;
}

RawHttpServer::Mode RawHttpServer::next_mode() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (once_) {
    const Mode mode = *once_;
    once_.reset();
    return mode;
  }
  return mode_;
}

std::size_t RawHttpServer::requests() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return keys_.size();
}

std::vector<std::string> RawHttpServer::idempotency_keys() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return keys_;
}

std::size_t RawHttpServer::connections() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return accepted_;
}

bool RawHttpServer::wait_for_requests(std::size_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(mutex_);
  return cv_.wait_for(lock, timeout, [&] { return keys_.size() >= n; });
}

void RawHttpServer::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopped_) return;
    stopped_ = true;
    // Wakes every connection thread blocked in recv or poll.
    for (const int fd : open_fds_) ::shutdown(fd, SHUT_RDWR);
  }
  if (wake_pipe_[1] >= 0) {
    const char wake = 's';
    [[maybe_unused]] const ssize_t written = ::write(wake_pipe_[1], &wake, 1);
  }
  if (accept_thread_.joinable()) accept_thread_.join();
  std::vector<std::thread> threads;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    threads.swap(connection_threads_);
  }
  for (std::thread& thread : threads) thread.join();
  for (int* fd : {&listen_fd_, &wake_pipe_[0], &wake_pipe_[1]}) {
    if (*fd >= 0) ::close(*fd);
    *fd = -1;
  }
}

int RawHttpServer::closed_port() {
  int port = -1;
  const int fd = bind_loopback(port);
  if (fd < 0) return -1;
  ::close(fd);
  return port;
}

void RawHttpServer::accept_loop() {
  while (true) {
    const int fd = accept_until_woken(listen_fd_, wake_pipe_[0]);
    if (fd < 0) return;
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopped_) {
      ::close(fd);
      return;
    }
    open_fds_.insert(fd);
    ++accepted_;
    connection_threads_.emplace_back([this, fd] { serve(fd); });
  }
}

bool RawHttpServer::wait_readable(int fd) const {
  pollfd fds[2] = {{fd, POLLIN, 0}, {wake_pipe_[0], POLLIN, 0}};
  int n = 0;
  do {
    n = ::poll(fds, 2, -1);
  } while (n < 0 && errno == EINTR);
  return n > 0 && fds[1].revents == 0;
}

std::optional<RawHttpServer::Request> RawHttpServer::read_request(int fd, std::string& pending) {
  const auto fill = [&]() {
    char buffer[4096];
    if (!wait_readable(fd)) return false;
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) return false;
    pending.append(buffer, static_cast<std::size_t>(n));
    return true;
  };
  std::size_t head_end = std::string::npos;
  while ((head_end = pending.find("\r\n\r\n")) == std::string::npos) {
    if (pending.size() > kMaxHeaderBytes || !fill()) return std::nullopt;
  }
  const std::string head = pending.substr(0, head_end);
  const std::size_t body_length =
      std::strtoul(header(head, "content-length").c_str(), nullptr, 10);
  if (lower(header(head, "expect")) == "100-continue" &&
      pending.size() < head_end + 4 + body_length) {
    const std::string go_on = "HTTP/1.1 100 Continue\r\n\r\n";
    if (!send_all(fd, go_on.data(), go_on.size())) return std::nullopt;
  }
  while (pending.size() < head_end + 4 + body_length) {
    if (!fill()) return std::nullopt;
  }
  pending.erase(0, head_end + 4 + body_length);
  return Request{header(head, "idempotency-key")};
}

void RawHttpServer::record(const Request& request, std::size_t& number) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    keys_.push_back(request.idempotency_key);
    number = keys_.size();
  }
  cv_.notify_all();
}

void RawHttpServer::serve(int fd) {
  std::string pending;
  bool keep_going = true;
  while (keep_going) {
    const auto request = read_request(fd, pending);
    if (!request) break;
    std::size_t number = 0;
    record(*request, number);
    const std::string response = ok_response(number);
    switch (next_mode()) {
      case Mode::ok:
        keep_going = send_all(fd, response.data(), response.size());
        break;
      case Mode::one_byte_writes: {
        const int on = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
        for (std::size_t i = 0; i < response.size() && keep_going; ++i) {
          keep_going = send_all(fd, response.data() + i, 1);
        }
        break;
      }
      case Mode::reset_before_response:
        arm_reset(fd);
        keep_going = false;
        break;
      case Mode::respond_then_reset:
        send_all(fd, response.data(), response.size());
        arm_reset(fd);
        keep_going = false;
        break;
      case Mode::hang:
        // Never answer: wait for stop() (or the client hanging up), discarding input.
        while (wait_readable(fd)) {
          char sink[4096];
          if (::recv(fd, sink, sizeof sink, 0) <= 0) break;
        }
        keep_going = false;
        break;
    }
  }
  forget(fd);
}

void RawHttpServer::forget(int fd) {
  // Closed under the lock: stop() never shuts down a descriptor number already reused.
  std::lock_guard<std::mutex> lock(mutex_);
  open_fds_.erase(fd);
  ::close(fd);
}

}  // namespace flameup::testing
