// track() against the socket-level fake: resets and byte-at-a-time responses (F6, F7, F10).

#include "core_test_support.hpp"
#include "raw_http_server.hpp"

using flameup::Client;
using flameup::ErrorCode;
using flameup::core_test::fast_options;
using flameup::testing::RawHttpServer;

namespace {

flameup::TrackEvent event() {
  flameup::TrackEvent e;
  e.user_id = "user_raw";
  e.event = "raw";
  return e;
}

}  // namespace

TEST(TrackRawServer, ResetBeforeResponseIsRetriedWithTheSameKey) {
  RawHttpServer server(RawHttpServer::Mode::ok);
  ASSERT_GT(server.port(), 0);
  server.set_mode_once(RawHttpServer::Mode::reset_before_response);
  Client client(fast_options(server.base_url()));
  const auto result = client.track(event());
  ASSERT_TRUE(result.ok()) << result.error.message;
  EXPECT_EQ(result.attempts, 2);
  const auto keys = server.idempotency_keys();
  ASSERT_EQ(keys.size(), 2U);
  EXPECT_EQ(keys[0], keys[1]);
  EXPECT_EQ(keys[0].size(), 36U);
}

TEST(TrackRawServer, ResetOnEveryAttemptIsANetworkError) {
  RawHttpServer server(RawHttpServer::Mode::reset_before_response);
  ASSERT_GT(server.port(), 0);
  auto o = fast_options(server.base_url());
  o.max_attempts = 2;
  Client client(o);
  const auto result = client.track(event());
  EXPECT_EQ(result.error.code, ErrorCode::network) << result.error.message;
  EXPECT_EQ(result.attempts, 2);
  EXPECT_EQ(server.requests(), 2U);
}

TEST(TrackRawServer, ResetAfterACompleteResponseIsDelivered) {
  RawHttpServer server(RawHttpServer::Mode::respond_then_reset);
  ASSERT_GT(server.port(), 0);
  Client client(fast_options(server.base_url()));
  const auto result = client.track(event());
  ASSERT_TRUE(result.ok()) << result.error.message;
  EXPECT_EQ(result.attempts, 1);
  EXPECT_EQ(result.event_id.rfind("evt_raw_", 0), 0U) << result.event_id;
  EXPECT_EQ(server.requests(), 1U);
}

TEST(TrackRawServer, OneByteWritesParseTheSame) {
  RawHttpServer server(RawHttpServer::Mode::one_byte_writes);
  ASSERT_GT(server.port(), 0);
  Client client(fast_options(server.base_url()));
  const auto result = client.track(event());
  ASSERT_TRUE(result.ok()) << result.error.message;
  EXPECT_EQ(result.http_status, 200);
  EXPECT_EQ(result.event_id.rfind("evt_raw_", 0), 0U) << result.event_id;
}

TEST(TrackRawServer, APooledHandleServesManySequentialCalls) {
  RawHttpServer server(RawHttpServer::Mode::ok);
  ASSERT_GT(server.port(), 0);
  Client client(fast_options(server.base_url()));
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(client.track(event()).ok()) << i;
  EXPECT_EQ(server.requests(), 20U);
  // Keep-alive: the pooled handle keeps its connection, so 20 calls open exactly one.
  EXPECT_EQ(server.connections(), 1U);
}
