#pragma once
// httplib::Server whose connections end as soon as the emulator stops.
//
// httplib 0.11 keeps each keep-alive connection in a polling loop that notices stop() only
// after the keep-alive timeout, so stop() would wait that long whenever a client (the SDK under
// test) still holds an idle connection. This subclass runs each connection itself through
// httplib's own request processing, over a stream that also watches a wake-up pipe.
// (TLS serving keeps httplib::SSLServer and its slower stop.)

#include <httplib.h>

namespace flameup::devserver::detail {

class PromptStopServer final : public httplib::Server {
 public:
  /// @param wake_fd readable once the server stops; owned by the caller.
  explicit PromptStopServer(int wake_fd) : wake_fd_(wake_fd) {}

 private:
  bool process_and_close_socket(socket_t sock) override;

  int wake_fd_;
};

}  // namespace flameup::devserver::detail
