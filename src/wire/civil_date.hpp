#pragma once
// Calendar arithmetic in the proleptic Gregorian calendar, in closed form: the one place the
// library turns days since 1970-01-01 into dates and back (timestamps we write, dates servers
// send), without the C library's timegm/gmtime, which are neither portable nor strict.

#include <cstdint>

namespace flameup::detail {

struct CivilDate {
  std::int64_t year = 1970;
  unsigned month = 1;  ///< 1..12
  unsigned day = 1;    ///< 1..31
};

/// The date @p days after 1970-01-01 (negative: before).
CivilDate civil_from_days(std::int64_t days) noexcept;

/// Days from 1970-01-01 to @p date (negative before it). @p date must be a valid date.
std::int64_t days_from_civil(const CivilDate& date) noexcept;

bool is_leap_year(std::int64_t year) noexcept;

/// Days in @p month (1..12) of @p year.
unsigned days_in_month(std::int64_t year, unsigned month) noexcept;

}  // namespace flameup::detail
