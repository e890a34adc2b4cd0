// The emulator's fault modes (devserver.hpp Fault): each does what the fault tests of the SDK
// rely on, and none of them can hold stop() up.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <future>
#include <string>

#include "devserver_test_support.hpp"

namespace flameup::devserver::test {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

Fault status_fault(int status, std::string body = "", int count = 1) {
  Fault fault;
  fault.kind = Fault::Kind::status;
  fault.status = status;
  fault.body = std::move(body);
  fault.count = count;
  return fault;
}

Fault fault_of(Fault::Kind kind, int count = 1) {
  Fault fault;
  fault.kind = kind;
  fault.count = count;
  return fault;
}

using FaultTest = EmulatorTest;

TEST_F(FaultTest, StatusFaultAnswersAsToldAndRecordsNothing) {
  Fault fault = status_fault(503, R"({"success":false})");
  fault.headers = {{"Retry-After", "7"}};
  server_->add_fault(fault);
  const auto res = track();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 503);
  EXPECT_EQ(res->body, R"({"success":false})");
  EXPECT_EQ(res->get_header_value("Retry-After"), "7");
  EXPECT_EQ(server_->event_count(), 0u);
  EXPECT_EQ(server_->request_count(), 1u);
  // The fault served its one request.
  const auto next = track();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200);
}

TEST_F(FaultTest, StatusFaultCanSendAnEmptyOrNonJsonBody) {
  Fault empty = status_fault(200);
  Fault text = status_fault(200, "<html>gateway</html>");
  text.headers = {{"Content-Type", "text/html"}};
  server_->add_fault(empty);
  server_->add_fault(text);
  const auto first = track();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 200);
  EXPECT_TRUE(first->body.empty());
  const auto second = track();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->body, "<html>gateway</html>");
  EXPECT_EQ(second->get_header_value("Content-Type"), "text/html");
  EXPECT_EQ(second->get_header_value_count("Content-Type"), 1u);
  EXPECT_EQ(server_->event_count(), 0u);
}

TEST_F(FaultTest, FaultsServeTheirCountInOrder) {
  server_->add_fault(status_fault(503, "", 2));
  server_->add_fault(status_fault(500));
  std::vector<int> statuses;
  for (int i = 0; i < 4; ++i) statuses.push_back(track()->status);
  EXPECT_EQ(statuses, (std::vector<int>{503, 503, 500, 200}));
  EXPECT_EQ(server_->event_count(), 1u);
  EXPECT_EQ(server_->request_count(), 4u);
}

TEST_F(FaultTest, NegativeCountLastsUntilCleared) {
  server_->add_fault(status_fault(503, "", -1));
  for (int i = 0; i < 3; ++i) EXPECT_EQ(track()->status, 503);
  server_->clear_faults();
  EXPECT_EQ(track()->status, 200);
}

TEST_F(FaultTest, FaultsDoNotApplyToTheListRoute) {
  server_->add_fault(status_fault(503));
  const auto listed = client_->Get(kTrackPath, auth_headers());
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->status, 200);
  EXPECT_EQ(track()->status, 503);
}

TEST_F(FaultTest, AListFaultAppliesToTheListRouteOnly) {
  Fault fault = status_fault(503);
  fault.route = Fault::Route::list;
  server_->add_fault(fault);
  EXPECT_EQ(track()->status, 200);  // passes by the list's fault
  const auto listed = client_->Get(kTrackPath, auth_headers());
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->status, 503);
  const auto again = client_->Get(kTrackPath, auth_headers());
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200);
}

TEST_F(FaultTest, DelayWaitsThenRecords) {
  Fault fault = fault_of(Fault::Kind::delay);
  fault.delay = milliseconds(150);
  server_->add_fault(fault);
  const auto started = Clock::now();
  const auto res = track();
  const auto elapsed = Clock::now() - started;
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_GE(elapsed, milliseconds(150));
  EXPECT_EQ(server_->event_count(), 1u);
}

TEST_F(FaultTest, StallHoldsUntilFaultsAreClearedThenAnswersNormally) {
  server_->add_fault(fault_of(Fault::Kind::stall));
  auto pending = std::async(std::launch::async, [this] { return track(); });
  ASSERT_TRUE(server_->wait_for_requests(1, std::chrono::seconds(2)));
  EXPECT_EQ(pending.wait_for(milliseconds(50)), std::future_status::timeout);
  server_->clear_faults();
  const auto res = pending.get();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(server_->event_count(), 1u);
}

TEST_F(FaultTest, StopReleasesAStalledRequestPromptlyWithoutAnAnswer) {
  server_->add_fault(fault_of(Fault::Kind::stall, -1));
  auto pending = std::async(std::launch::async, [this] { return track(); });
  ASSERT_TRUE(server_->wait_for_requests(1, std::chrono::seconds(2)));
  const auto started = Clock::now();
  server_->stop();
  EXPECT_LT(Clock::now() - started, milliseconds(1000));
  const auto res = pending.get();
  EXPECT_FALSE(res);  // the connection dropped: no status at all
  EXPECT_EQ(server_->event_count(), 0u);
}

TEST_F(FaultTest, StopDoesNotWaitForIdleKeepAliveConnections) {
  ASSERT_TRUE(track());  // the client now holds an idle keep-alive connection
  const auto started = Clock::now();
  server_->stop();
  EXPECT_LT(Clock::now() - started, milliseconds(1000));
}

TEST_F(FaultTest, TrickleSendsTheNormalAnswerOneByteAtATime) {
  Fault fault = fault_of(Fault::Kind::trickle);
  fault.delay = milliseconds(3);
  server_->add_fault(fault);
  const auto started = Clock::now();
  const auto res = track();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Transfer-Encoding"), "chunked");
  EXPECT_EQ(json_of(res)["success"], true);
  // About 50 bytes, the first at once, then one per 3 ms.
  EXPECT_GE(Clock::now() - started, milliseconds(3) * (res->body.size() - 1));
  EXPECT_EQ(server_->event_count(), 1u);
}

TEST_F(FaultTest, HugeBodyOfTheGivenSize) {
  Fault fault = fault_of(Fault::Kind::huge_body);
  fault.body_bytes = 300000;
  server_->add_fault(fault);
  const auto res = track();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body.size(), 300000u);
  EXPECT_EQ(res->get_header_value("Content-Length"), "300000");
  EXPECT_EQ(server_->event_count(), 0u);
}

// A raw client: sends @p request, reads until @p limit bytes, EOF, or @p silence_ms of
// silence once the answer has begun. The first byte gets a generous wait of its own, so a
// slow (sanitized, loaded) server is not mistaken for one that answered nothing.
struct RawExchange {
  std::string received;
  bool peer_closed = false;  // recv returned 0: the server closed the connection
};

constexpr int kFirstByteWaitMs = 10000;

RawExchange raw_exchange(int port, const std::string& request, std::size_t limit,
                         int silence_ms = 2000) {
  RawExchange result;
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  const auto set_receive_timeout = [fd](int ms) {
    timeval limit_tv{ms / 1000, (ms % 1000) * 1000};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit_tv, sizeof limit_tv);
  };
  set_receive_timeout(kFirstByteWaitMs);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
          static_cast<ssize_t>(request.size())) {
    char buffer[16384];
    while (result.received.size() < limit) {
      const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
      if (n == 0) result.peer_closed = true;
      if (n <= 0) break;
      if (result.received.empty()) set_receive_timeout(silence_ms);
      result.received.append(buffer, static_cast<std::size_t>(n));
    }
  }
  ::close(fd);
  return result;
}

std::string raw_track_request() {
  const std::string body = event_body();
  return std::string("POST ") + kTrackPath +
         " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + kKey +
         "\r\nContent-Type: application/json\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body;
}

TEST_F(FaultTest, EndlessBodyGoesOnUntilTheClientHangsUp) {
  server_->add_fault(fault_of(Fault::Kind::huge_body));
  const std::size_t limit = 4 * 1024 * 1024;
  const RawExchange exchange = raw_exchange(server_->port(), raw_track_request(), limit);
  EXPECT_EQ(exchange.received.rfind("HTTP/1.1 200", 0), 0u);
  EXPECT_FALSE(exchange.peer_closed);
  EXPECT_GE(exchange.received.size(), limit);
  // The server noticed the hang-up and serves the next request normally.
  EXPECT_EQ(track()->status, 200);
}

TEST_F(FaultTest, StopEndsAnEndlessBody) {
  server_->add_fault(fault_of(Fault::Kind::huge_body));
  auto pending = std::async(std::launch::async, [this] {
    return raw_exchange(server_->port(), raw_track_request(), std::size_t(1) << 40);
  });
  ASSERT_TRUE(server_->wait_for_requests(1, std::chrono::seconds(2)));
  const auto started = Clock::now();
  server_->stop();
  EXPECT_LT(Clock::now() - started, milliseconds(1000));
  EXPECT_TRUE(pending.get().peer_closed);
}

TEST_F(FaultTest, RedirectAnswers302WithTheLocation) {
  Fault fault = fault_of(Fault::Kind::redirect);
  fault.location = "http://127.0.0.1:9/api/v1/workspaces/ws_1/events";
  server_->add_fault(fault);
  const auto res = track();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 302);
  EXPECT_EQ(res->get_header_value("Location"), fault.location);
  EXPECT_EQ(server_->event_count(), 0u);
}

TEST_F(FaultTest, CloseAfterResponseAnswersThenClosesTheConnection) {
  server_->add_fault(fault_of(Fault::Kind::close_after_response));
  const RawExchange exchange = raw_exchange(server_->port(), raw_track_request(), 1 << 20);
  EXPECT_EQ(exchange.received.rfind("HTTP/1.1 200", 0), 0u);
  EXPECT_NE(exchange.received.find("Connection: close"), std::string::npos);
  EXPECT_NE(exchange.received.find(R"("success":true)"), std::string::npos);
  EXPECT_TRUE(exchange.peer_closed);
  EXPECT_EQ(server_->event_count(), 1u);
}

TEST_F(FaultTest, WithoutFaultsTheConnectionStaysOpen) {
  // The counterpart of the test above: a normal answer keeps the connection alive, so the
  // raw read ends on its timeout, not on EOF.
  const RawExchange exchange =
      raw_exchange(server_->port(), raw_track_request(), 1 << 20, /*silence_ms=*/200);
  EXPECT_EQ(exchange.received.rfind("HTTP/1.1 200", 0), 0u);
  EXPECT_FALSE(exchange.peer_closed);
}

TEST_F(FaultTest, RestartServesAgainOnTheSamePortWithTheSameEvents) {
  ASSERT_TRUE(track());
  const int port = server_->port();
  server_->stop();
  server_->stop();  // idempotent
  EXPECT_FALSE(track());
  ASSERT_EQ(server_->start(), port);
  const auto res = track();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(server_->event_count(), 2u);
}

}  // namespace
}  // namespace flameup::devserver::test
