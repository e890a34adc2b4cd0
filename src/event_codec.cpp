#include "event_codec.hpp"

#include <cstdint>
#include <cstdio>
#include <ctime>
#include <string_view>

#include "utf8.hpp"
#include "uuid.hpp"

namespace flameup::detail {
namespace {

constexpr std::size_t kMaxUserIdBytes = 255;

Error invalid(std::string message) {
  Error error;
  error.code = ErrorCode::invalid_event;
  error.message = std::move(message);
  return error;
}

// Checks one required string field; returns an empty message when it is fine.
std::string check_required_text(std::string_view field, std::string_view value,
                                std::size_t max_bytes) {
  if (value.empty()) return std::string(field) + ": must not be empty";
  if (value.size() > max_bytes) {
    return std::string(field) + ": longer than " + std::to_string(max_bytes) + " bytes";
  }
  if (!is_valid_utf8(value)) return std::string(field) + ": invalid UTF-8";
  return {};
}

// JSON string literal for already-validated UTF-8 text: escapes quotes, backslashes and
// control characters; everything else goes through unchanged (the wire is UTF-8).
void append_json_string(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (byte < 0x20) {
          out += "\\u00";
          out += kHex[byte >> 4];
          out += kHex[byte & 0xFU];
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

}  // namespace

std::string format_timestamp(std::chrono::system_clock::time_point tp) {
  using namespace std::chrono;
  // Floor (not truncate) to whole seconds so times before 1970 keep a positive millisecond part.
  const auto since_epoch = duration_cast<milliseconds>(tp.time_since_epoch());
  auto seconds_part = duration_cast<seconds>(since_epoch);
  if (seconds_part > since_epoch) seconds_part -= seconds(1);
  const auto millis = (since_epoch - seconds_part).count();

  const std::time_t whole = static_cast<std::time_t>(seconds_part.count());
  std::tm utc{};
  gmtime_r(&whole, &utc);
  char buffer[96];  // large enough for any int fields, so never truncated
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min,
                utc.tm_sec, static_cast<int>(millis));
  return buffer;
}

Error prepare_event(const TrackEvent& event, std::size_t max_event_bytes,
                    std::chrono::system_clock::time_point now, PreparedEvent& out) noexcept {
  try {
    if (auto problem = check_required_text("user_id", event.user_id, kMaxUserIdBytes);
        !problem.empty()) {
      return invalid(std::move(problem));
    }
    // The event name has no documented limit of its own: the size cap below bounds it.
    if (auto problem = check_required_text("event", event.event, SIZE_MAX); !problem.empty()) {
      return invalid(std::move(problem));
    }
    if (!event.properties.is_object()) return invalid("properties: must be a JSON object");

    std::string properties;
    try {
      properties = event.properties.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
    } catch (const nlohmann::json::type_error&) {
      // 316: a string (value or key) that is not UTF-8. Nothing else can fail in dump().
      return invalid("properties: invalid UTF-8 in a string");
    }

    const std::string timestamp = format_timestamp(event.timestamp.value_or(now));

    std::string body;
    body.reserve(64 + event.user_id.size() + event.event.size() + properties.size());
    body += "{\"userId\":";
    append_json_string(body, event.user_id);
    body += ",\"event\":";
    append_json_string(body, event.event);
    body += ",\"properties\":";
    body += properties;
    body += ",\"timestamp\":\"";
    body += timestamp;
    body += "\"}";

    if (body.size() > max_event_bytes) {
      return invalid("event: larger than max_event_bytes (" + std::to_string(body.size()) +
                     " > " + std::to_string(max_event_bytes) + ")");
    }
    out.body = std::move(body);
    out.idempotency_key = uuid_v4();
    return {};
  } catch (...) {
    // Only allocation can fail here; report it as an invalid event rather than throw.
    return invalid("event: could not be prepared (out of memory)");
  }
}

}  // namespace flameup::detail
