// Failures inside the SDK are reported as ErrorCode::internal with a message, never as
// something the server said. A program of its own: it replaces the global operator new so
// that the Nth allocation on the test's thread fails, and sweeps N over every allocation
// that track() and enqueue() make on the caller's thread, and over those of the durable
// store's putting back a batch that failed to commit.

#include <cstdlib>
#include <mutex>
#include <new>
#include <string>
#include <vector>

#include "core_test_support.hpp"
#include "store/record_batch.hpp"

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

namespace {

using flameup::detail::RecordBatch;

std::string body_of(int i, char fill = 'a') {
  return std::string(100 + i % 7000, static_cast<char>(fill + i % 26));
}

void fill(RecordBatch& batch, int first, int count, char with = 'a') {
  for (int i = first; i < first + count; ++i) {
    batch.add(i, "k" + std::to_string(i), i, body_of(i, with));
  }
}

void expect_records(const RecordBatch& batch, int first, int count, long n) {
  ASSERT_EQ(batch.size(), static_cast<std::size_t>(count)) << "allocation " << n;
  int next = first;
  const bool whole = batch.for_each([&](const RecordBatch::Record& r) {
    const bool intact = r.number == next && r.body == body_of(next);
    EXPECT_TRUE(intact) << "allocation " << n << ", record " << next;
    ++next;
    return intact;
  });
  EXPECT_TRUE(whole && next == first + count) << "allocation " << n;
}

}  // namespace

// The store's thread puts a batch whose commit failed back in front of the pending one. If
// memory runs out on the way, both batches must stay whole: the failed one is kept, to be
// written next, and no record is lost or left pointing at a body the other batch took.
TEST(AllocFailureStore, AFailedBatchGoesBackWholeOrNotAtAll) {
  int failures = 0;
  for (long n = 1;; ++n) {
    RecordBatch earlier;
    RecordBatch later;
    fill(earlier, 1, 400);  // bodies in many blocks
    fill(later, 401, 300);
    bool threw = false;
    const bool failed = with_nth_allocation_failing(n, [&] {
      try {
        later.prepend(std::move(earlier));
      } catch (const std::bad_alloc&) {
        threw = true;
      }
    });
    if (!failed) {
      expect_records(later, 1, 700, n);
      break;
    }
    ++failures;
    EXPECT_TRUE(threw) << "allocation " << n;
    expect_records(later, 401, 300, n);
    // The later batch goes on, reusing all its blocks and more: the earlier one's bodies must
    // not have been among them.
    later.clear();
    fill(later, 1, 2000, 'A');
    expect_records(earlier, 1, 400, n);
  }
  EXPECT_GT(failures, 0);
}
