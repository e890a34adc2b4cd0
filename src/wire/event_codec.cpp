#include "wire/event_codec.hpp"

#include <algorithm>
#include <cstdint>
#include <string_view>

#include "client/internal_error.hpp"
#include "wire/event_key.hpp"
#include "wire/rfc3339.hpp"
#include "text/utf8.hpp"
#include "wire/uuid.hpp"

namespace flameup::detail {
namespace {

constexpr std::size_t kMaxUserIdBytes = 255;
// Keys are kept inline, in at most this many bytes.
constexpr std::size_t kMaxIdempotencyKeyBytes = EventKey::kMaxLength;

Error event_error(std::string message) {
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

// A caller's key goes into a header line as is: only characters that need no quoting there.
bool is_key_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '-' || c == '_' || c == '.';
}

bool is_valid_idempotency_key(std::string_view key) {
  return !key.empty() && key.size() <= kMaxIdempotencyKeyBytes &&
         std::all_of(key.begin(), key.end(), is_key_char);
}

}  // namespace

Error prepare_event(const TrackEvent& event, std::size_t max_event_bytes,
                    std::chrono::system_clock::time_point now, PreparedEvent& out) noexcept {
  try {
    if (auto problem = check_required_text("user_id", event.user_id, kMaxUserIdBytes);
        !problem.empty()) {
      return event_error(std::move(problem));
    }
    // The event name has no documented limit of its own: the size cap below bounds it.
    if (auto problem = check_required_text("event", event.event, SIZE_MAX); !problem.empty()) {
      return event_error(std::move(problem));
    }
    if (!event.properties.is_object()) return event_error("properties: must be a JSON object");
    if (event.idempotency_key && !is_valid_idempotency_key(*event.idempotency_key)) {
      return event_error("idempotency_key: must be 1 to 36 characters, each an ASCII letter, a "
                     "digit, '-', '_' or '.'");
    }

    // The body is built in a per-thread scratch buffer that keeps its capacity between
    // events, then copied once into an exactly-sized string: no geometric regrowth per event,
    // and no slack kept while the event waits through an outage (memory target: 2x the JSON).
    thread_local std::string scratch;
    scratch.clear();
    scratch += "{\"userId\":";
    append_json_string(scratch, event.user_id);
    scratch += ",\"event\":";
    append_json_string(scratch, event.event);
    scratch += ",\"properties\":";
    try {
      scratch += event.properties.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
    } catch (const nlohmann::json::type_error&) {
      // 316: a string (value or key) that is not UTF-8. Nothing else can fail in dump().
      return event_error("properties: invalid UTF-8 in a string");
    }
    scratch += ",\"timestamp\":\"";
    append_timestamp(scratch, event.timestamp.value_or(now));
    scratch += "\"}";

    const std::size_t size = scratch.size();
    // An unusually large event must not pin its buffer in this thread for good.
    constexpr std::size_t kKeepScratchBytes = 64 * 1024;
    if (size > max_event_bytes) {
      if (scratch.capacity() > kKeepScratchBytes) std::string().swap(scratch);
      return event_error("event: larger than max_event_bytes (" + std::to_string(size) + " > " +
                     std::to_string(max_event_bytes) + ")");
    }
    out.body.assign(scratch.data(), size);
    if (out.body.capacity() > size + size / 8) out.body = std::string(scratch.data(), size);
    if (scratch.capacity() > kKeepScratchBytes) std::string().swap(scratch);
    out.idempotency_key = event.idempotency_key ? *event.idempotency_key : uuid_v4();
    out.prepared_at = now;
    return {};
  } catch (...) {
    // Only allocation can fail here: the SDK's failure, not the event's.
    return internal_error("preparing the event");
  }
}

}  // namespace flameup::detail
