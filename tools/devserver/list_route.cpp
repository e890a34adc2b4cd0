// GET /api/v1/workspaces/{workspaceId}/events?limit=&offset=&user_id=&event=&since=&until=
#include <cstdint>
#include <cstdlib>
#include <string>

#include "admission.hpp"
#include "fault_responses.hpp"
#include "http_replies.hpp"
#include "rfc3339.hpp"
#include "routes.hpp"

namespace flameup::devserver::detail {
namespace {

constexpr std::size_t kDefaultLimit = 100;
constexpr std::size_t kMaxLimit = 1000;

// A whole non-negative decimal number, or nullopt.
std::optional<std::size_t> parse_count(const std::string& text) {
  if (text.empty() || text.size() > 9) return std::nullopt;
  std::size_t value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<std::size_t>(c - '0');
  }
  return value;
}

// Fills @p query from the query string; broken parameters go to @p fields.
void read_query(const httplib::Request& req, EventQuery& query, nlohmann::json& fields) {
  query.limit = kDefaultLimit;
  if (req.has_param("limit")) {
    const auto limit = parse_count(req.get_param_value("limit"));
    if (!limit || *limit < 1 || *limit > kMaxLimit) {
      fields["limit"] = "Must be an integer from 1 to 1000";
    } else {
      query.limit = *limit;
    }
  }
  if (req.has_param("offset")) {
    const auto offset = parse_count(req.get_param_value("offset"));
    if (!offset) {
      fields["offset"] = "Must be a non-negative integer";
    } else {
      query.offset = *offset;
    }
  }
  query.user_id = req.get_param_value("user_id");
  query.event = req.get_param_value("event");
  for (const char* name : {"since", "until"}) {
    if (!req.has_param(name)) continue;
    const auto at = parse_rfc3339_ms(req.get_param_value(name));
    if (!at) {
      fields[name] = "Must be an RFC 3339 date-time";
    } else {
      (std::string(name) == "since" ? query.since_ms : query.until_ms) = at;
    }
  }
}

nlohmann::json listed(const RecordedEvent& event) {
  return {{"id", event.id},
          {"workspace_id", event.workspace_id},
          {"person_id", event.user_id},
          {"event", event.event},
          {"properties", event.properties},
          {"timestamp", event.timestamp},
          {"created_at", event.created_at}};
}

}  // namespace

void handle_list(ServerState& state, const httplib::Request& req, httplib::Response& res) {
  const std::string request_id = state.ids.next("req_");
  res.set_header("X-Request-Id", request_id);
  const std::uint64_t since = state.release.generation();
  const auto fault = state.faults.take(Fault::Route::list);
  if (fault && answer_instead(state, *fault, res, since)) return;
  const Admission admission = admit(state, req, res, request_id);
  if (!admission.admitted) return;

  EventQuery query;
  query.workspace_id = admission.workspace_id;
  nlohmann::json fields = nlohmann::json::object();
  read_query(req, query, fields);
  if (!fields.empty()) {
    reply_validation_failed(res, fields);
    return;
  }
  const EventPage page = state.store.query(query);
  nlohmann::json events = nlohmann::json::array();
  for (const RecordedEvent& event : page.events) events.push_back(listed(event));
  reply_json(res, 200, {{"events", events}, {"total", page.total}});
  if (fault) reshape_answer(state, *fault, res);
}

}  // namespace flameup::devserver::detail
