#include "prompt_stop_server.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include "connection_control.hpp"
#include "connection_stream.hpp"

namespace flameup::devserver::detail {
namespace {

int to_ms(time_t sec, time_t usec) { return static_cast<int>(sec * 1000 + usec / 1000); }

}  // namespace

bool PromptStopServer::process_and_close_socket(socket_t sock) {
  ConnectionStream stream(sock, wake_fd_, to_ms(read_timeout_sec_, read_timeout_usec_),
                          to_ms(write_timeout_sec_, write_timeout_usec_));
  bool ok = true;
  std::size_t remaining = keep_alive_max_count_;
  while (remaining > 0 && stream.wait_for_request(to_ms(keep_alive_timeout_sec_, 0))) {
    --remaining;
    take_connection_close_request();  // start each request with a clean slate
    bool closed = false;
    ok = process_request(stream, /*close_connection=*/remaining == 0, closed,
                         [](httplib::Request&) {});
    if (take_connection_close_request() || !ok || closed) break;
  }
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
  return ok;
}

}  // namespace flameup::devserver::detail
