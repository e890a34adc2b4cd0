// Failures inside the SDK are reported as ErrorCode::internal with a message, never as
// something the server said. A program of its own: it replaces the global operator new so
// that the Nth allocation on the test's thread fails, and sweeps N over every allocation
// that track() and enqueue() make on the caller's thread.

#include <cstdlib>
#include <mutex>
#include <new>
#include <string>
#include <vector>

#include "core_test_support.hpp"

namespace {

// Armed only on the test's thread: the emulator's and the delivery thread's allocations never
// fail, so the failure lands exactly where the caller's thread allocates.
thread_local long t_allocations_until_failure = 0;  // 0: disarmed
thread_local bool t_failed = false;

// Runs @p call with its @p n th allocation failing; returns whether it got that far.
template <typename Call>
bool with_nth_allocation_failing(long n, Call&& call) {
  t_failed = false;
  t_allocations_until_failure = n;
  call();
  t_allocations_until_failure = 0;
  return t_failed;
}

}  // namespace

// GCC sees malloc'd memory reach free() through these (correct: they are the pair), but once
// it inlines them into callers it warns of a new/free mismatch.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void* operator new(std::size_t size) {
  if (t_allocations_until_failure > 0 && --t_allocations_until_failure == 0) {
    t_failed = true;
    throw std::bad_alloc();
  }
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
#pragma GCC diagnostic pop

using flameup::Client;
using flameup::EnqueueResult;
using flameup::EnqueueStatus;
using flameup::ErrorCode;
using flameup::TrackResult;
using flameup::core_test::EmulatorTest;

class AllocFailureTest : public EmulatorTest {};

TEST_F(AllocFailureTest, TrackReportsInternalErrorsAndNeverAServerOne) {
  auto o = options();
  o.log_level = flameup::LogLevel::debug;  // the logger allocates too
  o.logger = [](flameup::LogLevel, std::string_view) {};
  o.max_attempts = 1;  // a failed attempt is not hidden by a successful retry
  Client client(o);
  ASSERT_TRUE(client.track(event()).ok());  // the pool's connection is made

  int internal = 0;
  long n = 1;
  for (;; ++n) {
    TrackResult result;
    const auto e = event();
    if (!with_nth_allocation_failing(n, [&] { result = client.track(e); })) {
      EXPECT_TRUE(result.ok()) << "no allocation failed, yet: " << result.error.message;
      break;
    }
    if (result.ok()) continue;  // absorbed: e.g. a failed attempt, retried
    EXPECT_EQ(result.error.code, ErrorCode::internal)
        << "allocation " << n << ": " << to_string(result.error.code) << ": "
        << result.error.message;
    EXPECT_FALSE(result.error.message.empty()) << "allocation " << n;
    if (result.error.code == ErrorCode::internal) ++internal;
  }
  EXPECT_GT(n, 10);  // the sweep really went through track()
  EXPECT_GT(internal, 0);
}

TEST_F(AllocFailureTest, EnqueueRefusesWithAnInternalErrorAndLosesNothingAccepted) {
  auto o = options();
  std::mutex mu;
  std::size_t outcomes = 0;
  o.on_outcome = [&](const flameup::Outcome&) {
    std::lock_guard<std::mutex> lock(mu);
    ++outcomes;
  };
  Client client(o);
  ASSERT_TRUE(client.enqueue(event()).accepted());  // the delivery thread is started

  std::size_t accepted = 1;
  int internal = 0;
  long n = 1;
  for (;; ++n) {
    EnqueueResult result;
    // No properties: the caller destroys the by-value argument, and destroying a JSON object
    // with members allocates (nlohmann/json), which would be the test's failure, not the SDK's.
    auto e = event();
    e.properties = nlohmann::json::object();
    if (!with_nth_allocation_failing(n, [&] { result = client.enqueue(std::move(e)); })) {
      EXPECT_TRUE(result.accepted()) << "no allocation failed, yet: " << result.error.message;
      if (result.accepted()) ++accepted;
      break;
    }
    if (result.accepted()) {
      ++accepted;
      continue;
    }
    EXPECT_EQ(result.status, EnqueueStatus::queue_full) << "allocation " << n;
    EXPECT_EQ(result.error.code, ErrorCode::internal)
        << "allocation " << n << ": " << to_string(result.error.code);
    EXPECT_FALSE(result.error.message.empty()) << "allocation " << n;
    ++internal;
  }
  EXPECT_GT(internal, 0);
  ASSERT_TRUE(client.flush(std::chrono::seconds(20)));
  std::lock_guard<std::mutex> lock(mu);
  EXPECT_EQ(outcomes, accepted);
}
