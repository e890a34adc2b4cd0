#include "wire/request_builder.hpp"

#include <algorithm>
#include <string>

#include <gtest/gtest.h>

#include "flameup/version.hpp"

using flameup::ClientOptions;
using flameup::detail::PreparedEvent;
using flameup::detail::RequestBuilder;

namespace {

ClientOptions options() {
  ClientOptions o;
  o.api_key = "ws_test_SENTINEL_SECRET_0123456789abcdef";
  o.workspace_id = "ws/1?x";
  o.base_url = "https://api.flameup.ai/api/v1/";
  return o;
}

// The builder of a client with options @p o (whose base URL it parses once, as Client does).
RequestBuilder builder_for(const ClientOptions& o) {
  return RequestBuilder(o, flameup::detail::ParsedBaseUrl::of(o.base_url).url);
}

bool has_header(const std::vector<std::string>& headers, const std::string& line) {
  return std::find(headers.begin(), headers.end(), line) != headers.end();
}

}  // namespace

TEST(RequestBuilder, BuildsTheDocumentedRequest) {
  const RequestBuilder builder = builder_for(options());
  PreparedEvent event{R"({"userId":"u"})", "1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b"};
  const auto request = builder.build(event);
  EXPECT_EQ(request.url, "https://api.flameup.ai/api/v1/workspaces/ws%2F1%3Fx/events");
  EXPECT_EQ(request.body, event.body);
  const auto& h = request.headers;
  EXPECT_TRUE(has_header(h, "Authorization: Bearer ws_test_SENTINEL_SECRET_0123456789abcdef"));
  EXPECT_TRUE(has_header(h, "Content-Type: application/json"));
  EXPECT_TRUE(has_header(h, std::string("User-Agent: flameup-cpp/") + FLAMEUP_VERSION_STRING));
  EXPECT_TRUE(has_header(h, "Idempotency-Key: 1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b"));
  EXPECT_TRUE(has_header(h, "Expect:"));
  EXPECT_EQ(request.method, flameup::detail::HttpMethod::post);
}

TEST(RequestBuilder, BuildsABodylessGetWithTheSameCredentials) {
  const RequestBuilder builder = builder_for(options());
  const auto request = builder.build_get(builder.url() + "?limit=1");
  EXPECT_EQ(request.method, flameup::detail::HttpMethod::get);
  EXPECT_EQ(request.url, "https://api.flameup.ai/api/v1/workspaces/ws%2F1%3Fx/events?limit=1");
  EXPECT_TRUE(request.body.empty());
  EXPECT_EQ(request.headers,
            (std::vector<std::string>{
                "Authorization: Bearer ws_test_SENTINEL_SECRET_0123456789abcdef",
                "Accept: application/json",
                std::string("User-Agent: flameup-cpp/") + FLAMEUP_VERSION_STRING}));
}

TEST(RequestBuilder, AppendsTheUserAgentSuffix) {
  auto o = options();
  o.user_agent_suffix = "myapp/2.1";
  const auto request = builder_for(o).build({"{}", "k"});
  EXPECT_TRUE(has_header(request.headers,
                         std::string("User-Agent: flameup-cpp/") + FLAMEUP_VERSION_STRING +
                             " myapp/2.1"));
}

TEST(RequestBuilder, OnlyTheIdempotencyKeyChangesBetweenEvents) {
  const RequestBuilder builder = builder_for(options());
  const auto a = builder.build({"{}", "key-a"});
  const auto b = builder.build({"{}", "key-b"});
  EXPECT_TRUE(has_header(a.headers, "Idempotency-Key: key-a"));
  EXPECT_TRUE(has_header(b.headers, "Idempotency-Key: key-b"));
  EXPECT_FALSE(has_header(b.headers, "Idempotency-Key: key-a"));
  EXPECT_EQ(a.url, b.url);
}
