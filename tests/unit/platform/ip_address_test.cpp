// ip_address: IP literals read without the system's socket headers leaking into the URL code.

#include "platform/ip_address.hpp"

#include <string>

#include <gtest/gtest.h>

namespace flameup::detail {
namespace {

TEST(PlatformIpAddress, ReadsADottedQuadMostSignificantByteFirst) {
  const auto address = parse_ipv4_literal("192.0.2.33");
  ASSERT_TRUE(address.has_value());
  EXPECT_EQ(*address, (Ipv4Bytes{192, 0, 2, 33}));
}

TEST(PlatformIpAddress, RejectsIpv4FormsThatAreNotAStrictDottedQuad) {
  for (const char* text :
       {"", "127.1", "127.0.0.1.", "256.0.0.1", "0x7f.0.0.1", "1.2.3.4 ", "localhost", "::1"}) {
    EXPECT_FALSE(parse_ipv4_literal(text).has_value()) << text;
  }
}

TEST(PlatformIpAddress, ReadsIpv6LiteralsIncludingAnIpv4Tail) {
  const auto loopback = parse_ipv6_literal("::1");
  ASSERT_TRUE(loopback.has_value());
  EXPECT_EQ(*loopback, (Ipv6Bytes{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}));

  const auto documentation = parse_ipv6_literal("2001:db8::7");
  ASSERT_TRUE(documentation.has_value());
  EXPECT_EQ(*documentation,
            (Ipv6Bytes{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7}));

  const auto mapped = parse_ipv6_literal("::ffff:10.0.0.1");
  ASSERT_TRUE(mapped.has_value());
  EXPECT_EQ(*mapped, (Ipv6Bytes{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 1}));
}

TEST(PlatformIpAddress, RejectsTextThatIsNotAnIpv6Literal) {
  for (const char* text :
       {"", "[::1]", "::1::", "1:2:3:4:5:6:7:8:9", "fe80::1%eth0", "127.0.0.1", "g::1"}) {
    EXPECT_FALSE(parse_ipv6_literal(text).has_value()) << text;
  }
}

TEST(PlatformIpAddress, ReadsOnlyTheGivenCharactersNotWhatFollowsThem) {
  // A view into a longer string: the parser must stop at its end, not at a NUL.
  const std::string text = "10.0.0.1:8080";
  EXPECT_EQ(parse_ipv4_literal(std::string_view(text).substr(0, 8)), (Ipv4Bytes{10, 0, 0, 1}));
  EXPECT_FALSE(parse_ipv4_literal(text).has_value());
}

TEST(PlatformIpAddress, RejectsEmbeddedNulAndOverlongText) {
  EXPECT_FALSE(parse_ipv4_literal(std::string_view("1.2.3.4\0junk", 12)).has_value());
  EXPECT_FALSE(parse_ipv6_literal(std::string(100, ':')).has_value());
  EXPECT_FALSE(parse_ipv6_literal("0000:0000:0000:0000:0000:0000:0000:0000:0000:0001").has_value());
}

TEST(PlatformIpAddress, LoopbackIsAll127Slash8AndOnlyColonColonOne) {
  EXPECT_TRUE(is_loopback(Ipv4Bytes{127, 0, 0, 1}));
  EXPECT_TRUE(is_loopback(Ipv4Bytes{127, 255, 0, 9}));
  EXPECT_FALSE(is_loopback(Ipv4Bytes{128, 0, 0, 1}));
  EXPECT_FALSE(is_loopback(Ipv4Bytes{10, 127, 0, 1}));

  EXPECT_TRUE(is_loopback(*parse_ipv6_literal("::1")));
  EXPECT_TRUE(is_loopback(*parse_ipv6_literal("0:0:0:0:0:0:0:1")));
  EXPECT_FALSE(is_loopback(*parse_ipv6_literal("::")));
  EXPECT_FALSE(is_loopback(*parse_ipv6_literal("::2")));
  EXPECT_FALSE(is_loopback(*parse_ipv6_literal("1::1")));
  // The v4-mapped form of 127.0.0.1 is not ::1 (curl treats it as an IPv6 address).
  EXPECT_FALSE(is_loopback(*parse_ipv6_literal("::ffff:127.0.0.1")));
}

}  // namespace
}  // namespace flameup::detail
