#include "wire/list_codec.hpp"

#include <cstdint>

#include <nlohmann/json.hpp>

#include "flameup/timestamp.hpp"
#include "text/json_text.hpp"
#include "text/utf8.hpp"
#include "wire/url.hpp"

namespace flameup::detail {
namespace {

using nlohmann::json;

constexpr int kMaxLimit = 1000;  // the server's own bound

Error query_error(std::string message) {
  Error error;
  error.code = ErrorCode::invalid_query;
  error.message = std::move(message);
  return error;
}

// Filters are optional, so empty is fine; anything else must be text the server can read.
std::string filter_problem(const char* field, std::string_view value) {
  if (!is_valid_utf8(value)) return std::string(field) + ": invalid UTF-8";
  if (has_control_char(value)) return std::string(field) + ": must not contain control characters";
  return {};
}

void append_param(std::string& url, char& separator, const char* name, std::string_view value) {
  url += separator;
  url += name;
  url += '=';
  url += percent_encode_segment(value);
  separator = '&';
}

std::optional<std::chrono::system_clock::time_point> time_member(const json& object,
                                                                 const char* name) {
  const auto it = object.find(name);
  if (it == object.end() || !it->is_string()) return std::nullopt;
  return parse_timestamp(it->get_ref<const std::string&>());
}

ListedEvent listed_event(const json& object) {
  ListedEvent event;
  event.id = string_member(object, "id");
  event.workspace_id = string_member(object, "workspace_id");
  event.user_id = string_member(object, "person_id");
  event.event = string_member(object, "event");
  if (const auto it = object.find("properties"); it != object.end() && !it->is_null()) {
    event.properties = *it;
  }
  event.timestamp = time_member(object, "timestamp");
  event.created_at = time_member(object, "created_at");
  return event;
}

}  // namespace

Error validate_query(const EventQuery& query) {
  if (query.limit < 1 || query.limit > kMaxLimit) {
    return query_error("limit: must be from 1 to " + std::to_string(kMaxLimit));
  }
  if (query.offset < 0) return query_error("offset: must not be negative");
  if (std::string problem = filter_problem("user_id", query.user_id); !problem.empty()) {
    return query_error(std::move(problem));
  }
  if (std::string problem = filter_problem("event", query.event); !problem.empty()) {
    return query_error(std::move(problem));
  }
  // An empty window would make the server answer an empty page: a mistake, not a question.
  if (query.since && query.until && *query.until < *query.since) {
    return query_error("until: must not be before since");
  }
  return {};
}

std::string list_url(std::string_view events_url, const EventQuery& query) {
  std::string url(events_url);
  char separator = '?';
  append_param(url, separator, "limit", std::to_string(query.limit));
  append_param(url, separator, "offset", std::to_string(query.offset));
  if (!query.user_id.empty()) append_param(url, separator, "user_id", query.user_id);
  if (!query.event.empty()) append_param(url, separator, "event", query.event);
  if (query.since) append_param(url, separator, "since", format_timestamp(*query.since));
  if (query.until) append_param(url, separator, "until", format_timestamp(*query.until));
  return url;
}

bool parse_event_page(std::string_view body, EventPage& page, std::string& why) {
  const json parsed = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_object()) {
    why = "the body is not a JSON object";
    return false;
  }
  const auto events = parsed.find("events");
  if (events == parsed.end() || !events->is_array()) {
    why = "no \"events\" array";
    return false;
  }
  const auto total = parsed.find("total");
  if (total == parsed.end() || !total->is_number_unsigned() ||
      total->get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) {
    why = "no non-negative integer \"total\"";
    return false;
  }
  page.events.clear();
  page.events.reserve(events->size());
  for (const json& event : *events) {
    if (!event.is_object()) {
      why = "an entry of \"events\" is not an object";
      return false;
    }
    page.events.push_back(listed_event(event));
  }
  page.total = static_cast<std::int64_t>(total->get<std::uint64_t>());
  return true;
}

}  // namespace flameup::detail
