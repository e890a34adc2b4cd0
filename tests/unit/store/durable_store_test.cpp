// DurableStore with a real SQLite file: group commits, persist tickets, inserts and deletes
// that cancel out, replay of what an earlier store left, oldest first.

#include "store/durable_store.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <limits>
#include <mutex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "temp_directory.hpp"

namespace flameup::detail {
namespace {

using std::chrono::milliseconds;
using flameup::testing::TempDirectory;
using Clock = std::chrono::steady_clock;

const std::string kBody = R"({"userId":"u","event":"e","properties":{}})";

std::vector<StoredEvent> stored_in(const TempDirectory& dir) {
  EventStore store;
  OpenReport report;
  EXPECT_TRUE(store.open(dir.path(), SyncLevel::process_crash, report).ok());
  std::vector<StoredEvent> out;
  EXPECT_TRUE(store.read_range(0, std::numeric_limits<std::int64_t>::max(), 1u << 20, out).ok());
  return out;
}

DurableStoreOptions options_for(const TempDirectory& dir, milliseconds interval) {
  DurableStoreOptions o;
  o.directory = dir.path();
  o.commit_interval = interval;
  return o;
}

TEST(DurableStore, PersistWaitsForTheCommitOfEveryEarlierEvent) {
  TempDirectory dir;
  // A long interval: only the persist request can make the commit happen in time.
  DurableStore store(options_for(dir, milliseconds(60000)), {});
  ASSERT_TRUE(store.start());
  store.add("a", kBody, 1);
  const auto ticket = store.add("b", kBody, 2).ticket;
  ASSERT_TRUE(store.wait_committed(ticket, Clock::now() + std::chrono::seconds(20)));
  EXPECT_EQ(store.counters().stored, 2u);
  store.stop(Clock::now() + std::chrono::seconds(20));
  const auto rows = stored_in(dir);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].key.view(), "a");
  EXPECT_EQ(rows[1].key.view(), "b");
  EXPECT_EQ(rows[1].accepted_ms, 2);
}

TEST(DurableStore, AnEventRemovedBeforeItsCommitNeverReachesTheFile) {
  TempDirectory dir;
  DurableStore store(options_for(dir, milliseconds(60000)), {});
  ASSERT_TRUE(store.start());
  store.remove(store.add("gone", kBody, 1).record);
  const auto ticket = store.add("kept", kBody, 2).ticket;
  ASSERT_TRUE(store.wait_committed(ticket, Clock::now() + std::chrono::seconds(20)));
  store.stop(Clock::now() + std::chrono::seconds(20));
  const auto rows = stored_in(dir);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].key.view(), "kept");
}

TEST(DurableStore, ARemoveAfterTheCommitDeletesExactlyThatRecordEvenOfAReusedKey) {
  TempDirectory dir;
  DurableStore store(options_for(dir, milliseconds(60000)), {});
  ASSERT_TRUE(store.start());
  store.add("a", kBody, 1);
  store.add("dup", kBody, 2);
  const auto b = store.add("b", kBody, 3);
  const auto second_dup = store.add("dup", kBody, 4);
  ASSERT_TRUE(store.wait_committed(store.last_ticket(), Clock::now() + std::chrono::seconds(20)));
  EXPECT_EQ(store.counters().stored, 4u);
  store.remove(b.record);
  store.remove(second_dup.record);
  ASSERT_TRUE(store.wait_committed(store.last_ticket(), Clock::now() + std::chrono::seconds(20)));
  EXPECT_EQ(store.counters().stored, 2u);
  store.stop(Clock::now() + std::chrono::seconds(20));
  const auto rows = stored_in(dir);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].key.view(), "a");
  EXPECT_EQ(rows[1].key.view(), "dup");
  EXPECT_EQ(rows[1].accepted_ms, 2);
}

TEST(DurableStore, StopCommitsWhatIsPendingAndRemovesDeleteReplayedRecords) {
  TempDirectory dir;
  {
    DurableStore store(options_for(dir, milliseconds(60000)), {});
    ASSERT_TRUE(store.start());
    for (int i = 0; i < 5; ++i) store.add("k" + std::to_string(i), kBody, i);
    store.stop(Clock::now() + std::chrono::seconds(20));
  }
  EXPECT_EQ(stored_in(dir).size(), 5u);
  std::mutex mu;
  std::condition_variable cv;
  std::vector<StoredEvent> taken;
  DurableStore::Hooks hooks;
  hooks.offer_recovered = [&](std::vector<StoredEvent>& records) {
    std::lock_guard<std::mutex> lock(mu);
    taken.insert(taken.end(), records.begin(), records.end());
    cv.notify_all();
    return records.size();
  };
  DurableStore store(options_for(dir, milliseconds(1)), hooks);
  ASSERT_TRUE(store.start());
  {
    // The engine removes only what it holds: the replayed records, once offered.
    std::unique_lock<std::mutex> lock(mu);
    ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(20), [&] { return taken.size() == 5; }));
  }
  ASSERT_EQ(taken[1].key.view(), "k1");
  ASSERT_EQ(taken[3].key.view(), "k3");
  // Replayed records are numbered at or below 0; this store's own start at 1.
  std::vector<std::int64_t> numbers;
  for (const auto& e : taken) numbers.push_back(e.record);
  EXPECT_EQ(numbers, (std::vector<std::int64_t>{-4, -3, -2, -1, 0}));
  store.remove(taken[1].record);
  store.remove(taken[3].record);
  store.remove(1000);  // never stored
  const auto own = store.add("own", kBody, 9);
  EXPECT_EQ(own.record, 1);
  store.remove(own.record);
  store.stop(Clock::now() + std::chrono::seconds(20));
  const auto rows = stored_in(dir);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].key.view(), "k0");
  EXPECT_EQ(rows[1].key.view(), "k2");
  EXPECT_EQ(rows[2].key.view(), "k4");
}

TEST(DurableStore, ReplaysWhatAnEarlierStoreLeftOldestFirstAsRoomAllows) {
  TempDirectory dir;
  {
    DurableStore store(options_for(dir, milliseconds(1)), {});
    ASSERT_TRUE(store.start());
    for (int i = 0; i < 600; ++i) store.add("k" + std::to_string(i), kBody, i);
    store.stop(Clock::now() + std::chrono::seconds(20));
  }
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::string> taken;
  std::size_t reserved = 0;
  int offers = 0;
  DurableStore::Hooks hooks;
  hooks.reserve_recovered = [&](std::size_t bytes) {
    std::lock_guard<std::mutex> lock(mu);
    reserved = bytes;
  };
  // Room for 7 at a time: the rest comes back on later offers.
  hooks.offer_recovered = [&](std::vector<StoredEvent>& records) {
    std::lock_guard<std::mutex> lock(mu);
    ++offers;
    const std::size_t n = std::min<std::size_t>(7, records.size());
    for (std::size_t i = 0; i < n; ++i) taken.emplace_back(records[i].key.view());
    cv.notify_all();
    return n;
  };
  DurableStore store(options_for(dir, milliseconds(1)), hooks);
  ASSERT_TRUE(store.start());
  {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait_for(lock, std::chrono::seconds(60), [&] { return taken.size() >= 600; });
  }
  store.stop(Clock::now() + std::chrono::seconds(20));
  EXPECT_EQ(store.counters().recovered, 600u);
  std::lock_guard<std::mutex> lock(mu);
  EXPECT_EQ(reserved, 600 * kBody.size());
  ASSERT_EQ(taken.size(), 600u);
  for (int i = 0; i < 600; ++i) EXPECT_EQ(taken[i], "k" + std::to_string(i));
  EXPECT_GE(offers, 600 / 7);
}

}  // namespace
}  // namespace flameup::detail
