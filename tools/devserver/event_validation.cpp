#include "event_validation.hpp"

#include <string>

#include "rfc3339.hpp"

namespace flameup::devserver::detail {
namespace {

// Characters, not bytes: the parser already guaranteed valid UTF-8, so counting the bytes
// that do not continue a sequence counts the code points.
std::size_t utf8_length(const std::string& text) {
  std::size_t count = 0;
  for (const char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

// userId and event: required, non-empty strings.
void check_required_string(const nlohmann::json& body, const char* name,
                           nlohmann::json& fields) {
  const auto it = body.find(name);
  if (it == body.end() || it->is_null()) {
    fields[name] = "Required field";
  } else if (!it->is_string()) {
    fields[name] = "Must be a string";
  } else if (it->get_ref<const std::string&>().empty()) {
    fields[name] = "Required field";
  }
}

}  // namespace

nlohmann::json validate_track_body(const nlohmann::json& body) {
  nlohmann::json fields = nlohmann::json::object();
  check_required_string(body, "userId", fields);
  check_required_string(body, "event", fields);
  if (!fields.contains("userId") &&
      utf8_length(body.at("userId").get_ref<const std::string&>()) > kMaxUserIdChars) {
    fields["userId"] = "Must be at most 255 characters";
  }
  const auto properties = body.find("properties");
  if (properties != body.end() && !properties->is_object()) {
    fields["properties"] = "Must be an object";
  }
  const auto timestamp = body.find("timestamp");
  if (timestamp != body.end() &&
      (!timestamp->is_string() ||
       !parse_rfc3339_ms(timestamp->get_ref<const std::string&>()).has_value())) {
    fields["timestamp"] = "Must be an RFC 3339 date-time";
  }
  return fields;
}

}  // namespace flameup::devserver::detail
