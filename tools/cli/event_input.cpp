#include "event_input.hpp"

#include <flameup/timestamp.hpp>

namespace flameup::cli {
namespace {

// The string field @p name into @p out, or false when it is absent or not a string.
bool string_field(const nlohmann::json& line, const char* name, std::string& out) {
  const auto it = line.find(name);
  if (it == line.end() || !it->is_string()) return false;
  out = it->get<std::string>();
  return true;
}

}  // namespace

bool event_from_json(const nlohmann::json& line, TrackEvent& out, std::string& error) {
  if (!line.is_object()) {
    error = "not a JSON object";
    return false;
  }
  if (!string_field(line, "userId", out.user_id)) {
    error = "userId: required string field";
    return false;
  }
  if (!string_field(line, "event", out.event)) {
    error = "event: required string field";
    return false;
  }
  if (const auto props = line.find("properties"); props != line.end()) out.properties = *props;
  if (line.contains("timestamp")) {
    std::string text;
    const auto at = string_field(line, "timestamp", text) ? parse_timestamp(text) : std::nullopt;
    if (!at) {
      error = "timestamp: must be an RFC 3339 date-time such as 2024-12-25T10:00:00Z";
      return false;
    }
    out.timestamp = at;
  }
  return true;
}

}  // namespace flameup::cli
