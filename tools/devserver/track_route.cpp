// POST /api/v1/workspaces/{workspaceId}/events
#include <cctype>
#include <chrono>
#include <string>

#include "admission.hpp"
#include "event_validation.hpp"
#include "fault_responses.hpp"
#include "http_replies.hpp"
#include "rfc3339.hpp"
#include "routes.hpp"

namespace flameup::devserver::detail {
namespace {

// What the request log keeps of @p req: bounded copies, and no secret.
ReceivedRequest received_from(const httplib::Request& req, std::size_t max_body_bytes) {
  const auto header = [&req](const char* name) {
    return req.get_header_value(name).substr(0, kMaxLoggedHeaderBytes);
  };
  ReceivedRequest received;
  received.method = req.method.substr(0, kMaxLoggedHeaderBytes);
  received.path = req.target.substr(0, kMaxLoggedHeaderBytes);
  received.authorization_fingerprint = fingerprint(req.get_header_value("Authorization"));
  received.idempotency_key = header("Idempotency-Key");
  received.user_agent = header("User-Agent");
  received.content_type = header("Content-Type");
  received.body = req.body.substr(0, max_body_bytes);
  received.body_bytes = req.body.size();
  return received;
}

// "application/json", any case, parameters such as "; charset=utf-8" allowed.
bool is_json_media_type(const std::string& content_type) {
  std::string media = content_type.substr(0, content_type.find(';'));
  media.erase(media.find_last_not_of(" \t") + 1);
  for (char& c : media) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return media == "application/json";
}

// Log lines are one line each, whatever the client sent.
std::string printable(const std::string& text) {
  std::string out = text;
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  return out;
}

RecordedEvent event_from_body(const nlohmann::json& body, const std::string& workspace_id,
                              const httplib::Request& req, const std::string& event_id) {
  RecordedEvent event;
  event.id = event_id;
  event.workspace_id = workspace_id;
  event.user_id = body.at("userId").get<std::string>();
  event.event = body.at("event").get<std::string>();
  if (body.contains("properties")) event.properties = body.at("properties");
  event.created_at = format_rfc3339(std::chrono::system_clock::now());
  event.timestamp =
      body.contains("timestamp") ? body.at("timestamp").get<std::string>() : event.created_at;
  event.idempotency_key = req.get_header_value("Idempotency-Key");
  return event;
}

// The service's own behaviour, without faults.
void answer_normally(ServerState& state, const httplib::Request& req, httplib::Response& res,
                     const std::string& request_id) {
  const Admission admission = admit(state, req, res, request_id);
  if (!admission.admitted) return;
  if (!is_json_media_type(req.get_header_value("Content-Type"))) {
    reply_bad_request(res, "INVALID_CONTENT_TYPE", "Content-Type must be application/json",
                      request_id);
    return;
  }
  const auto body = nlohmann::json::parse(req.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) {
    reply_bad_request(res, "INVALID_JSON", "Request body must be a JSON object", request_id);
    return;
  }
  const nlohmann::json fields = validate_track_body(body);
  if (!fields.empty()) {
    reply_validation_failed(res, fields);
    return;
  }
  const RecordedEvent event =
      event_from_body(body, admission.workspace_id, req, state.ids.next("evt_"));
  const RecordOutcome outcome = state.store.record(event);
  state.log_line(std::string(outcome.duplicate ? "duplicate " : "event ") + outcome.event_id +
                 " ws=" + printable(event.workspace_id) + " user=" + printable(event.user_id) +
                 " event=" + printable(event.event));
  reply_json(res, 200, {{"success", true}, {"event_id", outcome.event_id}});
}

}  // namespace

void handle_track(ServerState& state, const httplib::Request& req, httplib::Response& res) {
  const std::string request_id = state.ids.next("req_");
  res.set_header("X-Request-Id", request_id);
  // Logged before any fault applies: tests count attempts, failed ones included.
  state.requests.add(received_from(req, state.options.max_logged_body_bytes));
  const std::uint64_t since = state.release.generation();
  const auto fault = state.faults.take();
  if (fault && answer_instead(state, *fault, res, since)) return;
  answer_normally(state, req, res, request_id);
  if (fault) reshape_answer(state, *fault, res);
}

}  // namespace flameup::devserver::detail
