// EventQueue: bounds by count and bytes, overflow policies, ordering, retries, expiry and the
// worker-idle wakeup protocol.

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <string>
#include <thread>

#include "engine/event_queue.hpp"
#include "test_time.hpp"

namespace flameup::detail {
namespace {

using namespace std::chrono_literals;
using Time = std::chrono::steady_clock::time_point;

using flameup::testing::kT0;

QueuedEvent make_event(const std::string& body, Time at = kT0) {
  QueuedEvent e;
  e.body = body;
  e.enqueued_at = at;
  e.key.assign("key-" + body);
  return e;
}

PushStatus push(EventQueue& q, const std::string& body, Time at = kT0) {
  std::uint64_t seq = 0;
  return q.push(make_event(body, at), seq).status;
}

WorkerExchange take(EventQueue& q, std::size_t max, Time now = kT0,
                    std::chrono::steady_clock::duration max_age = std::chrono::hours(1)) {
  WorkerExchange x;
  x.now = now;
  x.max_age = max_age;
  x.max_take = max;
  q.exchange(x);
  return x;
}

QueueLimits limits(std::size_t events, std::size_t bytes, OverflowPolicy policy) {
  QueueLimits l;
  l.max_events = events;
  l.max_bytes = bytes;
  l.policy = policy;
  l.block_timeout = 50ms;
  return l;
}

TEST(EngineQueue, DropNewestRefusesBeyondTheEventCount) {
  EventQueue q(limits(2, 1000, OverflowPolicy::drop_newest));
  EXPECT_EQ(push(q, "a"), PushStatus::accepted);
  EXPECT_EQ(push(q, "b"), PushStatus::accepted);
  EXPECT_EQ(push(q, "c"), PushStatus::queue_full);
  const auto s = q.snapshot();
  EXPECT_EQ(s.enqueued, 2u);
  EXPECT_EQ(s.refused_full, 1u);
  EXPECT_EQ(s.waiting, 2u);
}

TEST(EngineQueue, DropNewestRefusesBeyondTheByteBudget) {
  EventQueue q(limits(100, 10, OverflowPolicy::drop_newest));
  EXPECT_EQ(push(q, "123456"), PushStatus::accepted);
  EXPECT_EQ(push(q, "12345"), PushStatus::queue_full);  // 6 + 5 > 10
  EXPECT_EQ(push(q, "1234"), PushStatus::accepted);     // 6 + 4 == 10
  EXPECT_EQ(q.snapshot().owned_bytes, 10u);
}

TEST(EngineQueue, InFlightEventsCountAgainstTheBoundsUntilFinished) {
  EventQueue q(limits(1, 1000, OverflowPolicy::drop_newest));
  EXPECT_EQ(push(q, "a"), PushStatus::accepted);
  auto x = take(q, 1);
  ASSERT_EQ(x.to_send.size(), 1u);
  EXPECT_EQ(push(q, "b"), PushStatus::queue_full);  // "a" is in flight, still owned
  x.finished_events = 1;
  x.finished_bytes = 1;
  x.to_send.clear();
  x.max_take = 0;
  q.exchange(x);
  EXPECT_EQ(push(q, "b"), PushStatus::accepted);
}

TEST(EngineQueue, DropOldestEvictsTheOldestWaitingEvent) {
  EventQueue q(limits(2, 1000, OverflowPolicy::drop_oldest));
  push(q, "a");
  push(q, "b");
  EXPECT_EQ(push(q, "c"), PushStatus::accepted);
  auto x = take(q, 10);
  ASSERT_EQ(x.evicted.size(), 1u);
  EXPECT_EQ(x.evicted[0].key.view(), "key-a");
  EXPECT_TRUE(x.evicted[0].body.empty()) << "an evicted event's memory is released at once";
  ASSERT_EQ(x.to_send.size(), 2u);
  EXPECT_EQ(x.to_send[0].body, "b");
  EXPECT_EQ(x.to_send[1].body, "c");
  EXPECT_EQ(q.snapshot().evicted, 1u);
}

TEST(EngineQueue, DropOldestNeverEvictsInFlightEvents) {
  EventQueue q(limits(1, 1000, OverflowPolicy::drop_oldest));
  push(q, "a");
  auto x = take(q, 1);  // "a" in flight
  EXPECT_EQ(push(q, "b"), PushStatus::queue_full);
  EXPECT_EQ(q.snapshot().evicted, 0u);
}

TEST(EngineQueue, AnEventLargerThanTheByteBudgetIsRefusedUnderEveryPolicy) {
  for (auto policy : {OverflowPolicy::drop_newest, OverflowPolicy::drop_oldest,
                      OverflowPolicy::block}) {
    EventQueue q(limits(10, 4, policy));
    push(q, "ab");
    const auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(push(q, "abcdefgh"), PushStatus::queue_full);
    EXPECT_LT(std::chrono::steady_clock::now() - start, 40ms) << "must not block in vain";
    EXPECT_EQ(q.snapshot().evicted, 0u);
  }
}

TEST(EngineQueue, BlockTimesOutWhenNoRoomAppears) {
  EventQueue q(limits(1, 1000, OverflowPolicy::block));
  push(q, "a");
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(push(q, "b"), PushStatus::queue_full);
  EXPECT_GE(std::chrono::steady_clock::now() - start, 45ms);
}

// Waits until @p producer is blocked inside push() (the queue counts it), failing if it
// returned instead.
void wait_until_blocked(const EventQueue& q, std::future<PushStatus>& producer) {
  while (q.snapshot().blocked_producers == 0) {
    ASSERT_NE(producer.wait_for(std::chrono::milliseconds(0)), std::future_status::ready)
        << "returned instead of blocking";
    std::this_thread::yield();
  }
}

TEST(EngineQueue, BlockAcceptsOnceTheWorkerFreesRoom) {
  QueueLimits l = limits(1, 1000, OverflowPolicy::block);
  l.block_timeout = 10s;
  EventQueue q(l);
  push(q, "a");
  auto x = take(q, 1);
  ASSERT_EQ(x.to_send.size(), 1u);
  auto producer = std::async(std::launch::async, [&] { return push(q, "b"); });
  wait_until_blocked(q, producer);
  x.to_send.clear();
  x.finished_events = 1;
  x.finished_bytes = 1;
  x.max_take = 0;
  q.exchange(x);
  EXPECT_EQ(producer.get(), PushStatus::accepted);
}

TEST(EngineQueue, CloseRefusesAndReleasesBlockedProducers) {
  QueueLimits l = limits(1, 1000, OverflowPolicy::block);
  l.block_timeout = 10s;
  EventQueue q(l);
  push(q, "a");
  auto producer = std::async(std::launch::async, [&] { return push(q, "b"); });
  wait_until_blocked(q, producer);
  q.close();
  EXPECT_EQ(producer.get(), PushStatus::closed);
  EXPECT_EQ(push(q, "c"), PushStatus::closed);
}

TEST(EngineQueue, SeqNumbersFollowAcceptanceAndSkipRefusals) {
  EventQueue q(limits(2, 1000, OverflowPolicy::drop_newest));
  std::uint64_t s1 = 0, s2 = 0, s3 = 0;
  q.push(make_event("a"), s1);
  q.push(make_event("b"), s2);
  EXPECT_EQ(q.push(make_event("c"), s3).status, PushStatus::queue_full);
  EXPECT_EQ(s1, 1u);
  EXPECT_EQ(s2, 2u);
  EXPECT_EQ(q.last_seq(), 2u);
}

TEST(EngineQueue, ReturnedEventsGoBackToTheFrontInAcceptanceOrder) {
  EventQueue q(limits(10, 1000, OverflowPolicy::drop_newest));
  for (auto s : {"a", "b", "c", "d"}) push(q, s);
  auto x = take(q, 2);  // a, b in flight
  ASSERT_EQ(x.to_send.size(), 2u);
  // They come back in reverse order (e.g. two 429s completing out of order).
  x.to_front.push_back(std::move(x.to_send[1]));
  x.to_front.push_back(std::move(x.to_send[0]));
  x.to_send.clear();
  x.max_take = 4;
  q.exchange(x);
  ASSERT_EQ(x.to_send.size(), 4u);
  EXPECT_EQ(x.to_send[0].body, "a");
  EXPECT_EQ(x.to_send[1].body, "b");
  EXPECT_EQ(x.to_send[2].body, "c");
  EXPECT_EQ(x.to_send[3].body, "d");
}

TEST(EngineQueue, DelayedEventsWaitForTheirRetryTimeThenGoFirst) {
  EventQueue q(limits(10, 1000, OverflowPolicy::drop_newest));
  push(q, "a");
  auto x = take(q, 1);
  QueuedEvent retry = std::move(x.to_send[0]);
  x.to_send.clear();
  retry.next_attempt = kT0 + 5s;
  x.to_delay.push_back(std::move(retry));
  push(q, "b");
  x.max_take = 1;
  x.now = kT0 + 1s;
  q.exchange(x);
  ASSERT_EQ(x.to_send.size(), 1u);
  EXPECT_EQ(x.to_send[0].body, "b") << "the retry is not due yet";
  EXPECT_EQ(x.next_due, kT0 + 5s);
  x.to_send.clear();
  x.now = kT0 + 5s;
  q.exchange(x);
  ASSERT_EQ(x.to_send.size(), 1u);
  EXPECT_EQ(x.to_send[0].body, "a");
}

TEST(EngineQueue, ExpiresOldEventsEvenWhenNothingMayBeSent) {
  EventQueue q(limits(10, 1000, OverflowPolicy::drop_newest));
  push(q, "old", kT0);
  push(q, "new", kT0 + 30s);
  auto x = take(q, 0, kT0 + 60s, 60s);
  ASSERT_EQ(x.expired.size(), 1u);
  EXPECT_EQ(x.expired[0].key.view(), "key-old");
  EXPECT_EQ(x.waiting, 1u);
  EXPECT_EQ(x.next_due, kT0 + 90s) << "wake up when the next one expires";
  EXPECT_EQ(q.snapshot().owned_events, 1u);
  EXPECT_EQ(q.snapshot().owned_bytes, 3u);
}

TEST(EngineQueue, PushAsksForAWakeupOnlyWhenTheWorkerRanDry) {
  EventQueue q(limits(100, 10000, OverflowPolicy::drop_newest));
  std::uint64_t seq = 0;
  EXPECT_FALSE(q.push(make_event("a"), seq).wake_worker) << "worker not idle yet";
  take(q, 8);  // took 1 of 8: the worker will block waiting for work
  EXPECT_TRUE(q.push(make_event("b"), seq).wake_worker);
  EXPECT_FALSE(q.push(make_event("c"), seq).wake_worker) << "one wakeup is enough";
  take(q, 0);  // paused worker: a new event cannot be sent anyway
  EXPECT_FALSE(q.push(make_event("d"), seq).wake_worker);
}

TEST(EngineQueue, DrainAllReturnsEveryWaitingEventAndReleasesTheBounds) {
  EventQueue q(limits(10, 1000, OverflowPolicy::drop_newest));
  push(q, "a");
  push(q, "b");
  auto x = take(q, 1);
  QueuedEvent retry = std::move(x.to_send[0]);
  x.to_send.clear();
  retry.next_attempt = kT0 + 5s;
  x.to_delay.push_back(std::move(retry));
  x.max_take = 0;
  q.exchange(x);
  std::vector<QueuedEvent> rest;
  q.drain_all(rest);
  EXPECT_EQ(rest.size(), 2u);
  EXPECT_EQ(q.snapshot().owned_events, 0u);
  EXPECT_EQ(q.snapshot().owned_bytes, 0u);
}

TEST(EngineQueue, TheQueuedEntryStaysCompact) {
  // The memory target (queued memory at most 2x the JSON size) needs a small fixed part:
  // the body's own allocation plus this.
  EXPECT_LE(sizeof(QueuedEvent), 112u);
  QueuedEvent e;
  e.key.assign("123e4567-e89b-42d3-a456-426614174000");
  EXPECT_EQ(e.key.view(), "123e4567-e89b-42d3-a456-426614174000");
}

}  // namespace
}  // namespace flameup::detail
