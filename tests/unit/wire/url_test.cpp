#include "wire/url.hpp"

#include <string>

#include <gtest/gtest.h>

using namespace flameup::detail;

namespace {

BaseUrl parse_ok(const std::string& text) {
  BaseUrl url;
  std::string why;
  EXPECT_TRUE(parse_base_url(text, url, why)) << text << ": " << why;
  return url;
}

std::string parse_error(const std::string& text) {
  BaseUrl url;
  std::string why;
  EXPECT_FALSE(parse_base_url(text, url, why)) << text;
  return why;
}

}  // namespace

TEST(BaseUrlParse, DefaultUrl) {
  const auto url = parse_ok("https://api.flameup.ai/api/v1");
  EXPECT_EQ(url.scheme, "https");
  EXPECT_EQ(url.host, "api.flameup.ai");
  EXPECT_EQ(url.port, -1);
  EXPECT_EQ(url.path, "/api/v1");
}

TEST(BaseUrlParse, PortTrailingSlashAndUpperCaseScheme) {
  const auto url = parse_ok("HTTP://127.0.0.1:8080/api/v1/");
  EXPECT_EQ(url.scheme, "http");
  EXPECT_EQ(url.host, "127.0.0.1");
  EXPECT_EQ(url.port, 8080);
  EXPECT_EQ(url.path, "/api/v1");
  EXPECT_EQ(parse_ok("https://example.com").path, "");
}

TEST(BaseUrlParse, Ipv6Literal) {
  const auto url = parse_ok("http://[::1]:9000/x");
  EXPECT_EQ(url.host, "::1");
  EXPECT_EQ(url.authority, "[::1]:9000");
  EXPECT_EQ(url.port, 9000);
}

TEST(BaseUrlParse, RejectsMalformed) {
  EXPECT_EQ(parse_error(""), "must not be empty");
  EXPECT_EQ(parse_error("api.flameup.ai/api/v1"), "must start with https:// or http://");
  EXPECT_EQ(parse_error("ftp://host/x"), "scheme must be https or http");
  EXPECT_EQ(parse_error("file:///etc/passwd"), "scheme must be https or http");
  EXPECT_EQ(parse_error("https:///path"), "missing host");
  EXPECT_EQ(parse_error("https://host:0/"), "invalid port");
  EXPECT_EQ(parse_error("https://host:65536/"), "invalid port");
  EXPECT_EQ(parse_error("https://host:abc/"), "invalid port");
  EXPECT_EQ(parse_error("https://host:/"), "empty port");
  EXPECT_EQ(parse_error("https://[::1/"), "unterminated IPv6 literal");
  EXPECT_EQ(parse_error("https://[zz]/"), "invalid IPv6 literal");
  EXPECT_EQ(parse_error("https://ho st/"), "must not contain spaces or control characters");
  EXPECT_EQ(parse_error("https://host/\r\nX: y"), "must not contain spaces or control characters");
  EXPECT_EQ(parse_error("https://host/a?b=c"), "must not contain a query or fragment");
  EXPECT_EQ(parse_error("https://host/a#frag"), "must not contain a query or fragment");
  EXPECT_EQ(parse_error("https://user:pw@host/"),
            "must not contain user info ('@'): pass credentials as api_key");
  EXPECT_EQ(parse_error("https://ho\"st/"), "invalid host");
}

// One row per spelling: is http:// (and no proxy) allowed to it, and why.
TEST(Loopback, OnlyNamesThatCannotLeaveTheMachineCount) {
  struct Row {
    const char* host;
    bool loopback;
    bool name;  // pinned by the transports to 127.0.0.1 and ::1
    const char* why;
  };
  const Row rows[] = {
      {"localhost", true, true, "the loopback name"},
      {"LOCALHOST", true, true, "host names ignore case"},
      {"LocalHost.", true, true, "the same name, fully qualified"},
      {"localhost.", true, true, "the same name, fully qualified"},
      {"127.0.0.1", true, false, "IPv4 literal in 127.0.0.0/8"},
      {"127.1.2.3", true, false, "IPv4 literal in 127.0.0.0/8"},
      {"127.255.255.255", true, false, "IPv4 literal in 127.0.0.0/8"},
      {"::1", true, false, "IPv6 loopback literal"},
      {"0:0:0:0:0:0:0:1", true, false, "IPv6 loopback literal, long form"},
      {"localhost.evil.com", false, false, "a DNS name under someone else's domain"},
      {"localhost.example.com", false, false, "a DNS name under someone else's domain"},
      {"api.localhost", false, false, "a name under localhost: resolved like any name"},
      {"localhost..", false, false, "not a spelling of localhost"},
      {"127.0.0.1.nip.io", false, false, "a DNS name that happens to resolve to 127.0.0.1"},
      {"127.0.0.1.example.com", false, false, "a DNS name"},
      {"127.0.0.1.", false, false, "a name (trailing dot), resolved through DNS"},
      {"0x7f.1", false, false, "not a dotted quad: a resolver's inet_aton form"},
      {"2130706433", false, false, "not a dotted quad: a resolver's single-number form"},
      {"127.1", false, false, "not a dotted quad: a resolver's short form"},
      {"0177.0.0.1", false, false, "octal to inet_aton: not a dotted quad"},
      {"::ffff:127.0.0.1", false, false, "IPv4-mapped IPv6: not the ::1 loopback"},
      {"10.0.0.1", false, false, "private, not loopback"},
      {"128.0.0.1", false, false, "outside 127.0.0.0/8"},
      {"0.0.0.0", false, false, "the unspecified address"},
      {"::", false, false, "the unspecified address"},
      {"::2", false, false, "not ::1"},
      {"example.com", false, false, "a DNS name"},
      {"", false, false, "empty"},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(is_loopback_host(row.host), row.loopback) << row.host << ": " << row.why;
    EXPECT_EQ(is_localhost_name(row.host), row.name) << row.host << ": " << row.why;
  }
}

TEST(Loopback, BracketedUrlHostsAreJudgedWithoutTheirBrackets) {
  EXPECT_TRUE(is_loopback_host(parse_ok("http://[::1]:8080/api").host));
  EXPECT_FALSE(is_loopback_host(parse_ok("http://[::ffff:127.0.0.1]:8080/api").host));
  EXPECT_TRUE(is_loopback_host(parse_ok("http://localhost.:8080/api").host));
}

TEST(EffectivePort, TheGivenPortOrTheSchemeDefault) {
  EXPECT_EQ(effective_port(parse_ok("http://localhost:8080/api")), 8080);
  EXPECT_EQ(effective_port(parse_ok("http://localhost/api")), 80);
  EXPECT_EQ(effective_port(parse_ok("https://localhost/api")), 443);
}

TEST(WorkspaceId, RefusesValuesThatCannotBeOneSegment) {
  EXPECT_EQ(workspace_id_problem(""), "must not be empty");
  EXPECT_EQ(workspace_id_problem("."), "must not be '.' or '..'");
  EXPECT_EQ(workspace_id_problem(".."), "must not be '.' or '..'");
  for (const std::string& id : {std::string("a\rb"), std::string("a\nb"), std::string("a\0b", 3),
                               std::string("tab\t"), std::string("del\x7f")}) {
    EXPECT_EQ(workspace_id_problem(id), "must not contain control characters (CR, LF, NUL...)");
  }
  EXPECT_EQ(workspace_id_problem("ws_123"), "");
  EXPECT_EQ(workspace_id_problem("a/b?c#d"), "");  // allowed: percent-encoded below
}

TEST(PercentEncode, KeepsUnreservedEncodesEverythingElse) {
  EXPECT_EQ(percent_encode_segment("AZaz09-._~"), "AZaz09-._~");
  EXPECT_EQ(percent_encode_segment("a/b"), "a%2Fb");
  EXPECT_EQ(percent_encode_segment("a?b#c"), "a%3Fb%23c");
  EXPECT_EQ(percent_encode_segment("100%"), "100%25");
  EXPECT_EQ(percent_encode_segment("sp ace"), "sp%20ace");
  EXPECT_EQ(percent_encode_segment("caf\xC3\xA9"), "caf%C3%A9");
  EXPECT_EQ(percent_encode_segment("../x"), "..%2Fx");
}

TEST(EventsUrl, BuildsOnePathSegmentForTheWorkspace) {
  EXPECT_EQ(events_url(parse_ok("https://api.flameup.ai/api/v1"), "ws_1"),
            "https://api.flameup.ai/api/v1/workspaces/ws_1/events");
  EXPECT_EQ(events_url(parse_ok("http://127.0.0.1:8080/api/v1/"), "a/b?c"),
            "http://127.0.0.1:8080/api/v1/workspaces/a%2Fb%3Fc/events");
  EXPECT_EQ(events_url(parse_ok("https://h"), "w"), "https://h/workspaces/w/events");
}
