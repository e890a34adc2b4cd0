#include "event_input.hpp"

#include <ctime>
#include <iomanip>
#include <sstream>

namespace flameup::cli {

bool parse_utc_timestamp(const std::string& text, TrackEvent& out) {
  std::tm parts{};
  std::istringstream in(text);
  in >> std::get_time(&parts, "%Y-%m-%dT%H:%M:%S");
  if (in.fail()) return false;
  long millis = 0;
  if (in.peek() == '.') {
    in.get();
    std::string digits;
    while (std::isdigit(in.peek())) digits += static_cast<char>(in.get());
    if (digits.empty()) return false;
    digits = (digits + "00").substr(0, 3);
    millis = std::stol(digits);
  }
  std::string rest;
  in >> rest;
  if (rest != "Z" && rest != "z") return false;
  const std::time_t seconds = timegm(&parts);
  out.timestamp = std::chrono::system_clock::from_time_t(seconds) + std::chrono::milliseconds(millis);
  return true;
}

bool event_from_json(const nlohmann::json& line, TrackEvent& out, std::string& error) {
  if (!line.is_object()) {
    error = "not a JSON object";
    return false;
  }
  const auto user = line.find("userId");
  const auto event = line.find("event");
  if (user == line.end() || !user->is_string() || event == line.end() || !event->is_string()) {
    error = "needs string fields userId and event";
    return false;
  }
  out.user_id = user->get<std::string>();
  out.event = event->get<std::string>();
  if (const auto props = line.find("properties"); props != line.end()) out.properties = *props;
  if (const auto at = line.find("timestamp"); at != line.end()) {
    if (!at->is_string() || !parse_utc_timestamp(at->get<std::string>(), out)) {
      error = "timestamp must be UTC RFC 3339 (2024-12-25T10:00:00Z)";
      return false;
    }
  }
  return true;
}

}  // namespace flameup::cli
