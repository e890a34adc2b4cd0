// RFC 3339 timestamps and the calendar under them: parse_timestamp() is strict (a mistyped
// date is refused, never shifted), format_timestamp() and parse_timestamp() agree, and the
// closed-form calendar agrees with a day-by-day count across leap years and centuries.

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "wire/civil_date.hpp"
#include "flameup/timestamp.hpp"

namespace flameup {
namespace {

using namespace std::chrono;
using detail::CivilDate;

system_clock::time_point at_ms(std::int64_t ms) { return system_clock::time_point(milliseconds(ms)); }

TEST(Rfc3339, ParsesUtcOffsetsAndFractions) {
  EXPECT_EQ(parse_timestamp("1970-01-01T00:00:00Z"), at_ms(0));
  EXPECT_EQ(parse_timestamp("2024-12-25T10:00:00.123Z"), at_ms(1735120800123));
  EXPECT_EQ(parse_timestamp("2024-12-25T11:00:00.123+01:00"), at_ms(1735120800123));
  EXPECT_EQ(parse_timestamp("2024-12-25t09:30:00.1234567-00:30"), at_ms(1735120800123))
      << "lower-case t, a negative offset, digits beyond milliseconds truncated";
  EXPECT_EQ(parse_timestamp("2024-02-29T00:00:00z"), at_ms(1709164800000));
  EXPECT_EQ(parse_timestamp("1969-12-31T23:59:59.999Z"), at_ms(-1));
  EXPECT_EQ(parse_timestamp("2016-12-31T23:59:60Z"), at_ms(1483228800000)) << "a leap second";
}

TEST(Rfc3339, RefusesWhatItWouldHaveToGuess) {
  for (const char* bad : {"", "2024-12-25", "2024-12-25T10:00:00", "2024-13-01T00:00:00Z",
                          "2023-02-29T00:00:00Z", "2100-02-29T00:00:00Z", "2024-04-31T00:00:00Z",
                          "2024-12-25T24:00:00Z", "2024-12-25T10:60:00Z", "2024-12-25T10:00:61Z",
                          "2024-12-25T10:00:00.Z", "2024-12-25T10:00:00+1:00",
                          "2024-12-25T10:00:00+24:00", "2024-12-25 10:00:00Z",
                          "0000-01-01T00:00:00Z", "2024-12-25T10:00:00Z ", "+2024-12-25T10:00:00Z"}) {
    EXPECT_FALSE(parse_timestamp(bad).has_value()) << bad;
  }
}

TEST(Rfc3339, FormatAndParseAgree) {
  for (const std::int64_t ms : {std::int64_t{0}, std::int64_t{-1}, std::int64_t{951782400000},
                                std::int64_t{4107542399999}, std::int64_t{-2208988800000},
                                std::int64_t{9214646400000}}) {
    const std::string text = format_timestamp(at_ms(ms));
    EXPECT_EQ(parse_timestamp(text), at_ms(ms)) << text;
  }
  EXPECT_EQ(format_timestamp(at_ms(9214646400000)), "2262-01-01T00:00:00.000Z");
  // Beyond what a nanosecond clock holds: refused, not wrapped around.
  if (system_clock::duration::period::den >= 1000000000) {
    EXPECT_FALSE(parse_timestamp("9999-12-31T23:59:59Z").has_value());
    EXPECT_FALSE(parse_timestamp("1600-01-01T00:00:00Z").has_value());
  }
}

TEST(CivilDate, AgreesWithADayByDayCountFrom1600To2400) {
  // Walk every day forwards from 1600-01-01 with nothing but month lengths.
  CivilDate walk{1600, 1, 1};
  const std::int64_t start = detail::days_from_civil(walk);
  for (std::int64_t days = start; walk.year < 2400; ++days) {
    const CivilDate got = detail::civil_from_days(days);
    ASSERT_EQ(got.year, walk.year) << days;
    ASSERT_EQ(got.month, walk.month) << days;
    ASSERT_EQ(got.day, walk.day) << days;
    ASSERT_EQ(detail::days_from_civil(walk), days);
    if (++walk.day > detail::days_in_month(walk.year, walk.month)) {
      walk.day = 1;
      if (++walk.month > 12) {
        walk.month = 1;
        ++walk.year;
      }
    }
  }
  EXPECT_EQ(detail::days_from_civil(CivilDate{1970, 1, 1}), 0);
  EXPECT_EQ(detail::days_from_civil(CivilDate{2000, 3, 1}), 11017);
}

}  // namespace
}  // namespace flameup
