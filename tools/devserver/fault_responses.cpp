#include "fault_responses.hpp"

#include <algorithm>
#include <cctype>
#include <memory>
#include <string>

#include "connection_control.hpp"
#include "http_replies.hpp"

namespace flameup::devserver::detail {
namespace {

constexpr std::size_t kFillerChunk = 16 * 1024;

bool same_header_name(const std::string& a, const std::string& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

std::string header_value(const Fault& fault, const std::string& name) {
  for (const auto& [key, value] : fault.headers) {
    if (same_header_name(key, name)) return value;
  }
  return "";
}

void answer_status(const Fault& fault, httplib::Response& res) {
  res.status = fault.status;
  std::string content_type = header_value(fault, "Content-Type");
  for (const auto& [key, value] : fault.headers) {
    if (!same_header_name(key, "Content-Type")) res.set_header(key, value);
  }
  if (content_type.empty()) content_type = "application/json";
  // An empty body is a case on its own (row F18 of docs/reliability.md): send it as such, not as "{}".
  res.set_content(fault.body, content_type);
}

void answer_huge_body(ServerState& state, const Fault& fault, httplib::Response& res) {
  res.status = 200;
  const auto filler = std::make_shared<std::string>(kFillerChunk, 'x');
  if (fault.body_bytes > 0) {
    res.set_content_provider(
        fault.body_bytes, "application/json",
        [filler](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
          (void)offset;
          return sink.write(filler->data(), std::min(length, filler->size()));
        });
    return;
  }
  // Endless: until the client hangs up (write fails) or the server stops.
  res.set_chunked_content_provider(
      "application/json", [filler, &state](std::size_t, httplib::DataSink& sink) {
        return !state.release.stopping() && sink.write(filler->data(), filler->size());
      });
}

void answer_redirect(const Fault& fault, httplib::Response& res) {
  res.status = fault.status >= 300 && fault.status < 400 ? fault.status : 302;
  res.set_header("Location", fault.location);
}

// Holds the request until clear_faults() (then answers normally) or stop() (then the
// connection drops without an answer: the stream refuses writes once the server stops).
bool stall(ServerState& state, httplib::Response& res, std::uint64_t since) {
  state.release.wait_released(since);
  if (!state.release.stopping()) return false;
  request_connection_close();
  reply_json(res, 503, {{"error", "Server stopping"}});
  return true;
}

void trickle(ServerState& state, const Fault& fault, httplib::Response& res) {
  const auto body = std::make_shared<std::string>(std::move(res.body));
  res.body.clear();
  std::string content_type = res.get_header_value("Content-Type");
  res.headers.erase("Content-Type");
  if (content_type.empty()) content_type = "application/json";
  const std::uint64_t since = state.release.generation();
  const auto delay = fault.delay;
  res.set_chunked_content_provider(
      content_type, [body, &state, delay, since](std::size_t offset, httplib::DataSink& sink) {
        if (offset >= body->size()) {
          sink.done();
          return true;
        }
        // One byte per `delay`; once released by clear_faults() the rest goes at once.
        if (offset > 0 && !state.release.sleep_for(delay, since)) {
          if (state.release.stopping()) return false;
          return sink.write(body->data() + offset, body->size() - offset);
        }
        return sink.write(body->data() + offset, 1);
      });
}

}  // namespace

bool answer_instead(ServerState& state, const Fault& fault, httplib::Response& res,
                    std::uint64_t since) {
  switch (fault.kind) {
    case Fault::Kind::status:
      answer_status(fault, res);
      return true;
    case Fault::Kind::delay:
      state.release.sleep_for(fault.delay, since);
      return false;
    case Fault::Kind::stall:
      return stall(state, res, since);
    case Fault::Kind::huge_body:
      answer_huge_body(state, fault, res);
      return true;
    case Fault::Kind::redirect:
      answer_redirect(fault, res);
      return true;
    case Fault::Kind::trickle:
    case Fault::Kind::close_after_response:
      return false;
  }
  return false;
}

void reshape_answer(ServerState& state, const Fault& fault, httplib::Response& res) {
  if (fault.kind == Fault::Kind::trickle) {
    trickle(state, fault, res);
  } else if (fault.kind == Fault::Kind::close_after_response) {
    res.set_header("Connection", "close");
    request_connection_close();
  }
}

}  // namespace flameup::devserver::detail
