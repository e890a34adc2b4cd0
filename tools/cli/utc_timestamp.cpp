#include "utc_timestamp.hpp"

#include <cstdint>

namespace flameup::cli {
namespace {

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
// OR-ing 0x20 leaves the digits' separators ('-', ':') unchanged.
bool expect(std::string_view text, std::size_t& at, char c) {
  if (at >= text.size() || (text[at] != c && text[at] != (c | 0x20))) return false;
  ++at;
  return true;
}

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : kDays[month - 1];
}

// Leap years in [1, year]: the Gregorian rule counted in closed form.
std::int64_t leap_years_through(int year) { return year / 4 - year / 100 + year / 400; }

// Days from 1970-01-01 to year-month-day (negative before 1970). Needs year >= 1.
std::int64_t days_since_epoch(int year, int month, int day) {
  static constexpr int kBeforeMonth[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
  std::int64_t days = 365 * static_cast<std::int64_t>(year - 1970) + leap_years_through(year - 1) -
                      leap_years_through(1969);
  days += kBeforeMonth[month - 1] + (month > 2 && is_leap(year) ? 1 : 0);
  return days + day - 1;
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

// The zone: "Z" gives 0, "+hh:mm"/"-hh:mm" the offset east of UTC in minutes; nullopt if bad.
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

}  // namespace

std::optional<std::chrono::system_clock::time_point> parse_rfc3339(std::string_view text) {
  std::size_t at = 0;
  const int year = read_number(text, at, 4);
  if (year < 1 || !expect(text, at, '-')) return std::nullopt;
  const int month = read_number(text, at, 2);
  if (month < 1 || month > 12 || !expect(text, at, '-')) return std::nullopt;
  const int day = read_number(text, at, 2);
  if (day < 1 || day > days_in_month(year, month) || !expect(text, at, 'T')) return std::nullopt;
  const int hour = read_number(text, at, 2);
  if (hour < 0 || hour > 23 || !expect(text, at, ':')) return std::nullopt;
  const int minute = read_number(text, at, 2);
  if (minute < 0 || minute > 59 || !expect(text, at, ':')) return std::nullopt;
  const int second = read_number(text, at, 2);
  if (second < 0 || second > 60) return std::nullopt;  // 60: a leap second
  const int millis = read_millis(text, at);
  const auto offset = read_offset_minutes(text, at);
  if (millis < 0 || !offset || at != text.size()) return std::nullopt;

  const std::int64_t minutes_of_day = std::int64_t{hour} * 60 + minute - *offset;
  const std::int64_t seconds =
      days_since_epoch(year, month, day) * 86400 + minutes_of_day * 60 + second;
  return std::chrono::system_clock::time_point(
      std::chrono::duration_cast<std::chrono::system_clock::duration>(
          std::chrono::seconds(seconds) + std::chrono::milliseconds(millis)));
}

}  // namespace flameup::cli
