// DeliveryEngine against the fake transport: outcomes exactly once, retries with the same
// key, backoff and pauses in engine time (manual clock), flush/close deadlines, overflow,
// concurrency, and the enqueue fast path (no wakeup syscall per event).

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "engine_harness.hpp"

namespace flameup::testing {
namespace {

using namespace std::chrono_literals;
using detail::EngineOptions;
using detail::TransportStatus;

TEST(EngineDelivery, EveryAcceptedEventIsDeliveredWithExactlyOneOutcome) {
  EngineHarness h(fast_engine_options());
  for (int i = 0; i < 50; ++i) {
    const EnqueueResult r = h.enqueue(i);
    ASSERT_TRUE(r.accepted());
    EXPECT_EQ(r.id, EngineHarness::key_of(i));
  }
  ASSERT_TRUE(h.engine().flush(10s));
  const auto by_id = h.outcomes_by_id();
  ASSERT_EQ(by_id.size(), 50u);
  for (const auto& [id, outcome] : by_id) {
    EXPECT_EQ(outcome.kind, OutcomeKind::delivered) << id;
    EXPECT_EQ(outcome.event_id, "evt_fake");
    EXPECT_EQ(outcome.http_status, 200);
    EXPECT_EQ(outcome.attempts, 1);
  }
  const Stats s = h.engine().stats();
  EXPECT_EQ(s.enqueued, 50u);
  EXPECT_EQ(s.delivered, 50u);
  EXPECT_EQ(s.queued, 0u);
  EXPECT_EQ(s.in_flight, 0u);
  EXPECT_EQ(h.fake().request_count(), 50u);
}

TEST(EngineDelivery, FlushWaitsOnlyForEventsAcceptedBeforeIt) {
  EngineHarness h(fast_engine_options());
  h.fake().hold_by_default(true);
  h.enqueue(1);
  ASSERT_TRUE(h.fake().wait_for_held(1, 5s));
  EXPECT_FALSE(h.engine().flush(30ms)) << "the only event is still in flight";
  h.fake().release_held(ok_reply("evt_1"));
  EXPECT_TRUE(h.engine().flush(5s));
  ASSERT_EQ(h.outcomes().size(), 1u) << "flush returns after the outcome callback ran";
  EXPECT_EQ(h.outcomes()[0].event_id, "evt_1");
}

TEST(EngineDelivery, FlushWithNothingQueuedReturnsAtOnce) {
  EngineHarness h(fast_engine_options());
  EXPECT_TRUE(h.engine().flush(0ms));
  EXPECT_EQ(h.fake().transports_made(), 0u) << "no thread or transport before the first enqueue";
}

TEST(EngineDelivery, RetriesKeepTheSameIdempotencyKey) {
  EngineHarness h(fast_engine_options());
  h.fake().push_reply(status_reply(503));
  h.fake().push_reply(transport_failure(TransportStatus::receive_failed));
  h.fake().push_reply(status_reply(500));
  h.enqueue(7);
  ASSERT_TRUE(h.engine().flush(10s));
  const auto requests = h.fake().requests();
  ASSERT_EQ(requests.size(), 4u);
  for (const auto& r : requests) {
    EXPECT_EQ(header_of(r.request, "Idempotency-Key"), "key-7");
    EXPECT_EQ(r.request.body, R"({"n":7})");
  }
  const auto outcomes = h.outcomes();
  ASSERT_EQ(outcomes.size(), 1u);
  EXPECT_EQ(outcomes[0].kind, OutcomeKind::delivered);
  EXPECT_EQ(outcomes[0].attempts, 4);
  EXPECT_EQ(h.engine().stats().retried, 3u);
}

TEST(EngineDelivery, ARetryWaitsForItsBackoffInEngineTime) {
  EngineOptions o = fast_engine_options();
  o.initial_backoff = 10s;
  o.max_backoff = 10s;
  EngineHarness h(o, /*manual_clock=*/true);
  h.fake().push_reply(status_reply(503));
  h.enqueue(1);
  ASSERT_TRUE(h.fake().wait_for_requests(1, 5s));
  // Full jitter: the retry comes somewhere in [0, 10 s]. Step through time; it must not come
  // later than the cap, and it must come exactly once.
  for (int step = 0; step < 11 && h.fake().request_count() < 2; ++step) {
    ASSERT_TRUE(h.fake().wait_until_worker_waits());
    h.clock().advance(1s);
  }
  ASSERT_TRUE(h.fake().wait_for_requests(2, 5s));
  const auto requests = h.fake().requests();
  EXPECT_LE(requests[1].engine_time - requests[0].engine_time, 10s + 1s);
  ASSERT_TRUE(h.engine().flush(5s));
  EXPECT_EQ(h.fake().request_count(), 2u);
}

TEST(EngineDelivery, MaxDeliveryAttemptsDropsWithRetriesExhausted) {
  EngineOptions o = fast_engine_options();
  o.max_delivery_attempts = 3;
  EngineHarness h(o);
  h.fake().set_default_reply(status_reply(503, R"({"error":{"code":"down","message":"down"}})"));
  h.enqueue(1);
  ASSERT_TRUE(h.engine().flush(10s));
  const auto outcomes = h.outcomes();
  ASSERT_EQ(outcomes.size(), 1u);
  EXPECT_EQ(outcomes[0].kind, OutcomeKind::dropped);
  EXPECT_EQ(outcomes[0].drop_reason, DropReason::retries_exhausted);
  EXPECT_EQ(outcomes[0].attempts, 3);
  EXPECT_EQ(outcomes[0].http_status, 503);
  EXPECT_EQ(outcomes[0].error.code, ErrorCode::server_error);
  EXPECT_EQ(h.fake().request_count(), 3u);
  EXPECT_EQ(h.engine().stats().dropped.retries_exhausted, 1u);
  EXPECT_EQ(h.engine().stats().queued_bytes, 0u);
}

TEST(EngineDelivery, A429DoesNotUseUpDeliveryAttempts) {
  EngineOptions o = fast_engine_options();
  o.max_delivery_attempts = 1;
  EngineHarness h(o, /*manual_clock=*/true);
  h.fake().push_reply(status_reply(429, "", {{"retry-after", "1"}}), 3);
  h.enqueue(1);
  for (std::size_t n = 2; n <= 4; ++n) {
    ASSERT_TRUE(h.fake().wait_for_requests(n - 1, 5s));
    ASSERT_TRUE(h.fake().wait_until_worker_waits());
    h.clock().advance(1s);
  }
  ASSERT_TRUE(h.engine().flush(5s));
  const auto outcomes = h.outcomes();
  ASSERT_EQ(outcomes.size(), 1u);
  EXPECT_EQ(outcomes[0].kind, OutcomeKind::delivered);
  EXPECT_EQ(outcomes[0].attempts, 4);
}

TEST(EngineDelivery, A429PausesTheWholeClientUntilRetryAfter) {
  EngineOptions o = fast_engine_options();
  o.max_in_flight = 1;
  EngineHarness h(o, /*manual_clock=*/true);
  h.fake().push_reply(status_reply(429, R"({"error":"Rate limit exceeded"})", {{"retry-after", "5"}}));
  for (int i = 0; i < 3; ++i) h.enqueue(i);
  ASSERT_TRUE(h.fake().wait_for_requests(1, 5s));
  ASSERT_TRUE(h.fake().wait_until_worker_waits());
  h.clock().advance(4s);
  ASSERT_TRUE(h.fake().wait_until_worker_waits());
  EXPECT_EQ(h.fake().request_count(), 1u) << "no event may go out during the pause";
  ASSERT_TRUE(h.fake().wait_until_worker_waits());
  h.clock().advance(1s);
  ASSERT_TRUE(h.engine().flush(5s));
  const auto requests = h.fake().requests();
  ASSERT_EQ(requests.size(), 4u);
  EXPECT_EQ(header_of(requests[1].request, "Idempotency-Key"), "key-0")
      << "the rate-limited event keeps its place at the front";
  EXPECT_GE(requests[1].engine_time - requests[0].engine_time, 5s);
  const auto errors = h.delivery_errors();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, ErrorCode::rate_limited);
  EXPECT_EQ(h.engine().stats().last_error.code, ErrorCode::rate_limited);
}

TEST(EngineDelivery, RemainingZeroHoldsFurtherRequestsUntilTheReset) {
  EngineOptions o = fast_engine_options();
  o.max_in_flight = 1;
  EngineHarness h(o, /*manual_clock=*/true);
  auto reply = ok_reply("evt_first");
  reply.headers = {{"x-ratelimit-limit", "120"},
                   {"x-ratelimit-remaining", "0"},
                   {"x-ratelimit-reset", reset_header_in(h.clock(), 10s)}};
  h.fake().push_reply(reply);
  h.enqueue(1);
  h.enqueue(2);
  ASSERT_TRUE(h.fake().wait_for_requests(1, 5s));
  ASSERT_TRUE(h.wait_outcomes(1, 5s));
  ASSERT_TRUE(h.fake().wait_until_worker_waits());
  h.clock().advance(9s);
  ASSERT_TRUE(h.fake().wait_until_worker_waits());
  EXPECT_EQ(h.fake().request_count(), 1u) << "must wait for the reset, not for a 429";
  ASSERT_TRUE(h.fake().wait_until_worker_waits());
  h.clock().advance(2s);
  ASSERT_TRUE(h.engine().flush(5s));
  const auto requests = h.fake().requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_GE(requests[1].engine_time - requests[0].engine_time, 10s);
  EXPECT_EQ(h.engine().stats().rate_limit.remaining, 0);
  EXPECT_EQ(h.engine().stats().rate_limit.limit, 120);
}

TEST(EngineDelivery, ADemandBeyondTheRemainingBudgetIsSpreadOverTheWindow) {
  EngineOptions o = fast_engine_options();
  o.max_in_flight = 1;  // the 6 events all wait while the first request is open
  EngineHarness h(o, /*manual_clock=*/true);
  auto reply = ok_reply();
  reply.headers = {{"x-ratelimit-limit", "120"},
                   {"x-ratelimit-remaining", "4"},
                   {"x-ratelimit-reset", reset_header_in(h.clock(), 8s)}};
  h.fake().push_hold();
  for (int i = 0; i <= 6; ++i) h.enqueue(i);
  ASSERT_TRUE(h.fake().wait_for_held(1, 5s));
  h.fake().release_held(reply);
  // 6 waiting, 4 left for 8-9 s: about one every 2-2.25 s, not a burst; the last two wait
  // for the new window.
  ASSERT_TRUE(h.fake().wait_until_worker_waits());
  EXPECT_EQ(h.fake().request_count(), 1u);
  for (int step = 0; step < 60 && h.fake().request_count() < 7; ++step) {
    ASSERT_TRUE(h.fake().wait_until_worker_waits());
    h.clock().advance(250ms);
  }
  ASSERT_TRUE(h.engine().flush(5s));
  const auto requests = h.fake().requests();
  ASSERT_EQ(requests.size(), 7u);
  for (std::size_t i = 1; i <= 4; ++i) {
    EXPECT_GE(requests[i].engine_time - requests[i - 1].engine_time, 2s) << i;
    EXPECT_LE(requests[i].engine_time - requests[i - 1].engine_time, 2500ms) << i;
  }
  EXPECT_GE(requests[5].engine_time - requests[0].engine_time, 8s) << "budget spent: wait for the reset";
}

TEST(EngineDelivery, AuthFailurePausesReportsAndProbesWithOneRequest) {
  EngineOptions o = fast_engine_options();
  o.auth_retry_interval = 30s;
  EngineHarness h(o, /*manual_clock=*/true);
  h.fake().set_default_reply(
      status_reply(401, R"({"error":{"code":"unauthorized","message":"Invalid or missing API key"}})"));
  for (int i = 0; i < 6; ++i) h.enqueue(i);
  ASSERT_TRUE(h.fake().wait_for_requests(1, 5s));
  // The requests already on the wire (max_in_flight 4) come back 401; then the engine stops.
  ASSERT_TRUE(h.fake().wait_until_worker_waits());
  const std::size_t before_pause = h.fake().request_count();
  EXPECT_LE(before_pause, 4u);
  EXPECT_TRUE(h.engine().stats().auth_paused);
  EXPECT_EQ(h.engine().stats().last_error.code, ErrorCode::unauthorized);
  EXPECT_EQ(h.engine().stats().queued, 6u) << "events are kept, not rejected";
  EXPECT_TRUE(h.outcomes().empty());
  h.clock().advance(20s);
  ASSERT_TRUE(h.fake().wait_until_worker_waits());
  EXPECT_EQ(h.fake().request_count(), before_pause) << "paused: no spinning";
  ASSERT_EQ(h.delivery_errors().size(), 1u) << "reported once, not once per event";
  EXPECT_EQ(h.delivery_errors()[0].code, ErrorCode::unauthorized);

  // After the interval: exactly one probe, even with max_in_flight 4 and events waiting.
  h.fake().hold_by_default(true);
  ASSERT_TRUE(h.fake().wait_until_worker_waits());
  h.clock().advance(10s);
  ASSERT_TRUE(h.fake().wait_for_held(1, 5s));
  ASSERT_TRUE(h.fake().wait_until_worker_waits());
  EXPECT_EQ(h.fake().held_count(), 1u);
  h.fake().set_default_reply(ok_reply());
  h.fake().hold_by_default(false);
  h.fake().release_held(ok_reply());
  ASSERT_TRUE(h.engine().flush(5s));
  EXPECT_FALSE(h.engine().stats().auth_paused);
  const auto by_id = h.outcomes_by_id();
  ASSERT_EQ(by_id.size(), 6u);
  for (const auto& [id, outcome] : by_id) EXPECT_EQ(outcome.kind, OutcomeKind::delivered) << id;
}

TEST(EngineDelivery, RejectedCarriesTheServersMessageAndFields) {
  EngineHarness h(fast_engine_options());
  h.fake().push_reply(status_reply(
      422, R"({"error":{"code":"validation_error","message":"Validation failed",)"
           R"("details":{"fields":{"userId":"Required field"}}}})"));
  h.enqueue(1);
  ASSERT_TRUE(h.engine().flush(5s));
  const auto outcomes = h.outcomes();
  ASSERT_EQ(outcomes.size(), 1u);
  EXPECT_EQ(outcomes[0].kind, OutcomeKind::rejected);
  EXPECT_EQ(outcomes[0].http_status, 422);
  EXPECT_EQ(outcomes[0].attempts, 1);
  EXPECT_EQ(outcomes[0].error.message, "Validation failed");
  EXPECT_EQ(outcomes[0].error.field_errors.at("userId"), "Required field");
  EXPECT_EQ(h.fake().request_count(), 1u) << "a 422 is never retried";
  EXPECT_EQ(h.engine().stats().rejected, 1u);
}

TEST(EngineDelivery, MaxEventAgeExpiresEventsThatCannotBeDelivered) {
  EngineOptions o = fast_engine_options();
  o.max_event_age = 60s;
  o.initial_backoff = 1s;
  o.max_backoff = 4s;
  EngineHarness h(o, /*manual_clock=*/true);
  h.fake().set_default_reply(status_reply(503));
  h.enqueue(1);
  ASSERT_TRUE(h.fake().wait_for_requests(1, 5s));
  for (int step = 0; step < 70 && h.outcomes().empty(); ++step) {
    ASSERT_TRUE(h.fake().wait_until_worker_waits());
    h.clock().advance(1s);
  }
  ASSERT_TRUE(h.wait_outcomes(1, 5s));
  const auto outcomes = h.outcomes();
  EXPECT_EQ(outcomes[0].kind, OutcomeKind::expired);
  EXPECT_EQ(outcomes[0].error.code, ErrorCode::expired);
  EXPECT_EQ(outcomes[0].http_status, 503);
  EXPECT_GT(outcomes[0].attempts, 1);
  EXPECT_EQ(h.engine().stats().expired, 1u);
}

TEST(EngineDelivery, WaitingEventsExpireDuringAnAuthPause) {
  EngineOptions o = fast_engine_options();
  o.max_event_age = 10s;
  o.auth_retry_interval = 60s;
  o.max_in_flight = 1;
  EngineHarness h(o, /*manual_clock=*/true);
  h.fake().set_default_reply(status_reply(403));
  h.enqueue(1);
  h.enqueue(2);
  ASSERT_TRUE(h.fake().wait_for_requests(1, 5s));
  ASSERT_TRUE(h.fake().wait_until_worker_waits());
  h.clock().advance(11s);
  ASSERT_TRUE(h.wait_outcomes(2, 5s));
  for (const auto& outcome : h.outcomes()) EXPECT_EQ(outcome.kind, OutcomeKind::expired);
  EXPECT_EQ(h.fake().request_count(), 1u);
}

TEST(EngineDelivery, CloseReturnsByItsDeadlineAndDropsWhatIsLeft) {
  EngineOptions o = fast_engine_options();
  o.max_in_flight = 2;
  EngineHarness h(o);
  h.fake().hold_by_default(true);  // a server that never answers
  for (int i = 0; i < 5; ++i) h.enqueue(i);
  ASSERT_TRUE(h.fake().wait_for_held(2, 5s));
  const auto start = std::chrono::steady_clock::now();
  h.engine().close(100ms);
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_GE(took, 95ms);
  EXPECT_LT(took, 1s);
  const auto by_id = h.outcomes_by_id();
  ASSERT_EQ(by_id.size(), 5u);
  for (const auto& [id, outcome] : by_id) {
    EXPECT_EQ(outcome.kind, OutcomeKind::dropped) << id;
    EXPECT_EQ(outcome.drop_reason, DropReason::shutdown) << id;
  }
  EXPECT_EQ(h.fake().aborted_count(), 2u);
  const Stats s = h.engine().stats();
  EXPECT_EQ(s.dropped.shutdown, 5u);
  EXPECT_EQ(s.queued, 0u);
  EXPECT_EQ(s.in_flight, 0u);
  EXPECT_EQ(s.queued_bytes, 0u);
}

TEST(EngineDelivery, CloseDeliversWhatItCanBeforeTheDeadlineAndReturnsEarly) {
  EngineHarness h(fast_engine_options());
  for (int i = 0; i < 20; ++i) h.enqueue(i);
  const auto start = std::chrono::steady_clock::now();
  h.engine().close(10s);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
  EXPECT_EQ(h.engine().stats().delivered, 20u);
  EXPECT_EQ(h.outcomes().size(), 20u);
}

TEST(EngineDelivery, CloseIsIdempotentAndRefusesLaterEvents) {
  EngineHarness h(fast_engine_options());
  h.enqueue(1);
  h.engine().close(5s);
  h.engine().close(5s);
  const EnqueueResult r = h.enqueue(2);
  EXPECT_EQ(r.status, EnqueueStatus::closed);
  EXPECT_EQ(r.error.code, ErrorCode::closed);
  EXPECT_TRUE(h.engine().flush(0ms));
  EXPECT_EQ(h.outcomes().size(), 1u);
}

TEST(EngineDelivery, CloseBeforeAnyEnqueueStartsNothing) {
  EngineHarness h(fast_engine_options());
  h.engine().close(1s);
  EXPECT_EQ(h.enqueue(1).status, EnqueueStatus::closed);
  EXPECT_EQ(h.fake().transports_made(), 0u);
}

TEST(EngineDelivery, DropOldestReportsTheEvictedEvent) {
  EngineOptions o = fast_engine_options();
  o.max_in_flight = 1;
  o.limits.max_events = 3;
  o.limits.policy = OverflowPolicy::drop_oldest;
  EngineHarness h(o);
  h.fake().hold_by_default(true);
  h.enqueue(0);  // goes in flight and stays there
  ASSERT_TRUE(h.fake().wait_for_held(1, 5s));
  h.enqueue(1);
  h.enqueue(2);
  ASSERT_TRUE(h.enqueue(3).accepted());  // evicts 1, the oldest waiting
  ASSERT_TRUE(h.wait_outcomes(1, 5s));
  EXPECT_EQ(h.outcomes()[0].id, "key-1");
  EXPECT_EQ(h.outcomes()[0].kind, OutcomeKind::dropped);
  EXPECT_EQ(h.outcomes()[0].drop_reason, DropReason::evicted);
  h.fake().hold_by_default(false);
  h.fake().release_held(ok_reply());
  ASSERT_TRUE(h.engine().flush(5s));
  const auto by_id = h.outcomes_by_id();
  ASSERT_EQ(by_id.size(), 4u);
  EXPECT_EQ(by_id.at("key-0").kind, OutcomeKind::delivered);
  EXPECT_EQ(by_id.at("key-2").kind, OutcomeKind::delivered);
  EXPECT_EQ(by_id.at("key-3").kind, OutcomeKind::delivered);
  EXPECT_EQ(h.engine().stats().dropped.evicted, 1u);
}

TEST(EngineDelivery, DropNewestRefusesAndCountsWithoutAnOutcome) {
  EngineOptions o = fast_engine_options();
  o.max_in_flight = 1;
  o.limits.max_events = 2;
  EngineHarness h(o);
  h.fake().hold_by_default(true);
  h.enqueue(0);
  h.enqueue(1);
  const EnqueueResult r = h.enqueue(2);
  EXPECT_EQ(r.status, EnqueueStatus::queue_full);
  EXPECT_EQ(r.error.code, ErrorCode::queue_full);
  EXPECT_TRUE(r.id.empty());
  EXPECT_EQ(h.engine().stats().dropped.queue_full, 1u);
  EXPECT_EQ(h.engine().stats().enqueued, 2u);
}

TEST(EngineDelivery, NeverMoreThanMaxInFlightRequestsAtOnce) {
  EngineOptions o = fast_engine_options();
  o.max_in_flight = 3;
  EngineHarness h(o);
  h.fake().hold_by_default(true);
  for (int i = 0; i < 10; ++i) h.enqueue(i);
  ASSERT_TRUE(h.fake().wait_for_held(3, 5s));
  ASSERT_TRUE(h.fake().wait_until_worker_waits());
  EXPECT_EQ(h.fake().held_count(), 3u);
  EXPECT_EQ(h.engine().stats().in_flight, 3u);
  EXPECT_EQ(h.engine().stats().queued, 7u);
  h.fake().hold_by_default(false);
  h.fake().release_held(ok_reply());
  ASSERT_TRUE(h.engine().flush(5s));
  EXPECT_EQ(h.fake().max_in_flight_seen(), 3u);
  EXPECT_EQ(h.outcomes().size(), 10u);
}

TEST(EngineDelivery, EnqueueDoesNotWakeABusyWorker) {
  EngineOptions o = fast_engine_options();
  o.max_in_flight = 2;
  EngineHarness h(o);
  h.fake().hold_by_default(true);
  h.enqueue(0);
  h.enqueue(1);
  ASSERT_TRUE(h.fake().wait_for_held(2, 5s));
  const std::size_t before = h.fake().wakeup_calls();
  for (int i = 2; i < 500; ++i) ASSERT_TRUE(h.enqueue(i).accepted());
  EXPECT_EQ(h.fake().wakeup_calls(), before) << "the worker cannot send more: no syscall";
  h.fake().hold_by_default(false);
  h.fake().release_held(ok_reply());
  ASSERT_TRUE(h.engine().flush(10s));
  EXPECT_EQ(h.outcomes().size(), 500u);
}

TEST(EngineDelivery, AnIdleWorkerIsWokenByTheNextEnqueue) {
  EngineHarness h(fast_engine_options());
  h.enqueue(0);
  ASSERT_TRUE(h.engine().flush(5s));
  const std::size_t before = h.fake().wakeup_calls();
  h.enqueue(1);
  ASSERT_TRUE(h.engine().flush(5s)) << "the idle worker must notice the new event at once";
  EXPECT_EQ(h.fake().wakeup_calls(), before + 1);
}

TEST(EngineDelivery, ThrowingCallbacksDoNotStopDelivery) {
  EngineOptions o = fast_engine_options();
  std::atomic<int> calls{0};
  o.on_outcome = [&](const Outcome&) {
    ++calls;
    throw std::runtime_error("user bug");
  };
  auto fake = std::make_shared<FakeTransport>();
  detail::DeliveryEngine engine(
      o,
      [](const detail::PreparedEvent& e) {
        detail::HttpRequest r;
        r.body = e.body;
        return r;
      },
      fake->factory(), nullptr, nullptr);
  for (int i = 0; i < 3; ++i) {
    detail::PreparedEvent e;
    e.body = "{}";
    e.idempotency_key = "k" + std::to_string(i);
    ASSERT_TRUE(engine.enqueue(std::move(e)).accepted());
  }
  EXPECT_TRUE(engine.flush(5s));
  EXPECT_EQ(calls.load(), 3);
  engine.close(1s);
}

TEST(EngineDelivery, ManyThreadsEnqueueingAreAllDeliveredExactlyOnce) {
  EngineOptions o = fast_engine_options();
  o.max_in_flight = 8;
  o.limits.max_events = 20000;
  EngineHarness h(o);
  constexpr int kThreads = 8;
  constexpr int kPerThread = 2000;
  std::vector<std::thread> threads;
  std::atomic<int> refused{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        if (!h.enqueue(t * kPerThread + i).accepted()) ++refused;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(refused.load(), 0);
  ASSERT_TRUE(h.engine().flush(30s));
  const auto by_id = h.outcomes_by_id();
  EXPECT_EQ(by_id.size(), static_cast<std::size_t>(kThreads * kPerThread));
  EXPECT_EQ(h.outcomes().size(), by_id.size()) << "an event got two outcomes";
  std::set<std::string> keys;
  for (const auto& r : h.fake().requests()) keys.insert(header_of(r.request, "Idempotency-Key"));
  EXPECT_EQ(keys.size(), static_cast<std::size_t>(kThreads * kPerThread));
  EXPECT_EQ(h.fake().request_count(), static_cast<std::size_t>(kThreads * kPerThread));
  EXPECT_EQ(h.engine().stats().delivered, static_cast<std::uint64_t>(kThreads * kPerThread));
}

TEST(EngineDelivery, AnOutageKeepsMemoryBoundedAndLosesNothing) {
  EngineOptions o = fast_engine_options();
  o.limits.max_events = 100;
  o.limits.max_bytes = 100 * 16;
  EngineHarness h(o);
  h.fake().set_default_reply(transport_failure(TransportStatus::connect_failed));
  std::size_t accepted = 0;
  for (int i = 0; i < 300; ++i) accepted += h.enqueue(i).accepted() ? 1 : 0;
  ASSERT_TRUE(h.fake().wait_for_requests(50, 5s));
  for (int i = 0; i < 20; ++i) {
    const Stats s = h.engine().stats();
    EXPECT_LE(s.queued + s.in_flight, 100u);
    EXPECT_LE(s.queued_bytes, 100u * 16u);
    h.fake().wait_for_requests(h.fake().request_count() + 5, 10ms);
  }
  EXPECT_EQ(h.engine().stats().dropped.queue_full, 300u - accepted);
  h.fake().set_default_reply(ok_reply());
  ASSERT_TRUE(h.engine().flush(10s));
  const auto by_id = h.outcomes_by_id();
  EXPECT_EQ(by_id.size(), accepted);
  for (const auto& [id, outcome] : by_id) EXPECT_EQ(outcome.kind, OutcomeKind::delivered) << id;
}

}  // namespace
}  // namespace flameup::testing
