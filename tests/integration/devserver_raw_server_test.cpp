// tests/support/raw_http_server: each mode does to the connection what it says.
#include <future>

#include "devserver_test_support.hpp"
#include "raw_http_server.hpp"

namespace flameup::devserver::test {
namespace {

using flameup::testing::RawHttpServer;
using Mode = RawHttpServer::Mode;
using std::chrono::milliseconds;

class RawServerTest : public ::testing::Test {
 protected:
  httplib::Result post(const std::string& idempotency_key = "k") {
    httplib::Headers headers = auth_headers();
    headers.emplace("Idempotency-Key", idempotency_key);
    return client_.Post(kTrackPath, headers, event_body(), "application/json");
  }
  void SetUp() override {
    ASSERT_GT(server_.port(), 0);
    client_.set_read_timeout(std::chrono::seconds(2));
  }

  RawHttpServer server_;
  httplib::Client client_{"127.0.0.1", server_.port()};
};

TEST_F(RawServerTest, OkServesSeveralRequestsOnOneConnection) {
  const auto first = post("key-1");
  const auto second = post("key-2");
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->status, 200);
  EXPECT_EQ(json_of(first)["event_id"], "evt_raw_1");
  EXPECT_EQ(json_of(second)["event_id"], "evt_raw_2");
  EXPECT_EQ(server_.requests(), 2u);
  EXPECT_EQ(server_.idempotency_keys(), (std::vector<std::string>{"key-1", "key-2"}));
  EXPECT_EQ(server_.base_url(),
            "http://127.0.0.1:" + std::to_string(server_.port()) + "/api/v1");
}

TEST_F(RawServerTest, ResetBeforeResponseGivesNoAnswer) {
  server_.set_mode(Mode::reset_before_response);
  EXPECT_FALSE(post());
  EXPECT_TRUE(server_.wait_for_requests(1, milliseconds(1000)));
}

TEST_F(RawServerTest, RespondThenResetDeliversTheCompleteAnswer) {
  server_.set_mode(Mode::respond_then_reset);
  const auto res = post();
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(json_of(res)["event_id"], "evt_raw_1");
}

TEST_F(RawServerTest, OneByteWritesParseTheSame) {
  server_.set_mode(Mode::one_byte_writes);
  const auto res = post();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(json_of(res)["success"], true);
}

TEST_F(RawServerTest, HangNeverAnswersAndStopReleasesIt) {
  server_.set_mode(Mode::hang);
  client_.set_read_timeout(milliseconds(100));
  EXPECT_FALSE(post());  // read timeout: nothing came
  // A second hung connection, still open when stop() runs.
  httplib::Client other("127.0.0.1", server_.port());
  other.set_read_timeout(std::chrono::seconds(10));
  auto pending = std::async(std::launch::async, [&] {
    return other.Post(kTrackPath, auth_headers(), event_body(), "application/json");
  });
  ASSERT_TRUE(server_.wait_for_requests(2, milliseconds(2000)));
  const auto started = std::chrono::steady_clock::now();
  server_.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started, milliseconds(1000));
  EXPECT_FALSE(pending.get());
}

TEST_F(RawServerTest, ModeOnceAppliesToTheNextRequestOnly) {
  server_.set_mode_once(Mode::reset_before_response);
  EXPECT_FALSE(post("same"));
  const auto retried = post("same");
  ASSERT_TRUE(retried);
  EXPECT_EQ(retried->status, 200);
  EXPECT_EQ(server_.idempotency_keys(), (std::vector<std::string>{"same", "same"}));
}

TEST_F(RawServerTest, ClosedPortRefusesConnections) {
  const int port = RawHttpServer::closed_port();
  ASSERT_GT(port, 0);
  httplib::Client refused("127.0.0.1", port);
  const auto res = refused.Post(kTrackPath, auth_headers(), event_body(), "application/json");
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error(), httplib::Error::Connection);
}

}  // namespace
}  // namespace flameup::devserver::test
