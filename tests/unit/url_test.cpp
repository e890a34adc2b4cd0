#include "url.hpp"

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

TEST(Loopback, RecognisesLoopbackHostsOnly) {
  for (const char* host : {"localhost", "LOCALHOST", "localhost.", "127.0.0.1", "127.1.2.3",
                           "127.255.255.255", "::1", "0:0:0:0:0:0:0:1"}) {
    EXPECT_TRUE(is_loopback_host(host)) << host;
  }
  for (const char* host : {"example.com", "10.0.0.1", "128.0.0.1", "::2", "localhost.example.com",
                           "127.0.0.1.example.com", "0.0.0.0", "::", ""}) {
    EXPECT_FALSE(is_loopback_host(host)) << host;
  }
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
