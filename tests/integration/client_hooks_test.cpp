// before_send, default properties and the tracking switch, end to end: what reaches the
// emulator, and what track()/enqueue()/stats() say about what did not.

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "engine_test_support.hpp"

namespace flameup::engine_test {
namespace {

using ClientHooks = EngineEmulatorTest;

TEST_F(ClientHooks, BeforeSendChangesOrDropsEventsAndADropIsReportedAndCounted) {
  ClientOptions o = options();
  o.default_properties =
      std::make_shared<const nlohmann::json>(nlohmann::json{{"app", "demo"}, {"n", -1}});
  o.before_send = [](TrackEvent& e) {
    e.properties.erase("plan");
    return e.user_id != "user_2";
  };
  Client client(o);
  EXPECT_TRUE(client.track(event(1)).ok());
  const TrackResult dropped = client.track(event(2));
  EXPECT_EQ(dropped.error.code, ErrorCode::filtered);
  EXPECT_EQ(dropped.http_status, 0);
  const EnqueueResult queued = client.enqueue(event(3));
  EXPECT_TRUE(queued.accepted());
  const EnqueueResult filtered = client.enqueue(event(2));
  EXPECT_EQ(filtered.status, EnqueueStatus::filtered);
  EXPECT_EQ(filtered.error.code, ErrorCode::filtered);
  ASSERT_TRUE(client.flush(10s));
  EXPECT_EQ(client.stats().filtered, 2u);

  const auto events = server_->events();
  ASSERT_EQ(events.size(), 2u);
  for (const auto& e : events) {
    EXPECT_NE(e.user_id, "user_2");
    EXPECT_FALSE(e.properties.contains("plan"));    // removed by the hook
    EXPECT_EQ(e.properties["app"], "demo");          // a default
    EXPECT_NE(e.properties["n"], -1);                // the event's own key won
  }
}

TEST_F(ClientHooks, DefaultPropertiesThatAreNotAnObjectAreAnOptionsError) {
  ClientOptions o = options();
  o.default_properties = std::make_shared<const nlohmann::json>(nlohmann::json::array());
  Client client(o);
  EXPECT_EQ(client.options_error().code, ErrorCode::invalid_options);
  EXPECT_NE(client.options_error().message.find("default_properties"), std::string::npos);
}

using TrackingConsent = EngineEmulatorTest;

TEST_F(TrackingConsent, WhileOffNothingIsSentAndTheResultSaysSo) {
  ClientOptions o = options();
  o.tracking_enabled = false;  // no consent yet
  Client client(o);
  EXPECT_FALSE(client.tracking_enabled());
  EXPECT_EQ(client.track(event(1)).error.code, ErrorCode::disabled);
  const EnqueueResult refused = client.enqueue(event(2));
  EXPECT_EQ(refused.status, EnqueueStatus::disabled);
  EXPECT_EQ(refused.error.code, ErrorCode::disabled);
  EXPECT_EQ(client.stats().enqueued, 0u);

  client.set_tracking_enabled(true);
  EXPECT_TRUE(client.track(event(3)).ok());
  EXPECT_TRUE(client.enqueue(event(4)).accepted());
  ASSERT_TRUE(client.flush(10s));
  client.set_tracking_enabled(false);
  EXPECT_EQ(client.enqueue(event(5)).status, EnqueueStatus::disabled);
  EXPECT_EQ(server_->request_count(), 2u);  // only the two sent while on
}

// Switching from other threads while many threads track: every call is either sent or
// refused as disabled, never anything else, and the emulator holds exactly the sent ones.
TEST_F(TrackingConsent, SwitchingWhileManyThreadsEnqueueIsClean) {
  Client client(options());
  std::atomic<bool> stop{false};
  std::thread toggler([&] {
    bool on = true;
    while (!stop.load()) client.set_tracking_enabled(on = !on);
  });
  std::atomic<int> accepted{0}, disabled{0}, other{0};
  std::vector<std::thread> producers;
  for (int t = 0; t < 4; ++t) {
    producers.emplace_back([&, t] {
      for (int i = 0; i < 100; ++i) {
        const auto r = client.enqueue(event(t * 1000 + i));
        (r.accepted() ? accepted : r.status == EnqueueStatus::disabled ? disabled : other)++;
      }
    });
  }
  for (auto& p : producers) p.join();
  stop = true;
  toggler.join();
  ASSERT_TRUE(client.flush(20s));
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(accepted.load() + disabled.load(), 400);
  EXPECT_EQ(server_->event_count(), static_cast<std::size_t>(accepted.load()));
}

}  // namespace
}  // namespace flameup::engine_test
