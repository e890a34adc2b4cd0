#include "http/curl_handle.hpp"

#include <gtest/gtest.h>

using flameup::ClientOptions;
using flameup::detail::CurlSettings;
using flameup::detail::transport_status;
using flameup::detail::TransportStatus;

namespace {

// The settings of a client with options @p o (whose base URL it parses once, as Client does).
CurlSettings settings(const ClientOptions& o) {
  return CurlSettings(o, flameup::detail::ParsedBaseUrl::of(o.base_url).url);
}

}  // namespace

TEST(CurlCodes, MapOntoTheTransportSeam) {
  EXPECT_EQ(transport_status(CURLE_OK), TransportStatus::ok);
  EXPECT_EQ(transport_status(CURLE_COULDNT_CONNECT), TransportStatus::connect_failed);
  EXPECT_EQ(transport_status(CURLE_COULDNT_RESOLVE_HOST), TransportStatus::dns_failed);
  EXPECT_EQ(transport_status(CURLE_COULDNT_RESOLVE_PROXY), TransportStatus::dns_failed);
  EXPECT_EQ(transport_status(CURLE_OPERATION_TIMEDOUT), TransportStatus::timeout);
  EXPECT_EQ(transport_status(CURLE_PEER_FAILED_VERIFICATION), TransportStatus::tls_failed);
  EXPECT_EQ(transport_status(CURLE_SSL_CONNECT_ERROR), TransportStatus::tls_failed);
  EXPECT_EQ(transport_status(CURLE_SEND_ERROR), TransportStatus::send_failed);
  EXPECT_EQ(transport_status(CURLE_RECV_ERROR), TransportStatus::receive_failed);
  EXPECT_EQ(transport_status(CURLE_GOT_NOTHING), TransportStatus::receive_failed);
  EXPECT_EQ(transport_status(CURLE_PARTIAL_FILE), TransportStatus::receive_failed);
  EXPECT_EQ(transport_status(CURLE_FILESIZE_EXCEEDED), TransportStatus::response_too_large);
  EXPECT_EQ(transport_status(CURLE_ABORTED_BY_CALLBACK), TransportStatus::aborted);
  EXPECT_EQ(transport_status(CURLE_UNSUPPORTED_PROTOCOL), TransportStatus::other);
}

TEST(CurlSettings, HttpIsOnlyEnabledForAnHttpBaseUrl) {
  ClientOptions o;
  EXPECT_FALSE(settings(o).allow_http);  // default https base URL: https only
  o.allow_insecure_http = true;               // permission alone does not enable http
  EXPECT_FALSE(settings(o).allow_http);
  o.base_url = "http://127.0.0.1:8080/api/v1";
  EXPECT_TRUE(settings(o).allow_http);
}

TEST(CurlSettings, CopiesTheBounds) {
  ClientOptions o;
  o.connect_timeout = std::chrono::milliseconds(1234);
  o.request_timeout = std::chrono::milliseconds(5678);
  o.low_speed_limit = 10;
  o.low_speed_time = std::chrono::seconds(3);
  o.max_response_bytes = 999;
  const CurlSettings s = settings(o);
  EXPECT_EQ(s.connect_timeout_ms, 1234);
  EXPECT_EQ(s.request_timeout_ms, 5678);
  EXPECT_EQ(s.low_speed_limit, 10);
  EXPECT_EQ(s.low_speed_time_s, 3);
  EXPECT_EQ(s.max_response_bytes, 999U);
  EXPECT_TRUE(s.verify_tls);
}

TEST(CurlSettings, ALoopbackBaseUrlIsNeverProxied) {
  ClientOptions o;
  o.proxy = "http://proxy.example:3128";
  for (const char* url : {"http://127.0.0.1:8080/api/v1", "http://[::1]:8080/api/v1",
                          "http://localhost:8080/api/v1", "https://localhost/api/v1"}) {
    o.base_url = url;
    EXPECT_TRUE(settings(o).direct) << url;
  }
  o.allow_insecure_http = true;
  for (const char* url : {"https://api.flameup.ai/api/v1", "http://10.0.0.5:8080/api/v1",
                          "http://127.1:8080/api/v1"}) {
    o.base_url = url;
    EXPECT_FALSE(settings(o).direct) << url << ": the proxy option applies";
  }
}

TEST(CurlSettings, LocalhostIsPinnedToTheLoopbackAddresses) {
  ClientOptions o;
  o.base_url = "http://LocalHost.:8080/api/v1";
  EXPECT_EQ(settings(o).pinned_hosts,
            (std::vector<std::string>{"localhost:8080:127.0.0.1,[::1]",
                                      "localhost.:8080:127.0.0.1,[::1]"}));
  o.base_url = "https://localhost/api/v1";
  EXPECT_EQ(settings(o).pinned_hosts.front(), "localhost:443:127.0.0.1,[::1]");
  o.base_url = "http://127.0.0.1:8080/api/v1";  // an address: nothing to resolve
  EXPECT_TRUE(settings(o).pinned_hosts.empty());
  o.base_url = "https://api.flameup.ai/api/v1";
  EXPECT_TRUE(settings(o).pinned_hosts.empty());
}
