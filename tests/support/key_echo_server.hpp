#pragma once
// A hostile HTTP server on 127.0.0.1 that echoes the Bearer key it receives back in every
// place a client reads, spelled in one of key_spellings() (request n uses spelling n, round
// robin), with a forged log line and terminal escapes beside it. It echoes what it really
// received: a client that never sends the key has nothing to leak.
//
//   POST (track):    the track status (400 unless set) and
//                    {"error": {"code", "message", "details": {"fields": {<key>: <key>}}}},
//                    or {"success": true, "event_id": <key>} for a 2xx;
//                    X-Request-Id: <key> plus ESC and a byte that is not UTF-8.
//   GET with user_id=text:  500, a text/plain body (not JSON).
//   GET otherwise:   500, JSON of a shape the API never uses.

#include <atomic>
#include <memory>
#include <string>
#include <thread>

namespace httplib {
class Server;
}

namespace flameup::testing {

class KeyEchoServer {
 public:
  /// Listens on a free loopback port at once; port() is -1 when that failed.
  KeyEchoServer();
  ~KeyEchoServer();  // stops
  KeyEchoServer(const KeyEchoServer&) = delete;
  KeyEchoServer& operator=(const KeyEchoServer&) = delete;

  int port() const { return port_; }
  /// "http://127.0.0.1:<port>/api/v1".
  std::string base_url() const;
  /// The status of every following POST (any 2xx answers with an event id).
  void set_track_status(int status) { track_status_ = status; }
  /// Requests answered so far.
  std::size_t requests() const { return requests_; }

  /// What every echo carries beside the key: a forged log line, terminal escapes (ESC and
  /// C1 CSI), a bidirectional override.
  static const std::string& hostile_text();

 private:
  std::unique_ptr<httplib::Server> http_;
  std::thread thread_;
  int port_ = -1;
  std::atomic<int> track_status_{400};
  std::atomic<std::size_t> requests_{0};
};

}  // namespace flameup::testing
