// A forked child that destroys its copy of a client (or of a transport) must not touch the
// parent's connections: over TLS, cleaning up a connection sends a close_notify alert on the
// socket the parent is still using, and the server then ends the parent's session. A relay
// in front of the TLS emulator counts connections: the parent's next request must reuse its
// one kept-alive connection.

#include <chrono>
#include <memory>

#include "child_process.hpp"
#include "core_test_support.hpp"
#include "http/curl_multi_transport.hpp"
#include "wire/event_codec.hpp"
#include "wire/request_builder.hpp"
#include "tcp_relay.hpp"
#include "tls_emulator_fixture.hpp"

using namespace std::chrono_literals;
using flameup::Client;
using flameup::ClientOptions;
using flameup::core_test::fast_options;
using flameup::detail::AsyncTransport;
using flameup::detail::CurlMultiTransport;
using flameup::detail::RequestBuilder;
using flameup::testing::fork_child;
using flameup::testing::TcpRelay;
using flameup::testing::wait_child;

namespace {

flameup::TrackEvent event(int n) {
  flameup::TrackEvent e;
  e.user_id = "user_" + std::to_string(n);
  e.event = "fork_tls";
  return e;
}

class TransportForkTls : public flameup::testing::TlsEmulatorFixture {
 protected:
  void SetUp() override {
    TlsEmulatorFixture::SetUp();
    if (HasFatalFailure()) return;
    relay_ = std::make_unique<TcpRelay>(server_->port());
    ASSERT_GT(relay_->port(), 0);
  }
  void TearDown() override {
    if (relay_) relay_->stop();
    TlsEmulatorFixture::TearDown();
  }

  // Through the relay, verifying the emulator's certificate (it names localhost).
  ClientOptions options() const {
    ClientOptions o = fast_options("https://localhost:" + std::to_string(relay_->port()) +
                                   "/api/v1");
    o.ca_file = cert_.cert_path;
    o.max_in_flight = 1;  // the engine's requests share one connection too
    return o;
  }

  // Runs @p body in a child and expects it to exit 0 in time.
  static void in_child(const std::function<int()>& body) {
    const pid_t pid = fork_child(body);
    ASSERT_GT(pid, 0);
    const auto code = wait_child(pid, 20s);
    ASSERT_TRUE(code.has_value()) << "the child hung";
    EXPECT_EQ(*code, 0);
  }

  std::unique_ptr<TcpRelay> relay_;
};

TEST_F(TransportForkTls, AChildDestroyingATrackClientLeavesTheParentsConnectionAlone) {
  auto client = std::make_unique<Client>(options());
  ASSERT_TRUE(client->track(event(1)).ok());
  ASSERT_EQ(relay_->connections(), 1u);

  in_child([&] {
    client.reset();  // the child's copy of the pool holds the parent's TLS connection
    return 0;
  });

  const auto again = client->track(event(2));
  EXPECT_TRUE(again.ok()) << again.error.message;
  EXPECT_EQ(relay_->connections(), 1u) << "the parent's connection was ended by the child";
  EXPECT_EQ(server_->event_count(), 2u);
}

TEST_F(TransportForkTls, AChildDestroyingAnEnqueueClientLeavesTheParentsConnectionAlone) {
  auto client = std::make_unique<Client>(options());
  ASSERT_TRUE(client->enqueue(event(1)).accepted());
  ASSERT_TRUE(client->flush(5s));
  ASSERT_EQ(relay_->connections(), 1u);

  in_child([&] {
    client.reset();
    return 0;
  });

  ASSERT_TRUE(client->enqueue(event(2)).accepted());
  EXPECT_TRUE(client->flush(5s));
  EXPECT_EQ(relay_->connections(), 1u) << "the parent's connection was ended by the child";
  EXPECT_EQ(server_->event_count(), 2u);
}

TEST_F(TransportForkTls, AChildDestroyingAMultiTransportLeavesTheParentsConnectionAlone) {
  const ClientOptions o = options();
  const auto base = flameup::detail::ParsedBaseUrl::of(o.base_url).url;
  const RequestBuilder builder(o, base);
  auto transport = std::make_unique<CurlMultiTransport>(o, base);
  const auto send = [&](int n) {
    flameup::detail::PreparedEvent prepared;
    EXPECT_FALSE(flameup::detail::prepare_event(event(n), 32 * 1024,
                                                std::chrono::system_clock::now(), prepared));
    transport->start(static_cast<AsyncTransport::Tag>(n), builder.build(std::move(prepared)));
    std::vector<AsyncTransport::Completion> done;
    const auto end = std::chrono::steady_clock::now() + 10s;
    while (done.empty() && std::chrono::steady_clock::now() < end) transport->poll(100ms, done);
    return done.size() == 1 && done[0].response.status == 200;
  };
  ASSERT_TRUE(send(1));
  ASSERT_EQ(relay_->connections(), 1u);

  in_child([&] {
    transport.reset();  // its multi handle's connection cache holds the parent's connection
    return 0;
  });

  EXPECT_TRUE(send(2));
  EXPECT_EQ(relay_->connections(), 1u) << "the parent's connection was ended by the child";
}

}  // namespace
