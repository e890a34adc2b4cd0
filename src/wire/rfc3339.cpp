#include "wire/rfc3339.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "wire/civil_date.hpp"
#include "flameup/timestamp.hpp"

namespace flameup {
namespace detail {
namespace {

// Appends @p value as exactly @p width decimal digits (zero-padded; value < 10^width).
void append_digits(std::string& out, unsigned value, int width) {
  std::array<char, 4> digits{};
  for (int i = width - 1; i >= 0; --i) {
    digits[static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  out.append(digits.data(), static_cast<std::size_t>(width));
}

// Reads exactly @p digits decimal digits at @p at (advancing it), or returns -1.
int read_number(std::string_view text, std::size_t& at, std::size_t digits) {
  if (at + digits > text.size()) return -1;
  int value = 0;
  for (std::size_t i = 0; i < digits; ++i) {
    const char c = text[at + i];
    if (c < '0' || c > '9') return -1;
    value = value * 10 + (c - '0');
  }
  at += digits;
  return value;
}

// Consumes @p c at @p at. Letters also match in lower case ('t', 'z'), as RFC 3339 allows;
// OR-ing 0x20 leaves the separators ('-', ':') unchanged.
bool expect(std::string_view text, std::size_t& at, char c) {
  if (at >= text.size() || (text[at] != c && text[at] != (c | 0x20))) return false;
  ++at;
  return true;
}

// Milliseconds from an optional ".digits" fraction at @p at; -1 if malformed.
int read_millis(std::string_view text, std::size_t& at) {
  if (at >= text.size() || text[at] != '.') return 0;
  ++at;
  const std::size_t first = at;
  int millis = 0;
  while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
    if (at - first < 3) millis = millis * 10 + (text[at] - '0');
    ++at;
  }
  if (at == first) return -1;
  for (std::size_t place = at - first; place < 3; ++place) millis *= 10;
  return millis;
}

// The zone: "Z" gives 0, "+hh:mm"/"-hh:mm" the offset east of UTC in minutes; nothing if bad.
std::optional<int> read_offset_minutes(std::string_view text, std::size_t& at) {
  if (expect(text, at, 'Z')) return 0;
  if (at >= text.size() || (text[at] != '+' && text[at] != '-')) return std::nullopt;
  const int sign = text[at++] == '-' ? -1 : 1;
  const int hours = read_number(text, at, 2);
  if (hours < 0 || hours > 23 || !expect(text, at, ':')) return std::nullopt;
  const int minutes = read_number(text, at, 2);
  if (minutes < 0 || minutes > 59) return std::nullopt;
  return sign * (hours * 60 + minutes);
}

std::optional<std::chrono::system_clock::time_point> parse(std::string_view text) {
  std::size_t at = 0;
  const int year = read_number(text, at, 4);
  if (year < 1 || !expect(text, at, '-')) return std::nullopt;
  const int month = read_number(text, at, 2);
  if (month < 1 || month > 12 || !expect(text, at, '-')) return std::nullopt;
  const int day = read_number(text, at, 2);
  if (day < 1 || static_cast<unsigned>(day) > days_in_month(year, static_cast<unsigned>(month)) ||
      !expect(text, at, 'T')) {
    return std::nullopt;
  }
  const int hour = read_number(text, at, 2);
  if (hour < 0 || hour > 23 || !expect(text, at, ':')) return std::nullopt;
  const int minute = read_number(text, at, 2);
  if (minute < 0 || minute > 59 || !expect(text, at, ':')) return std::nullopt;
  const int second = read_number(text, at, 2);
  if (second < 0 || second > 60) return std::nullopt;  // 60: a leap second
  const int millis = read_millis(text, at);
  const auto offset = read_offset_minutes(text, at);
  if (millis < 0 || !offset || at != text.size()) return std::nullopt;

  const std::int64_t days =
      days_from_civil(CivilDate{year, static_cast<unsigned>(month), static_cast<unsigned>(day)});
  const std::int64_t minutes_of_day = std::int64_t{hour} * 60 + minute - *offset;
  const std::int64_t seconds = days * 86400 + minutes_of_day * 60 + second;
  // A nanosecond system_clock spans 1677-2262: a date outside it would overflow.
  using Clock = std::chrono::system_clock;
  constexpr auto kMin = std::chrono::duration_cast<std::chrono::seconds>(Clock::duration::min());
  constexpr auto kMax = std::chrono::duration_cast<std::chrono::seconds>(Clock::duration::max());
  if (seconds <= kMin.count() || seconds >= kMax.count()) return std::nullopt;
  return std::chrono::system_clock::time_point(
      std::chrono::duration_cast<std::chrono::system_clock::duration>(
          std::chrono::seconds(seconds) + std::chrono::milliseconds(millis)));
}

}  // namespace

void append_timestamp(std::string& out, std::chrono::system_clock::time_point time) {
  using namespace std::chrono;
  // Floor (not truncate) to whole seconds so times before 1970 keep a positive millisecond part.
  const auto since_epoch = duration_cast<milliseconds>(time.time_since_epoch());
  auto seconds_part = duration_cast<seconds>(since_epoch);
  if (seconds_part > since_epoch) seconds_part -= seconds(1);
  const auto millis = static_cast<unsigned>((since_epoch - seconds_part).count());

  // Split into whole days and the second of the day (floored, for times before 1970).
  const std::int64_t total = seconds_part.count();
  std::int64_t days = total / 86400;
  std::int64_t second_of_day = total % 86400;
  if (second_of_day < 0) {
    second_of_day += 86400;
    --days;
  }
  const CivilDate date = civil_from_days(days);

  // Years outside 0..9999 cannot come from a nanosecond system_clock; they are written in
  // full (with a sign) rather than wrapped.
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
  append_digits(out, millis, 3);
  out += 'Z';
}

}  // namespace detail

std::string format_timestamp(std::chrono::system_clock::time_point time) {
  std::string out;
  out.reserve(24);
  detail::append_timestamp(out, time);
  return out;
}

std::optional<std::chrono::system_clock::time_point> parse_timestamp(std::string_view text) noexcept {
  return detail::parse(text);
}

}  // namespace flameup
