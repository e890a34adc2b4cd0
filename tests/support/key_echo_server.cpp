#include "key_echo_server.hpp"

#include <httplib.h>

#include <nlohmann/json.hpp>

#include "key_spellings.hpp"

namespace flameup::testing {
namespace {

std::string received_key(const httplib::Request& req) {
  const std::string authorization = req.get_header_value("Authorization");
  const std::string bearer = "Bearer ";
  return authorization.rfind(bearer, 0) == 0 ? authorization.substr(bearer.size()) : authorization;
}

}  // namespace

const std::string& KeyEchoServer::hostile_text() {
  static const std::string text =
      "\r\nflameup [error] forged line\x1b[2J\x1b]0;owned\x07\xC2\x9B"
      "31m\xE2\x80\xAE"
      "end";
  return text;
}

KeyEchoServer::KeyEchoServer() : http_(std::make_unique<httplib::Server>()) {
  const auto answer = [this](const httplib::Request& req, httplib::Response& res) {
    const std::size_t n = requests_++;
    const std::string key = received_key(req);
    const auto spellings = key_spellings(key);
    const std::string echo =
        key.empty() ? std::string("no key") : spellings[n % spellings.size()].text;
    if (req.method == "POST") {
      res.status = track_status_;
      res.set_header("X-Request-Id", echo + "\x1b[31m\xFF");
      nlohmann::json body;
      if (res.status >= 200 && res.status <= 299) {
        body = {{"success", true}, {"event_id", echo}};
      } else {
        body["error"] = {{"code", echo},
                         {"message", "bad key " + echo + hostile_text()},
                         {"details", {{"fields", {{echo, echo + hostile_text()}}}}}};
      }
      res.set_content(body.dump(), "application/json");
    } else if (req.get_param_value("user_id") == "text") {
      res.status = 500;
      res.set_content("upstream refused Authorization: Bearer " + echo + hostile_text(),
                      "text/plain");
    } else {
      res.status = 500;
      res.set_content(
          nlohmann::json{{"unexpected", {{"echo", echo}, {"note", hostile_text()}}}}.dump(),
          "application/json");
    }
  };
  http_->Get(".*", answer);
  http_->Post(".*", answer);
  port_ = http_->bind_to_any_port("127.0.0.1");
  if (port_ <= 0) {
    port_ = -1;
    return;
  }
  httplib::Server* http = http_.get();
  thread_ = std::thread([http] { http->listen_after_bind(); });
  // httplib's stop() does nothing until the accept loop runs: wait for it (microseconds).
  while (!http->is_running()) std::this_thread::yield();
}

KeyEchoServer::~KeyEchoServer() {
  http_->stop();
  if (thread_.joinable()) thread_.join();
}

std::string KeyEchoServer::base_url() const {
  return "http://127.0.0.1:" + std::to_string(port_) + "/api/v1";
}

}  // namespace flameup::testing
