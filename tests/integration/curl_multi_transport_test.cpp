// CurlMultiTransport (the engine's AsyncTransport) against the emulator: concurrent
// requests on one multi handle, and abort_all() on transfers a stalled server never answers.

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include "core_test_support.hpp"
#include "http/curl_multi_transport.hpp"
#include "wire/event_codec.hpp"
#include "wire/request_builder.hpp"

using namespace std::chrono;
using flameup::core_test::EmulatorTest;
using flameup::detail::AsyncTransport;
using flameup::detail::CurlMultiTransport;
using flameup::detail::PreparedEvent;
using flameup::detail::ParsedBaseUrl;
using flameup::detail::RequestBuilder;
using flameup::detail::TransportStatus;
using flameup::devserver::Fault;

namespace {

PreparedEvent prepared(int i) {
  flameup::TrackEvent e;
  e.user_id = "user_" + std::to_string(i);
  e.event = "multi";
  PreparedEvent out;
  EXPECT_FALSE(flameup::detail::prepare_event(e, 32 * 1024, system_clock::now(), out));
  return out;
}

// Polls until @p n completions arrived or @p deadline passed.
std::vector<AsyncTransport::Completion> drive(AsyncTransport& transport, std::size_t n,
                                              milliseconds deadline) {
  std::vector<AsyncTransport::Completion> done;
  const auto end = steady_clock::now() + deadline;
  while (done.size() < n && steady_clock::now() < end) transport.poll(milliseconds(100), done);
  return done;
}

}  // namespace

class CurlMultiTransportTest : public EmulatorTest {};

TEST_F(CurlMultiTransportTest, ConcurrentRequestsAllComplete) {
  // Used the way the engine uses it: up to max_in_flight transfers at once, topped up as
  // completions come back.
  constexpr int kRequests = 200;
  auto o = options();
  o.max_in_flight = 8;
  const auto base = ParsedBaseUrl::of(o.base_url).url;
  const RequestBuilder builder(o, base);
  CurlMultiTransport transport(o, base);
  std::vector<AsyncTransport::Completion> done;
  std::size_t max_seen_in_flight = 0;
  int started = 0;
  const auto end = steady_clock::now() + seconds(20);
  while (done.size() < static_cast<std::size_t>(kRequests) && steady_clock::now() < end) {
    while (started < kRequests && transport.in_flight() < static_cast<std::size_t>(o.max_in_flight)) {
      transport.start(static_cast<AsyncTransport::Tag>(started), builder.build(prepared(started)));
      ++started;
    }
    max_seen_in_flight = std::max(max_seen_in_flight, transport.in_flight());
    transport.poll(milliseconds(100), done);
  }
  ASSERT_EQ(done.size(), static_cast<std::size_t>(kRequests));
  EXPECT_EQ(max_seen_in_flight, 8U);  // really concurrent
  std::set<AsyncTransport::Tag> tags;
  for (const auto& completion : done) {
    EXPECT_EQ(completion.response.transport, TransportStatus::ok)
        << completion.response.transport_message;
    EXPECT_EQ(completion.response.status, 200);
    EXPECT_NE(completion.response.body.find("evt_"), std::string::npos);
    EXPECT_FALSE(completion.response.header("x-request-id").empty());
    tags.insert(completion.tag);
  }
  EXPECT_EQ(tags.size(), static_cast<std::size_t>(kRequests));  // each tag exactly once
  EXPECT_EQ(transport.in_flight(), 0U);
  EXPECT_EQ(server().event_count(), static_cast<std::size_t>(kRequests));
}

TEST_F(CurlMultiTransportTest, WakeupEndsAPollEarly) {
  const auto o = options();
  CurlMultiTransport transport(o, ParsedBaseUrl::of(o.base_url).url);
  transport.wakeup();
  std::vector<AsyncTransport::Completion> done;
  const auto start = steady_clock::now();
  transport.poll(seconds(5), done);
  EXPECT_LT(steady_clock::now() - start, seconds(2));
  EXPECT_TRUE(done.empty());
}

TEST_F(CurlMultiTransportTest, AbortAllReportsEveryTransferAsAborted) {
  Fault stall;
  stall.kind = Fault::Kind::stall;
  stall.count = -1;
  server().add_fault(stall);
  auto o = options();
  const auto base = ParsedBaseUrl::of(o.base_url).url;
  const RequestBuilder builder(o, base);
  CurlMultiTransport transport(o, base);
  for (int i = 0; i < 4; ++i) transport.start(static_cast<AsyncTransport::Tag>(i), builder.build(prepared(i)));
  std::vector<AsyncTransport::Completion> done;
  // The requests reached the server (and are stalled there), so they are truly in flight.
  const auto end = steady_clock::now() + seconds(5);
  while (server().request_count() < 4 && steady_clock::now() < end) {
    transport.poll(milliseconds(50), done);
  }
  ASSERT_EQ(server().request_count(), 4U);
  EXPECT_TRUE(done.empty());

  const auto start = steady_clock::now();
  transport.abort_all(done);
  EXPECT_LT(steady_clock::now() - start, milliseconds(500));
  ASSERT_EQ(done.size(), 4U);
  for (const auto& completion : done) {
    EXPECT_EQ(completion.response.transport, TransportStatus::aborted);
  }
  EXPECT_EQ(transport.in_flight(), 0U);
}

TEST_F(CurlMultiTransportTest, RefusedConnectionCompletesAsConnectFailed) {
  auto o = flameup::core_test::fast_options(
      "http://127.0.0.1:" + std::to_string(flameup::core_test::closed_port()) + "/api/v1");
  const auto base = ParsedBaseUrl::of(o.base_url).url;
  const RequestBuilder builder(o, base);
  CurlMultiTransport transport(o, base);
  transport.start(7, builder.build(prepared(7)));
  const auto done = drive(transport, 1, seconds(5));
  ASSERT_EQ(done.size(), 1U);
  EXPECT_EQ(done[0].tag, 7U);
  EXPECT_EQ(done[0].response.transport, TransportStatus::connect_failed);
}
