// close() and flush() deadlines at their worst: slow outcome callbacks, many threads closing
// at once, callbacks that call back into the engine, and timeouts at their limits (negative,
// zero, milliseconds::max()).

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "engine_harness.hpp"
#include "engine/event_queue.hpp"

namespace flameup::testing {
namespace {

using namespace std::chrono_literals;
using detail::EngineOptions;
using SteadyClock = std::chrono::steady_clock;

// Generous on a loaded 2-core machine under ThreadSanitizer, and still far below what the
// unbounded waits these tests guard against would take.
constexpr auto kSlack = 250ms;

// The close() grace past the deadline, as documented on Client::close.
constexpr auto kGrace = 50ms;

std::chrono::milliseconds elapsed_since(SteadyClock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - start);
}

void busy_wait(std::chrono::microseconds d) {
  const auto until = SteadyClock::now() + d;
  while (SteadyClock::now() < until) {
  }
}

TEST(EngineShutdown, CloseReturnsByItsDeadlineWhateverTheCallbackCosts) {
  EngineOptions o = fast_engine_options();
  o.limits.max_events = 20000;
  o.limits.max_bytes = 64 * 1024 * 1024;
  std::atomic<std::size_t> callbacks{0};
  auto h = std::make_unique<EngineHarness>(o, false, [&](const Outcome&, detail::DeliveryEngine&) {
    busy_wait(100us);  // 10,000 of these: a second of application code
    callbacks.fetch_add(1);
  });
  h->fake().hold_by_default(true);  // a server that never answers
  for (int i = 0; i < 10000; ++i) ASSERT_TRUE(h->enqueue(i).accepted());
  ASSERT_TRUE(h->fake().wait_for_held(4, 5s));
  const auto start = SteadyClock::now();
  h->engine().close(100ms);
  // Waiting for the callbacks would take a second; a loaded machine may add some scheduling
  // delay, hence twice the usual slack.
  EXPECT_LT(elapsed_since(start), 100ms + kGrace + 2 * kSlack);
  h.reset();  // waits for the callbacks still running
  EXPECT_EQ(callbacks.load(), 10000u) << "every outcome still reported";
}

TEST(EngineShutdown, ManyThreadsClosingAtOnceEachReturnByTheirOwnDeadline) {
  EngineHarness h(fast_engine_options());
  h.fake().hold_by_default(true);
  for (int i = 0; i < 20; ++i) h.enqueue(i);
  ASSERT_TRUE(h.fake().wait_for_held(4, 5s));

  auto patient = std::async(std::launch::async, [&] {
    const auto start = SteadyClock::now();
    h.engine().close(10s);
    return elapsed_since(start);
  });
  // Once enqueue() refuses, the patient close() is under way.
  while (h.enqueue(100).status != EnqueueStatus::closed) std::this_thread::yield();

  std::vector<std::future<std::chrono::milliseconds>> hasty;
  for (int t = 0; t < 8; ++t) {
    hasty.push_back(std::async(std::launch::async, [&] {
      const auto start = SteadyClock::now();
      h.engine().close(0ms);
      return elapsed_since(start);
    }));
  }
  for (auto& f : hasty) EXPECT_LT(f.get(), kGrace + kSlack);
  // The earliest deadline stops the delivery, so the patient caller is released too.
  EXPECT_LT(patient.get(), kGrace + kSlack);
  const Stats s = h.engine().stats();
  EXPECT_GE(s.enqueued, 20u);
  EXPECT_EQ(s.dropped.shutdown, s.enqueued);
}

TEST(EngineShutdown, CloseFromACallbackReturnsAtOnceAndShutsDownAfterIt) {
  std::atomic<long long> close_took_ms{-1};
  auto h = std::make_unique<EngineHarness>(
      fast_engine_options(), false, [&](const Outcome&, detail::DeliveryEngine& engine) {
        if (close_took_ms.load() >= 0) return;
        const auto start = SteadyClock::now();
        engine.close(5s);
        close_took_ms = elapsed_since(start).count();
      });
  // The first outcome closes the client, so not all 50 may be accepted.
  std::size_t accepted = 0;
  for (int i = 0; i < 50; ++i) accepted += h->enqueue(i).accepted() ? 1 : 0;
  ASSERT_TRUE(h->wait_outcomes(accepted, 10s));
  EXPECT_GE(close_took_ms.load(), 0);
  EXPECT_LT(close_took_ms.load(), 100) << "it cannot wait for its own thread";
  EXPECT_EQ(h->enqueue(99).status, EnqueueStatus::closed);
  h.reset();  // joins a worker that was never detached (AddressSanitizer checks the rest)
}

TEST(EngineShutdown, FlushFromACallbackReturnsAtOnce) {
  std::atomic<long long> flush_took_ms{-1};
  std::atomic<bool> flush_result{true};
  EngineHarness h(fast_engine_options(), false, [&](const Outcome&, detail::DeliveryEngine& engine) {
    if (flush_took_ms.load() >= 0) return;
    const auto start = SteadyClock::now();
    flush_result = engine.flush(10s);
    flush_took_ms = elapsed_since(start).count();
  });
  h.enqueue(0);
  ASSERT_TRUE(h.wait_outcomes(1, 10s));
  ASSERT_TRUE(h.engine().flush(10s));
  EXPECT_LT(flush_took_ms.load(), 100) << "waiting would wait for itself";
  EXPECT_FALSE(flush_result.load()) << "its own event is not finished while it is reported";
}

TEST(EngineShutdown, EnqueueFromACallbackNeverBlocksEvenWithTheBlockPolicy) {
  EngineOptions o = fast_engine_options();
  o.limits.max_events = 2;
  o.limits.policy = OverflowPolicy::block;
  o.limits.block_timeout = 10s;
  std::atomic<long long> enqueue_took_ms{-1};
  std::atomic<int> last_status{-1};
  EngineHarness h(o, false, [&](const Outcome&, detail::DeliveryEngine& engine) {
    if (enqueue_took_ms.load() >= 0) return;
    const auto start = SteadyClock::now();
    // Fill the queue from the callback, one more than fits: only this thread could make room.
    EnqueueStatus status = EnqueueStatus::accepted;
    for (int i = 0; i < 3 && status == EnqueueStatus::accepted; ++i) {
      detail::PreparedEvent extra;
      extra.body = R"({"extra":true})";
      extra.idempotency_key = "key-extra-" + std::to_string(i);
      status = engine.enqueue(std::move(extra)).status;
    }
    last_status = static_cast<int>(status);
    enqueue_took_ms = elapsed_since(start).count();
  });
  h.fake().push_reply(ok_reply());
  h.fake().hold_by_default(true);
  h.enqueue(0);
  ASSERT_TRUE(h.wait_outcomes(1, 10s));
  while (enqueue_took_ms.load() < 0) std::this_thread::yield();
  EXPECT_LT(enqueue_took_ms.load(), 1000) << "the block policy must not block the worker";
  EXPECT_EQ(last_status.load(), static_cast<int>(EnqueueStatus::queue_full));
}

TEST(EngineShutdown, FlushWithTheLargestTimeoutWaitsInsteadOfFailingAtOnce) {
  EngineHarness h(fast_engine_options());
  h.fake().hold_by_default(true);
  h.enqueue(0);
  ASSERT_TRUE(h.fake().wait_for_held(1, 5s));
  auto flushed = std::async(std::launch::async,
                            [&] { return h.engine().flush(std::chrono::milliseconds::max()); });
  h.fake().hold_by_default(false);
  h.fake().release_held(ok_reply());
  EXPECT_TRUE(flushed.get());
}

TEST(EngineShutdown, NegativeTimeoutsCountAsZero) {
  EngineHarness h(fast_engine_options());
  h.fake().hold_by_default(true);
  h.enqueue(0);
  ASSERT_TRUE(h.fake().wait_for_held(1, 5s));
  auto start = SteadyClock::now();
  EXPECT_FALSE(h.engine().flush(-5ms));
  EXPECT_LT(elapsed_since(start), kSlack);
  start = SteadyClock::now();
  h.engine().close(std::chrono::milliseconds::min());
  EXPECT_LT(elapsed_since(start), kGrace + kSlack);
  EXPECT_EQ(h.engine().stats().dropped.shutdown, 1u);
}

TEST(EngineShutdown, CloseWithTheLargestTimeoutReturnsWhenTheWorkIsDone) {
  EngineHarness h(fast_engine_options());
  for (int i = 0; i < 10; ++i) h.enqueue(i);
  h.engine().close(std::chrono::milliseconds::max());
  EXPECT_EQ(h.engine().stats().delivered, 10u);
}

TEST(EngineShutdown, TheLargestMaxEventAgeNeverExpiresAnything) {
  ClientOptions client;
  client.max_event_age = std::chrono::milliseconds::max();
  client.auth_retry_interval = std::chrono::milliseconds::max();
  client.max_retry_after = std::chrono::milliseconds::max();
  EngineOptions o = EngineOptions::from(client);
  o.initial_backoff = 1ms;
  o.max_backoff = 5ms;
  EngineHarness h(o, /*manual_clock=*/true);
  h.fake().hold_by_default(true);
  h.enqueue(0);
  h.enqueue(1);
  ASSERT_TRUE(h.fake().wait_until_worker_waits());
  h.clock().advance(std::chrono::hours(24 * 365));
  ASSERT_TRUE(h.fake().wait_until_worker_waits());
  EXPECT_EQ(h.engine().stats().expired, 0u);
  h.fake().hold_by_default(false);
  h.fake().release_held(ok_reply());
  ASSERT_TRUE(h.engine().flush(5s));
  EXPECT_EQ(h.engine().stats().delivered, 2u);
}

TEST(EngineShutdown, TheLargestBlockTimeoutWaitsForRoom) {
  ClientOptions client;
  client.enqueue_block_timeout = std::chrono::milliseconds::max();
  client.overflow_policy = OverflowPolicy::block;
  client.max_queue_events = 1;
  detail::EventQueue queue(EngineOptions::from(client).limits);
  std::uint64_t seq = 0;
  detail::QueuedEvent first;
  first.body = "{}";
  ASSERT_EQ(queue.push(std::move(first), seq).status, detail::PushStatus::accepted);
  auto second = std::async(std::launch::async, [&] {
    detail::QueuedEvent event;
    event.body = "{}";
    std::uint64_t s = 0;
    return queue.push(std::move(event), s).status;
  });
  // Only a producer that waits can still be pending: one that computed a deadline in the
  // past would have returned queue_full already.
  while (queue.snapshot().blocked_producers == 0) {
    ASSERT_NE(second.wait_for(0ms), std::future_status::ready) << "gave up at once";
    std::this_thread::yield();
  }
  detail::WorkerExchange x;
  x.max_take = 1;
  x.max_age = std::chrono::hours(1);
  queue.exchange(x);  // takes the first event
  ASSERT_EQ(x.to_send.size(), 1u);
  x.to_send.clear();
  x.finished_events = 1;
  x.finished_bytes = 2;
  queue.exchange(x);  // its outcome: room for the second
  EXPECT_EQ(second.get(), detail::PushStatus::accepted);
}

}  // namespace
}  // namespace flameup::testing
