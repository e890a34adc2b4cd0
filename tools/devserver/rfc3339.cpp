#include "rfc3339.hpp"

#include <cctype>
#include <cstdio>
#include <ctime>

namespace flameup::devserver::detail {
namespace {

// Reads exactly `width` digits at `pos`; advances `pos` on success.
bool read_digits(const std::string& s, std::size_t& pos, int width, int& out) {
  if (pos + static_cast<std::size_t>(width) > s.size()) return false;
  int value = 0;
  for (int i = 0; i < width; ++i) {
    const char c = s[pos + static_cast<std::size_t>(i)];
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    value = value * 10 + (c - '0');
  }
  pos += static_cast<std::size_t>(width);
  out = value;
  return true;
}

bool expect(const std::string& s, std::size_t& pos, char c) {
  if (pos >= s.size() || s[pos] != c) return false;
  ++pos;
  return true;
}

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : kDays[month - 1];
}

// Days from 1970-01-01 to the given civil date (proleptic Gregorian calendar).
std::int64_t days_from_civil(int year, int month, int day) {
  const int y = month <= 2 ? year - 1 : year;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int mp = (month + 9) % 12;
  const int doy = (153 * mp + 2) / 5 + day - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<std::int64_t>(era) * 146097 + doe - 719468;
}

// Fractional seconds: any number of digits, kept to millisecond precision.
bool read_fraction(const std::string& s, std::size_t& pos, int& millis) {
  millis = 0;
  if (pos >= s.size() || s[pos] != '.') return true;
  ++pos;
  const std::size_t start = pos;
  int scale = 100;
  while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) {
    millis += (s[pos] - '0') * scale;
    scale /= 10;
    ++pos;
  }
  return pos > start;
}

// "Z" or "+hh:mm" / "-hh:mm"; returns the offset in minutes east of UTC.
bool read_offset(const std::string& s, std::size_t& pos, int& offset_minutes) {
  if (pos >= s.size()) return false;
  const char sign = s[pos];
  if (sign == 'Z' || sign == 'z') {
    ++pos;
    offset_minutes = 0;
    return true;
  }
  if (sign != '+' && sign != '-') return false;
  ++pos;
  int hours = 0;
  int minutes = 0;
  if (!read_digits(s, pos, 2, hours) || !expect(s, pos, ':') ||
      !read_digits(s, pos, 2, minutes) || hours > 23 || minutes > 59) {
    return false;
  }
  offset_minutes = (hours * 60 + minutes) * (sign == '-' ? -1 : 1);
  return true;
}

}  // namespace

std::optional<std::int64_t> parse_rfc3339_ms(const std::string& text) {
  std::size_t pos = 0;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, millis = 0, offset = 0;
  const bool shaped = read_digits(text, pos, 4, year) && expect(text, pos, '-') &&
                      read_digits(text, pos, 2, month) && expect(text, pos, '-') &&
                      read_digits(text, pos, 2, day) && pos < text.size() &&
                      (text[pos] == 'T' || text[pos] == 't') && ++pos &&
                      read_digits(text, pos, 2, hour) && expect(text, pos, ':') &&
                      read_digits(text, pos, 2, minute) && expect(text, pos, ':') &&
                      read_digits(text, pos, 2, second) && read_fraction(text, pos, millis) &&
                      read_offset(text, pos, offset) && pos == text.size();
  if (!shaped) return std::nullopt;
  // Second 60 is a leap second, which RFC 3339 allows.
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month) || hour > 23 ||
      minute > 59 || second > 60) {
    return std::nullopt;
  }
  const std::int64_t seconds = days_from_civil(year, month, day) * 86400 + hour * 3600 +
                               minute * 60 + second - static_cast<std::int64_t>(offset) * 60;
  return seconds * 1000 + millis;
}

std::string format_rfc3339(std::chrono::system_clock::time_point when) {
  using namespace std::chrono;
  const auto ms = duration_cast<milliseconds>(when.time_since_epoch()).count();
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[96];  // room for any int the format could print
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(ms % 1000));
  return buffer;
}

}  // namespace flameup::devserver::detail
