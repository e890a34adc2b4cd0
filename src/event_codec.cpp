#include "event_codec.hpp"

#include <array>
#include <cstdint>
#include <string_view>

#include "internal_error.hpp"
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


struct CivilDate {
  std::int64_t year;
  unsigned month;  // 1..12
  unsigned day;    // 1..31
};

// Proleptic Gregorian date of @p days since 1970-01-01. Counts in 400-year eras (146,097
// days each) of years that start on March 1st, so the leap day is the last day of a year
// and month lengths follow a fixed 5-month pattern; then shifts back to January-based years.
CivilDate civil_from_days(std::int64_t days) {
  const std::int64_t shifted = days + 719468;  // days from 0000-03-01 to 1970-01-01
  const std::int64_t era = (shifted >= 0 ? shifted : shifted - 146096) / 146097;
  const std::int64_t day_of_era = shifted - era * 146097;                    // [0, 146096]
  const std::int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const std::int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);  // [0, 365]
  const std::int64_t march_month = (5 * day_of_year + 2) / 153;               // 0 = March
  CivilDate date;
  date.day = static_cast<unsigned>(day_of_year - (153 * march_month + 2) / 5 + 1);
  date.month = static_cast<unsigned>(march_month < 10 ? march_month + 3 : march_month - 9);
  date.year = year_of_era + era * 400 + (date.month <= 2 ? 1 : 0);
  return date;
}

// Appends @p value as exactly @p width decimal digits (zero-padded; value < 10^width).
void append_digits(std::string& out, unsigned value, int width) {
  std::array<char, 4> digits{};
  for (int i = width - 1; i >= 0; --i) {
    digits[static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  out.append(digits.data(), static_cast<std::size_t>(width));
}

void append_timestamp(std::string& out, std::chrono::system_clock::time_point tp) {
  using namespace std::chrono;
  // Floor (not truncate) to whole seconds so times before 1970 keep a positive millisecond part.
  const auto since_epoch = duration_cast<milliseconds>(tp.time_since_epoch());
  auto seconds_part = duration_cast<seconds>(since_epoch);
  if (seconds_part > since_epoch) seconds_part -= seconds(1);
  const auto millis = static_cast<int>((since_epoch - seconds_part).count());

  // Split into whole days and the second of the day (floored, for times before 1970).
  const std::int64_t total = seconds_part.count();
  std::int64_t days = total / 86400;
  std::int64_t second_of_day = total % 86400;
  if (second_of_day < 0) {
    second_of_day += 86400;
    --days;
  }
  const CivilDate date = civil_from_days(days);

  // By hand rather than snprintf: this runs on the caller's thread for every event, and
  // snprintf was a quarter of enqueue's cost. Years outside 0..9999 cannot come from a
  // nanosecond system_clock; they are written in full (with a sign) rather than wrapped.
  if (date.year >= 0 && date.year <= 9999) {
    append_digits(out, static_cast<unsigned>(date.year), 4);
  } else {
    out += std::to_string(date.year);
  }
  out += '-';
  append_digits(out, date.month, 2);
  out += '-';
  append_digits(out, date.day, 2);
  out += 'T';
  append_digits(out, static_cast<unsigned>(second_of_day / 3600), 2);
  out += ':';
  append_digits(out, static_cast<unsigned>(second_of_day / 60 % 60), 2);
  out += ':';
  append_digits(out, static_cast<unsigned>(second_of_day % 60), 2);
  out += '.';
  append_digits(out, static_cast<unsigned>(millis), 3);
  out += 'Z';
}

}  // namespace

std::string format_timestamp(std::chrono::system_clock::time_point tp) {
  std::string out;
  out.reserve(24);
  append_timestamp(out, tp);
  return out;
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
      // nlohmann's own serializer (what dump() uses), writing straight into the buffer
      // instead of into a temporary string that would then be copied. It is in nlohmann's
      // detail namespace, unchanged across 3.x; the build requires nlohmann_json >= 3.10.
      nlohmann::detail::serializer<nlohmann::json> serializer(
          nlohmann::detail::output_adapter<char, std::string>(scratch), ' ',
          nlohmann::json::error_handler_t::strict);
      serializer.dump(event.properties, false, false, 0);
    } catch (const nlohmann::json::type_error&) {
      // 316: a string (value or key) that is not UTF-8. Nothing else can fail in dump().
      return invalid("properties: invalid UTF-8 in a string");
    }
    scratch += ",\"timestamp\":\"";
    append_timestamp(scratch, event.timestamp.value_or(now));
    scratch += "\"}";

    const std::size_t size = scratch.size();
    // An unusually large event must not pin its buffer in this thread for good.
    constexpr std::size_t kKeepScratchBytes = 64 * 1024;
    if (size > max_event_bytes) {
      if (scratch.capacity() > kKeepScratchBytes) std::string().swap(scratch);
      return invalid("event: larger than max_event_bytes (" + std::to_string(size) + " > " +
                     std::to_string(max_event_bytes) + ")");
    }
    out.body.assign(scratch.data(), size);
    if (out.body.capacity() > size + size / 8) out.body = std::string(scratch.data(), size);
    if (scratch.capacity() > kKeepScratchBytes) std::string().swap(scratch);
    out.idempotency_key = uuid_v4();
    return {};
  } catch (...) {
    // Only allocation can fail here: the SDK's failure, not the event's.
    return internal_error("preparing the event");
  }
}

}  // namespace flameup::detail
