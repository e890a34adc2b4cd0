// The emulator's RFC 3339 reading and writing (tools/devserver/rfc3339.hpp).
#include <gtest/gtest.h>

#include <chrono>

#include "rfc3339.hpp"

namespace flameup::devserver::detail {
namespace {

TEST(DevserverRfc3339, ParsesUtcWithAndWithoutFraction) {
  EXPECT_EQ(parse_rfc3339_ms("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_rfc3339_ms("2024-12-25T10:00:00Z"), 1735120800000);
  EXPECT_EQ(parse_rfc3339_ms("2024-12-25T10:00:00.123Z"), 1735120800123);
  EXPECT_EQ(parse_rfc3339_ms("2024-12-25t10:00:00.1z"), 1735120800100);
}

TEST(DevserverRfc3339, AppliesTheOffset) {
  EXPECT_EQ(parse_rfc3339_ms("2024-12-25T12:30:00+02:30"), parse_rfc3339_ms("2024-12-25T10:00:00Z"));
  EXPECT_EQ(parse_rfc3339_ms("2024-12-24T23:00:00-11:00"), parse_rfc3339_ms("2024-12-25T10:00:00Z"));
}

TEST(DevserverRfc3339, KnowsLeapYears) {
  EXPECT_TRUE(parse_rfc3339_ms("2024-02-29T00:00:00Z"));
  EXPECT_TRUE(parse_rfc3339_ms("2000-02-29T00:00:00Z"));
  EXPECT_FALSE(parse_rfc3339_ms("2023-02-29T00:00:00Z"));
  EXPECT_FALSE(parse_rfc3339_ms("1900-02-29T00:00:00Z"));
}

TEST(DevserverRfc3339, RejectsMalformedText) {
  for (const char* text :
       {"", "2024-12-25", "2024-12-25T10:00:00", "2024-12-25 10:00:00Z", "2024-13-01T00:00:00Z",
        "2024-00-01T00:00:00Z", "2024-04-31T00:00:00Z", "2024-12-25T24:00:00Z",
        "2024-12-25T10:60:00Z", "2024-12-25T10:00:61Z", "2024-12-25T10:00:00.Z",
        "2024-12-25T10:00:00+0200", "2024-12-25T10:00:00Z ", "24-12-25T10:00:00Z",
        "2024-12-25T10:00:00+24:00"}) {
    EXPECT_FALSE(parse_rfc3339_ms(text)) << text;
  }
}

TEST(DevserverRfc3339, FormatsUtcMillisecondsAndParsesBack) {
  const std::chrono::system_clock::time_point when{std::chrono::milliseconds(1735120800123)};
  EXPECT_EQ(format_rfc3339(when), "2024-12-25T10:00:00.123Z");
  EXPECT_EQ(parse_rfc3339_ms(format_rfc3339(when)), 1735120800123);
}

}  // namespace
}  // namespace flameup::devserver::detail
