#include "engine/backoff.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <ctime>
#include <limits>
#include <string>

#include "wire/civil_date.hpp"
#include "engine/deadline.hpp"

namespace flameup::detail {

namespace {

// min(max, initial * 2^(failures-1)), both already clamped to [0, kForever].
std::int64_t backoff_ceiling(int failures, std::int64_t initial, std::int64_t max) {
  // Double until the ceiling is reached; stopping early also keeps the product from overflowing.
  std::int64_t ceiling = std::min(initial, max);
  for (int i = 1; i < failures && ceiling < max; ++i) ceiling = std::min(ceiling * 2, max);
  return ceiling;
}

// A uniformly random duration in [ceiling / 2, ceiling], never below kMinClientPause.
std::chrono::milliseconds equal_jitter(std::int64_t ceiling, std::mt19937_64& rng) {
  std::uniform_int_distribution<std::int64_t> pick(ceiling - ceiling / 2, ceiling);
  return std::max(std::chrono::milliseconds(pick(rng)), kMinClientPause);
}

}  // namespace

std::chrono::milliseconds backoff_delay(int failures, std::chrono::milliseconds initial,
                                        std::chrono::milliseconds max, std::mt19937_64& rng) {
  using std::chrono::milliseconds;
  initial = clamp_duration(initial);
  max = clamp_duration(max);
  if (initial.count() == 0 || max.count() == 0) return milliseconds(0);
  std::uniform_int_distribution<std::int64_t> pick(
      0, backoff_ceiling(failures, initial.count(), max.count()));
  return milliseconds(pick(rng));
}

std::chrono::milliseconds pause_delay(int failures, std::chrono::milliseconds initial,
                                      std::chrono::milliseconds max, std::mt19937_64& rng) {
  initial = std::max(clamp_duration(initial), kMinClientPause);
  max = std::max(clamp_duration(max), kMinClientPause);
  return equal_jitter(backoff_ceiling(failures, initial.count(), max.count()), rng);
}

std::chrono::milliseconds probe_delay(std::chrono::steady_clock::duration outage,
                                      std::chrono::milliseconds initial,
                                      std::chrono::milliseconds max, std::mt19937_64& rng) {
  using std::chrono::milliseconds;
  initial = std::max(clamp_duration(initial), kMinClientPause);
  max = std::max(clamp_duration(max), kMinClientPause);
  const auto quarter =
      clamp_duration(std::chrono::duration_cast<milliseconds>(outage) / 4);
  return equal_jitter(std::clamp(quarter, std::min(initial, max), max).count(), rng);
}

namespace {

std::string_view trim(std::string_view text) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

bool all_digits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Reads a run of digits (exactly @p width when width > 0) at @p pos; advances pos.
bool read_number(std::string_view text, std::size_t& pos, std::size_t width, int& value) {
  std::size_t start = pos;
  value = 0;
  while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9' && pos - start < 9) {
    value = value * 10 + (text[pos] - '0');
    ++pos;
  }
  if (pos == start) return false;
  return width == 0 || pos - start == width;
}

bool expect(std::string_view text, std::size_t& pos, char c) {
  if (pos < text.size() && text[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

void skip_spaces(std::string_view text, std::size_t& pos) {
  while (pos < text.size() && text[pos] == ' ') ++pos;
}

bool read_month(std::string_view text, std::size_t& pos, int& month) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  if (text.size() - pos < 3) return false;
  for (std::size_t m = 0; m < kMonths.size(); ++m) {
    if (text.substr(pos, 3) == kMonths[m]) {
      month = static_cast<int>(m);
      pos += 3;
      return true;
    }
  }
  return false;
}

bool read_time(std::string_view text, std::size_t& pos, std::tm& tm) {
  return read_number(text, pos, 2, tm.tm_hour) && expect(text, pos, ':') &&
         read_number(text, pos, 2, tm.tm_min) && expect(text, pos, ':') &&
         read_number(text, pos, 2, tm.tm_sec);
}

bool read_gmt(std::string_view text, std::size_t& pos) {
  skip_spaces(text, pos);
  if (text.substr(pos) != "GMT") return false;
  pos += 3;
  return true;
}

// The weekday name is informative only (RFC 9110 says recipients may ignore it): skip it.
std::size_t after_weekday(std::string_view text, char separator) {
  const auto cut = text.find(separator);
  return cut == std::string_view::npos ? text.size() : cut + 1;
}

// IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"; RFC 850: "Sunday, 06-Nov-94 08:49:37 GMT".
bool parse_comma_date(std::string_view text, std::tm& tm) {
  std::size_t pos = after_weekday(text, ',');
  skip_spaces(text, pos);
  if (!read_number(text, pos, 2, tm.tm_mday)) return false;
  const bool rfc850 = expect(text, pos, '-');
  if (!rfc850 && !expect(text, pos, ' ')) return false;
  if (!read_month(text, pos, tm.tm_mon)) return false;
  if (!expect(text, pos, rfc850 ? '-' : ' ')) return false;
  int year = 0;
  if (!read_number(text, pos, rfc850 ? 2 : 4, year)) return false;
  // RFC 9110: a two-digit year more than 50 years ahead belongs to the previous century;
  // with no clock here, 70-99 -> 19xx and 00-69 -> 20xx is the usual reading.
  if (rfc850) year += year < 70 ? 2000 : 1900;
  tm.tm_year = year - 1900;
  skip_spaces(text, pos);
  return read_time(text, pos, tm) && read_gmt(text, pos) && pos == text.size();
}

// asctime: "Sun Nov  6 08:49:37 1994".
bool parse_asctime_date(std::string_view text, std::tm& tm) {
  std::size_t pos = after_weekday(text, ' ');
  if (!read_month(text, pos, tm.tm_mon)) return false;
  skip_spaces(text, pos);
  if (!read_number(text, pos, 0, tm.tm_mday)) return false;
  skip_spaces(text, pos);
  if (!read_time(text, pos, tm)) return false;
  skip_spaces(text, pos);
  int year = 0;
  if (!read_number(text, pos, 4, year)) return false;
  tm.tm_year = year - 1900;
  return pos == text.size();
}

bool plausible(const std::tm& tm) {
  return tm.tm_mday >= 1 && tm.tm_mday <= 31 && tm.tm_hour <= 23 && tm.tm_min <= 59 &&
         tm.tm_sec <= 60;
}

// Unix seconds; kept as an integer because a far-future date does not fit a nanosecond
// time_point.
std::optional<std::int64_t> parse_http_date(std::string_view text) {
  std::tm tm{};
  const bool parsed = text.find(',') != std::string_view::npos ? parse_comma_date(text, tm)
                                                                : parse_asctime_date(text, tm);
  if (!parsed || !plausible(tm)) return std::nullopt;
  const CivilDate date{tm.tm_year + 1900, static_cast<unsigned>(tm.tm_mon + 1),
                       static_cast<unsigned>(tm.tm_mday)};
  if (date.day > days_in_month(date.year, date.month)) return std::nullopt;
  return days_from_civil(date) * 86400 + tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
}

}  // namespace

std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value,
                                                           std::chrono::system_clock::time_point now,
                                                           std::chrono::milliseconds max) {
  using std::chrono::milliseconds;
  if (max.count() < 0) max = milliseconds(0);
  value = trim(value);
  if (value.empty()) return std::nullopt;

  if (all_digits(value)) {
    // Anything beyond the cap (including numbers too long for any integer) is the cap.
    const std::int64_t max_seconds = max.count() / 1000 + 1;
    std::int64_t seconds = 0;
    for (const char c : value) {
      seconds = seconds * 10 + (c - '0');
      if (seconds > max_seconds) return max;
    }
    return std::min(milliseconds(seconds * 1000), max);
  }

  const auto date = parse_http_date(value);
  if (!date) return std::nullopt;  // garbage, including "-5" and "1.5"
  const auto now_ms =
      std::chrono::duration_cast<milliseconds>(now.time_since_epoch()).count();
  const std::int64_t date_seconds = *date;
  if (date_seconds > (now_ms + max.count()) / 1000 + 1) return max;
  const std::int64_t wait_ms = date_seconds * 1000 - now_ms;
  if (wait_ms <= 0) return milliseconds(0);  // a date in the past: retry at once
  return std::min(milliseconds(wait_ms), max);
}

}  // namespace flameup::detail
