// TrackEvent::idempotency_key against the in-process emulator: the caller's key goes out as
// the Idempotency-Key of track() and of enqueue(), so the emulator (which de-duplicates by
// that key) records an event sent twice only once.

#include <mutex>
#include <string>
#include <vector>

#include "core_test_support.hpp"

using namespace std::chrono;
using flameup::Client;
using flameup::EnqueueResult;
using flameup::ErrorCode;
using flameup::Outcome;
using flameup::core_test::EmulatorTest;

class IdempotencyKeyTest : public EmulatorTest {};

TEST_F(IdempotencyKeyTest, TrackSendsTheCallersKeyAndARepeatIsRecordedOnce) {
  Client client(options());
  auto e = event("user_1");
  e.idempotency_key = "import-line-1";
  const auto first = client.track(e);
  ASSERT_TRUE(first.ok()) << first.error.message;
  const auto second = client.track(e);
  ASSERT_TRUE(second.ok()) << second.error.message;
  EXPECT_EQ(second.event_id, first.event_id);

  const auto requests = server().requests();
  ASSERT_EQ(requests.size(), 2U);
  EXPECT_EQ(requests[0].idempotency_key, "import-line-1");
  EXPECT_EQ(requests[1].idempotency_key, "import-line-1");
  EXPECT_EQ(server().events().size(), 1U);
}

TEST_F(IdempotencyKeyTest, EnqueueUsesTheCallersKeyAsIdAndOnTheWire) {
  std::mutex mutex;
  std::vector<std::string> outcome_ids;
  auto opts = options();
  opts.on_outcome = [&](const Outcome& o) {
    std::lock_guard<std::mutex> lock(mutex);
    outcome_ids.push_back(o.id);
  };
  Client client(opts);
  auto e = event("user_2");
  e.idempotency_key = "run-2.line_7";
  const EnqueueResult queued = client.enqueue(e);
  ASSERT_TRUE(queued.accepted());
  EXPECT_EQ(queued.id, "run-2.line_7");
  // A second process (here: a second client) sending the same event with the same key.
  Client again(options());
  ASSERT_TRUE(again.enqueue(e).accepted());
  ASSERT_TRUE(client.flush(seconds(30)));
  ASSERT_TRUE(again.flush(seconds(30)));

  {
    std::lock_guard<std::mutex> lock(mutex);
    EXPECT_EQ(outcome_ids, std::vector<std::string>{"run-2.line_7"});
  }
  const auto requests = server().requests();
  ASSERT_EQ(requests.size(), 2U);
  EXPECT_EQ(requests[0].idempotency_key, "run-2.line_7");
  EXPECT_EQ(requests[1].idempotency_key, "run-2.line_7");
  EXPECT_EQ(server().events().size(), 1U);
}

TEST_F(IdempotencyKeyTest, AnInvalidKeyIsRefusedBeforeAnyRequest) {
  Client client(options());
  auto e = event();
  e.idempotency_key = std::string(37, 'k');
  const auto tracked = client.track(e);
  EXPECT_EQ(tracked.error.code, ErrorCode::invalid_event);
  EXPECT_EQ(tracked.error.message.rfind("idempotency_key: ", 0), 0U) << tracked.error.message;
  const EnqueueResult queued = client.enqueue(e);
  EXPECT_EQ(queued.status, flameup::EnqueueStatus::invalid);
  EXPECT_EQ(queued.error.message, tracked.error.message);
  EXPECT_TRUE(client.flush(seconds(5)));
  EXPECT_TRUE(server().requests().empty());
}
