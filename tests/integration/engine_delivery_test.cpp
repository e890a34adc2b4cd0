// Client::enqueue/flush/close/stats against the in-process emulator: the happy path, the
// wire format of queued events, exactly-once delivery from many threads, and the lifecycle
// (destructor, moves, invalid input and options).

#include <atomic>
#include <set>
#include <thread>

#include "engine_test_support.hpp"

namespace flameup::engine_test {
namespace {

using EngineDelivery = EngineEmulatorTest;

TEST_F(EngineDelivery, QueuedEventsReachTheEmulatorWithOneOutcomeEach) {
  Client client(options());
  std::set<std::string> ids;
  for (int i = 0; i < 20; ++i) {
    const EnqueueResult r = client.enqueue(event(i));
    ASSERT_TRUE(r.accepted()) << r.error.message;
    ids.insert(r.id);
  }
  ASSERT_TRUE(client.flush(10s));
  EXPECT_EQ(server().event_count(), 20u);
  const auto keys = recorded_keys();
  EXPECT_EQ(keys.size(), 20u);
  const auto by_id = recorder_.outcomes_by_id();
  ASSERT_EQ(recorder_.outcomes().size(), 20u);
  for (const auto& id : ids) {
    ASSERT_EQ(by_id.count(id), 1u) << id;
    const Outcome& o = by_id.at(id);
    EXPECT_EQ(o.kind, OutcomeKind::delivered);
    EXPECT_EQ(o.http_status, 200);
    EXPECT_EQ(o.event_id.rfind("evt_", 0), 0u) << o.event_id;
    EXPECT_EQ(keys.count(id), 1u) << "the outcome id is the Idempotency-Key on the wire";
  }
  const Stats s = client.stats();
  EXPECT_EQ(s.enqueued, 20u);
  EXPECT_EQ(s.delivered, 20u);
  EXPECT_EQ(s.queued, 0u);
  EXPECT_EQ(s.in_flight, 0u);
  EXPECT_EQ(s.queued_bytes, 0u);
  EXPECT_FALSE(s.last_error);
}

TEST_F(EngineDelivery, TheQueuedEventIsStampedAtEnqueueAndSentAsDocumented) {
  Client client(options());
  TrackEvent e = event(1);
  e.timestamp = std::chrono::system_clock::time_point(std::chrono::milliseconds(1735120800123));
  ASSERT_TRUE(client.enqueue(e).accepted());
  ASSERT_TRUE(client.flush(10s));
  const auto requests = server().requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].path, "/api/v1/workspaces/ws_engine/events");
  EXPECT_EQ(requests[0].authorization_fingerprint,
            flameup::devserver::fingerprint("Bearer " + kSentinelKey));
  EXPECT_EQ(requests[0].content_type, "application/json");
  EXPECT_EQ(requests[0].user_agent.rfind("flameup-cpp/", 0), 0u);
  const auto events = server().events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].user_id, "user_1");
  EXPECT_EQ(events[0].timestamp, "2024-12-25T10:00:00.123Z");
  EXPECT_EQ(events[0].properties["n"], 1);
}

TEST_F(EngineDelivery, ManyThreadsEnqueueingAreAllRecordedExactlyOnce) {
  ClientOptions o = options();
  o.max_in_flight = 8;
  Client client(o);
  constexpr int kThreads = 8;
  constexpr int kPerThread = 50;  // 8 x 2000 runs in the unit tests (fake transport)
  std::atomic<int> refused{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        if (!client.enqueue(event(t * kPerThread + i)).accepted()) ++refused;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(refused.load(), 0);
  ASSERT_TRUE(client.flush(60s));
  constexpr std::size_t kTotal = kThreads * kPerThread;
  EXPECT_EQ(server().event_count(), kTotal);
  EXPECT_EQ(recorded_keys().size(), kTotal);
  EXPECT_EQ(recorder_.outcomes().size(), kTotal);
  EXPECT_EQ(recorder_.outcomes_by_id().size(), kTotal);
  EXPECT_EQ(client.stats().delivered, kTotal);
}

TEST_F(EngineDelivery, TheDestructorDeliversWhatIsQueued) {
  {
    Client client(options());
    for (int i = 0; i < 10; ++i) ASSERT_TRUE(client.enqueue(event(i)).accepted());
  }
  EXPECT_EQ(server().event_count(), 10u);
  EXPECT_EQ(recorder_.outcomes().size(), 10u);
}

TEST_F(EngineDelivery, AMovedClientKeepsDeliveringAndTheSourceIsClosed) {
  Client first(options());
  ASSERT_TRUE(first.enqueue(event(1)).accepted());
  Client second(std::move(first));
  ASSERT_TRUE(second.enqueue(event(2)).accepted());
  EXPECT_EQ(first.enqueue(event(3)).status, EnqueueStatus::closed);  // NOLINT(bugprone-use-after-move)
  EXPECT_TRUE(first.flush(0ms));
  ASSERT_TRUE(second.flush(10s));
  EXPECT_EQ(server().event_count(), 2u);

  Client third(options());
  ASSERT_TRUE(third.enqueue(event(4)).accepted());
  third = std::move(second);  // closes third's engine (delivering event 4) first
  EXPECT_EQ(server().event_count(), 3u);
  ASSERT_TRUE(third.enqueue(event(5)).accepted());
  ASSERT_TRUE(third.flush(10s));
  EXPECT_EQ(server().event_count(), 4u);
}

TEST_F(EngineDelivery, InvalidEventsAreRefusedOnTheCallersThread) {
  Client client(options());
  TrackEvent e = event(1);
  e.user_id.clear();
  const EnqueueResult r = client.enqueue(e);
  EXPECT_EQ(r.status, EnqueueStatus::invalid);
  EXPECT_EQ(r.error.code, ErrorCode::invalid_event);
  EXPECT_NE(r.error.message.find("user_id"), std::string::npos) << r.error.message;
  e = event(2);
  e.properties = nlohmann::json::array({1, 2});
  EXPECT_EQ(client.enqueue(e).status, EnqueueStatus::invalid);
  ASSERT_TRUE(client.flush(1s));
  EXPECT_EQ(server().request_count(), 0u);
  EXPECT_EQ(client.stats().enqueued, 0u);
}

TEST_F(EngineDelivery, AClientWithInvalidOptionsRefusesEveryEvent) {
  ClientOptions o = options();
  o.workspace_id = "..";
  Client client(o);
  const EnqueueResult r = client.enqueue(event(1));
  EXPECT_EQ(r.status, EnqueueStatus::invalid);
  EXPECT_EQ(r.error.code, ErrorCode::invalid_options);
  EXPECT_TRUE(client.flush(0ms));
  client.close(0ms);
  EXPECT_EQ(client.stats().enqueued, 0u);
}

TEST_F(EngineDelivery, CloseStopsAcceptingAndIsIdempotent) {
  Client client(options());
  ASSERT_TRUE(client.enqueue(event(1)).accepted());
  client.close(5s);
  EXPECT_EQ(server().event_count(), 1u);
  const EnqueueResult r = client.enqueue(event(2));
  EXPECT_EQ(r.status, EnqueueStatus::closed);
  EXPECT_EQ(r.error.code, ErrorCode::closed);
  client.close(5s);
  EXPECT_TRUE(client.flush(0ms));
  EXPECT_EQ(recorder_.outcomes().size(), 1u);
}

TEST_F(EngineDelivery, TrackAndEnqueueWorkSideBySide) {
  Client client(options());
  ASSERT_TRUE(client.enqueue(event(1)).accepted());
  const TrackResult r = client.track(event(2));
  EXPECT_TRUE(r.ok()) << r.error.message;
  ASSERT_TRUE(client.flush(10s));
  EXPECT_EQ(server().event_count(), 2u);
}

}  // namespace
}  // namespace flameup::engine_test
