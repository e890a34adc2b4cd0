// OutcomeTracker: the flush watermark with out-of-order outcomes, exactly-once detection,
// timeouts, and the counters behind stats().

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <thread>

#include "engine/outcome_tracker.hpp"

namespace flameup::detail {
namespace {

using namespace std::chrono_literals;

TEST(EngineOutcomeTracker, WatermarkAdvancesOnlyOverAContiguousPrefix) {
  OutcomeTracker t;
  EXPECT_TRUE(t.finish(2));
  EXPECT_TRUE(t.finish(3));
  EXPECT_EQ(t.finished_through(), 0u) << "seq 1 is still pending";
  EXPECT_TRUE(t.finish(1));
  EXPECT_EQ(t.finished_through(), 3u);
  EXPECT_TRUE(t.finish(5));
  EXPECT_EQ(t.finished_through(), 3u);
}

TEST(EngineOutcomeTracker, ASecondOutcomeForTheSameEventIsDetected) {
  OutcomeTracker t;
  EXPECT_TRUE(t.finish(2));
  EXPECT_FALSE(t.finish(2));
  EXPECT_TRUE(t.finish(1));
  EXPECT_FALSE(t.finish(1));
}

TEST(EngineOutcomeTracker, WaitTimesOutWhileAnOlderEventIsPending) {
  OutcomeTracker t;
  t.finish(2);
  EXPECT_FALSE(t.wait_finished_through(2, std::chrono::steady_clock::now() + 20ms));
  EXPECT_TRUE(t.wait_finished_through(0, std::chrono::steady_clock::now()));
}

// Waits until @p n threads are inside wait_finished_through().
void wait_until_waiting(const OutcomeTracker& t, std::size_t n) {
  while (t.waiting() < n) std::this_thread::yield();
}

TEST(EngineOutcomeTracker, WaitReturnsWhenTheLastOutcomeArrives) {
  OutcomeTracker t;
  auto waiter = std::async(std::launch::async, [&] {
    return t.wait_finished_through(2, std::chrono::steady_clock::now() + 10s);
  });
  t.finish(2);
  wait_until_waiting(t, 1);
  ASSERT_NE(waiter.wait_for(0ms), std::future_status::ready) << "seq 1 has no outcome yet";
  t.finish(1);
  EXPECT_TRUE(waiter.get());
}

// finish() notifies only when the watermark reaches the smallest waiter's target; a waiter
// with a larger target must still be woken when its own target is reached later.
TEST(EngineOutcomeTracker, WaitersWithDifferentTargetsEachWakeAtTheirOwn) {
  OutcomeTracker t;
  auto near = std::async(std::launch::async, [&] {
    return t.wait_finished_through(1, std::chrono::steady_clock::now() + 10s);
  });
  auto far = std::async(std::launch::async, [&] {
    return t.wait_finished_through(3, std::chrono::steady_clock::now() + 10s);
  });
  t.finish(1);
  EXPECT_TRUE(near.get());
  t.finish(2);
  wait_until_waiting(t, 1);
  ASSERT_NE(far.wait_for(0ms), std::future_status::ready) << "seq 3 has no outcome yet";
  t.finish(3);
  EXPECT_TRUE(far.get());
  // A later waiter, after both left, sees the state without any notification.
  EXPECT_TRUE(t.wait_finished_through(3, std::chrono::steady_clock::now()));
}

TEST(EngineOutcomeTracker, CountsByKindAndDropReason) {
  OutcomeTracker t;
  Outcome o;
  o.kind = OutcomeKind::delivered;
  t.count(o);
  t.count(o);
  o.kind = OutcomeKind::rejected;
  t.count(o);
  o.kind = OutcomeKind::expired;
  t.count(o);
  o.kind = OutcomeKind::dropped;
  o.drop_reason = DropReason::evicted;
  t.count(o);
  o.drop_reason = DropReason::retries_exhausted;
  t.count(o);
  o.drop_reason = DropReason::shutdown;
  t.count(o);
  t.count(o);
  const OutcomeCounts c = t.counts();
  EXPECT_EQ(c.delivered, 2u);
  EXPECT_EQ(c.rejected, 1u);
  EXPECT_EQ(c.expired, 1u);
  EXPECT_EQ(c.evicted, 1u);
  EXPECT_EQ(c.retries_exhausted, 1u);
  EXPECT_EQ(c.shutdown, 2u);
}

}  // namespace
}  // namespace flameup::detail
