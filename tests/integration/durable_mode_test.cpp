// Durable mode end to end: a real SQLite store, the in-process emulator, Clients that come
// and go on the same storage_path as processes would.

#include <sys/resource.h>
#include <sys/stat.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>

#include "child_process.hpp"
#include "engine_test_support.hpp"
#include "store/event_store.hpp"
#include "store/sqlite_connection.hpp"
#include "temp_directory.hpp"

namespace flameup::engine_test {
namespace {

using testing::TempDirectory;

class DurableModeTest : public EngineEmulatorTest {
 protected:
  ClientOptions durable_options(const std::string& base_url, Recorder& recorder) {
    ClientOptions o = engine_options(base_url);
    recorder.attach(o);
    o.storage_path = dir_ / "store";
    return o;
  }
  // A base URL where nothing answers: the client is offline.
  static std::string offline_url() {
    return "http://127.0.0.1:" + std::to_string(unused_port()) + "/api/v1";
  }

  TempDirectory dir_;
};

TEST_F(DurableModeTest, EventsStoredOfflineAreDeliveredByTheNextClientWithTheirKeys) {
  Recorder offline;
  std::set<std::string> ids;
  {
    Client client(durable_options(offline_url(), offline));
    ASSERT_FALSE(client.options_error()) << client.options_error().message;
    for (int i = 0; i < 40; ++i) {
      const auto r = client.enqueue(event(i));
      ASSERT_TRUE(r.accepted()) << r.error.message;
      ids.insert(r.id);
    }
    ASSERT_TRUE(client.persist(10s));
    EXPECT_EQ(client.stats().stored, 40u);
    client.close(0ms);
  }
  // Nothing was dropped at close: undelivered events wait in the store, without an outcome.
  EXPECT_TRUE(offline.outcomes().empty());

  Client client(durable_options(server_->base_url(), recorder_));
  ASSERT_TRUE(recorder_.wait_outcomes(40, 30s));
  for (const auto& outcome : recorder_.outcomes()) {
    EXPECT_EQ(outcome.kind, OutcomeKind::delivered) << outcome.error.message;
    EXPECT_TRUE(outcome.recovered);
    EXPECT_EQ(ids.count(outcome.id), 1u) << outcome.id;
  }
  const auto keys = recorded_keys();
  EXPECT_EQ(keys.size(), 40u);
  for (const auto& [key, count] : keys) {
    EXPECT_EQ(count, 1) << key;
    EXPECT_EQ(ids.count(key), 1u) << key;
  }
  EXPECT_EQ(client.stats().recovered, 40u);
  EXPECT_EQ(client.stats().enqueued, 0u);  // replayed, not enqueued again
  ASSERT_TRUE(client.flush(10s));
  ASSERT_TRUE(client.persist(10s));
  EXPECT_EQ(client.stats().stored, 0u);  // delivered events leave the store
}

TEST_F(DurableModeTest, AStoredEventKeepsTheTimestampStampedAtEnqueue) {
  Recorder offline;
  std::string stamped;
  {
    Client client(durable_options(offline_url(), offline));
    ASSERT_TRUE(client.enqueue(event(1)).accepted());
    ASSERT_TRUE(client.persist(10s));
  }
  Client client(durable_options(server_->base_url(), recorder_));
  ASSERT_TRUE(recorder_.wait_outcomes(1, 30s));
  const auto events = server_->events();
  ASSERT_EQ(events.size(), 1u);
  // The emulator stores the timestamp it received: the SDK stamped it at enqueue, in the
  // first client, and replay sends the same body.
  EXPECT_FALSE(events[0].timestamp.empty());
  EXPECT_LT(events[0].timestamp, events[0].created_at);
}

TEST_F(DurableModeTest, AReplayedEventsAgeCountsFromItsFirstEnqueue) {
  Recorder offline;
  std::string old_id;
  std::string new_id;
  {
    Client client(durable_options(offline_url(), offline));
    old_id = client.enqueue(event(1)).id;
    new_id = client.enqueue(event(2)).id;
    ASSERT_FALSE(old_id.empty());
    ASSERT_FALSE(new_id.empty());
    ASSERT_TRUE(client.persist(10s));
  }
  {
    // As far as the store knows, the first event was accepted two hours ago.
    detail::SqliteConnection db;
    const std::string file = dir_ / "store" + "/" + detail::EventStore::kFileName;
    ASSERT_TRUE(db.open(file, false).ok());
    const std::string sql =
        "UPDATE events SET accepted_ms = accepted_ms - 7200000 "
        "WHERE idempotency_key = '" +
        old_id + "'";
    ASSERT_TRUE(db.exec(sql.c_str()).ok());
    ASSERT_EQ(db.changes(), 1);
  }
  ClientOptions o = durable_options(server_->base_url(), recorder_);
  o.max_event_age = 1h;
  Client client(o);
  ASSERT_TRUE(recorder_.wait_outcomes(2, 30s));
  for (const auto& outcome : recorder_.outcomes()) {
    EXPECT_TRUE(outcome.recovered);
    EXPECT_EQ(outcome.kind, outcome.id == old_id ? OutcomeKind::expired : OutcomeKind::delivered)
        << outcome.id << ": " << outcome.error.message;
  }
  const auto keys = recorded_keys();
  EXPECT_EQ(keys.size(), 1u);
  EXPECT_EQ(keys.count(new_id), 1u);
}

TEST_F(DurableModeTest, CloseLeavesInFlightAndQueuedEventsInTheStoreWithoutOutcomes) {
  devserver::Fault stall;
  stall.kind = devserver::Fault::Kind::stall;
  stall.count = -1;
  server_->add_fault(stall);
  Recorder first;
  {
    Client client(durable_options(server_->base_url(), first));
    for (int i = 0; i < 20; ++i) ASSERT_TRUE(client.enqueue(event(i)).accepted());
    ASSERT_TRUE(server_->wait_for_requests(1, 10s));  // some are on the wire, stalled
    client.close(100ms);
    EXPECT_EQ(client.stats().dropped.total(), 0u);
  }
  EXPECT_TRUE(first.outcomes().empty());
  server_->clear_faults();
  Client client(durable_options(server_->base_url(), recorder_));
  ASSERT_TRUE(recorder_.wait_outcomes(20, 30s));
  EXPECT_EQ(recorded_keys().size(), 20u);
}

TEST_F(DurableModeTest, ASecondClientOnTheSameDirectoryGetsAConfigurationError) {
  Client first(durable_options(server_->base_url(), recorder_));
  ASSERT_FALSE(first.options_error());
  Recorder other;
  Client second(durable_options(server_->base_url(), other));
  EXPECT_EQ(second.options_error().code, ErrorCode::invalid_options);
  EXPECT_NE(second.options_error().message.find("storage_path"), std::string::npos);
  EXPECT_NE(second.options_error().message.find("in use"), std::string::npos);
  const auto r = second.enqueue(event(1));
  EXPECT_EQ(r.status, EnqueueStatus::invalid);
  EXPECT_EQ(r.error.code, ErrorCode::invalid_options);
}

TEST_F(DurableModeTest, AnUnusableStoragePathGetsAConfigurationErrorNamingTheField) {
  ClientOptions o = durable_options(server_->base_url(), recorder_);
  o.storage_path = "/proc/flameup-no-such-dir/store";
  Client client(o);
  EXPECT_EQ(client.options_error().code, ErrorCode::invalid_options);
  EXPECT_EQ(client.options_error().message.rfind("storage_path:", 0), 0u)
      << client.options_error().message;
}

TEST_F(DurableModeTest, InMemoryModePersistIsFalse) {
  Client client(options());
  ASSERT_TRUE(client.enqueue(event(1)).accepted());
  EXPECT_FALSE(client.persist(100ms));
}

TEST_F(DurableModeTest, EnqueueCanWaitForItsCommit) {
  ClientOptions o = durable_options(offline_url(), recorder_);
  o.storage_wait_for_commit = true;
  o.storage_commit_interval = std::chrono::milliseconds(10000);  // only a waiter commits sooner
  Client client(o);
  const auto r = client.enqueue(event(1));
  ASSERT_TRUE(r.accepted());
  EXPECT_FALSE(r.error) << r.error.message;
  EXPECT_EQ(client.stats().stored, 1u);  // committed before enqueue returned
}

// A file-size limit stands in for a full disk: the commit fails, the error is reported once,
// events stay queued in memory, and writing resumes by itself when there is room again.
TEST_F(DurableModeTest, AFullDiskIsReportedAndWritingResumesWhenSpaceReturns) {
  std::signal(SIGXFSZ, SIG_IGN);
  ClientOptions o = durable_options(offline_url(), recorder_);
  Client client(o);
  ASSERT_TRUE(client.enqueue(event(0)).accepted());
  ASSERT_TRUE(client.persist(10s));
  struct stat st {};
  ASSERT_EQ(::stat((o.storage_path + "/events.db-wal").c_str(), &st), 0);
  rlimit original{};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &original), 0);
  rlimit small = original;
  small.rlim_cur = static_cast<rlim_t>(st.st_size) + 4096;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);

  TrackEvent big = event(1);
  big.properties["padding"] = std::string(3000, 'x');
  for (int i = 0; i < 40; ++i) ASSERT_TRUE(client.enqueue(big).accepted());
  EXPECT_FALSE(client.persist(300ms));
  ASSERT_TRUE(recorder_.wait_delivery_errors(1, 10s));
  const Error reported = recorder_.delivery_errors().front();
  EXPECT_EQ(reported.code, ErrorCode::storage);
  EXPECT_NE(reported.message.find("retried"), std::string::npos) << reported.message;
  EXPECT_GE(client.stats().storage_errors, 1u);
  EXPECT_EQ(client.stats().queued + client.stats().in_flight, 41u);  // kept in memory

  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &original), 0);
  ASSERT_TRUE(client.persist(20s));
  EXPECT_EQ(client.stats().stored, 41u);
  EXPECT_EQ(recorder_.delivery_errors().size(), 1u);  // one report per condition
}

// on_delivery_error runs on the store's thread for a storage error: a callback that waits for
// a commit there must not wait for itself (with no timeout it would hang forever).
TEST_F(DurableModeTest, ACallbackOnTheStoreThreadThatWaitsForACommitReturnsAtOnce) {
  std::signal(SIGXFSZ, SIG_IGN);
  ClientOptions o = durable_options(offline_url(), recorder_);
  o.storage_wait_for_commit = true;
  o.storage_wait_timeout = std::chrono::milliseconds::max();
  Client* self = nullptr;
  std::mutex mu;
  std::condition_variable cv;
  bool called = false, persisted = true, enqueued = false;
  o.on_delivery_error = [&](const Error&) {
    const bool p = self->persist(std::chrono::milliseconds::max());
    const bool e = self->enqueue(event(99)).accepted();
    std::lock_guard<std::mutex> lock(mu);
    called = true;
    persisted = p;
    enqueued = e;
    cv.notify_all();
  };
  Client client(o);
  self = &client;
  ASSERT_TRUE(client.enqueue(event(0)).accepted());
  rlimit original{};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &original), 0);
  rlimit none = original;
  none.rlim_cur = 0;  // no file may grow: the next commit fails
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &none), 0);
  TrackEvent big = event(1);
  big.properties["padding"] = std::string(20000, 'x');
  std::thread producer([&] { client.enqueue(big); });  // waits for its commit (forever)
  {
    std::unique_lock<std::mutex> lock(mu);
    ASSERT_TRUE(cv.wait_for(lock, 20s, [&] { return called; }));
  }
  EXPECT_FALSE(persisted);
  EXPECT_TRUE(enqueued);
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &original), 0);
  producer.join();  // its commit happens once the disk has room again
  EXPECT_TRUE(client.persist(20s));
}

// The store's bound counts the events of earlier runs still waiting to be replayed: new
// events are refused rather than pushing a stored event out unseen.
TEST_F(DurableModeTest, TheStoreBoundCountsEventsWaitingToBeReplayed) {
  Recorder offline;
  std::size_t body_bytes = 0;
  {
    ClientOptions o = durable_options(offline_url(), offline);
    o.close_timeout = 0ms;
    Client client(o);
    for (int i = 0; i < 10; ++i) ASSERT_TRUE(client.enqueue(event(i)).accepted());
    ASSERT_TRUE(client.persist(10s));
    body_bytes = client.stats().queued_bytes;
  }
  ClientOptions o = durable_options(offline_url(), recorder_);
  o.max_event_bytes = body_bytes / 10 + 16;
  o.max_storage_bytes = body_bytes + body_bytes / 20;  // room for the ten, not for two more
  o.max_queue_events = 5;  // only five of them fit in memory: the rest wait on disk
  Client client(o);
  ASSERT_TRUE(client.persist(10s));  // open: the ten are known
  EXPECT_EQ(client.stats().stored, 10u);
  int refused = 0;
  std::size_t accepted = 0;
  for (int i = 0; i < 3; ++i) {
    const auto r = client.enqueue(event(100 + i));
    if (r.status == EnqueueStatus::queue_full) ++refused;
    if (r.accepted()) ++accepted;
  }
  EXPECT_GE(refused, 2);
  // Every stored event is still there, beside the one new event that may have fit.
  ASSERT_TRUE(client.persist(10s));
  EXPECT_EQ(client.stats().stored, 10u + accepted);
  EXPECT_TRUE(recorder_.outcomes().empty());  // nothing was pushed out
}

TEST_F(DurableModeTest, DropOldestEvictsFromTheStoreWithAnOutcome) {
  // A server that holds every request keeps event 0 in flight (never evictable) for the whole
  // test, so exactly which events are evicted does not depend on the delivery thread's timing.
  devserver::Fault stall;
  stall.kind = devserver::Fault::Kind::stall;
  stall.count = -1;
  server().add_fault(stall);
  ClientOptions o = durable_options(server_->base_url(), recorder_);
  o.overflow_policy = OverflowPolicy::drop_oldest;
  o.max_queue_events = 3;
  o.max_in_flight = 1;
  Client client(o);
  std::vector<std::string> ids;
  ids.push_back(client.enqueue(event(0)).id);
  ASSERT_TRUE(server().wait_for_requests(1, 10s));  // event 0 is in flight
  for (int i = 1; i < 5; ++i) {
    const EnqueueResult r = client.enqueue(event(i));
    ASSERT_TRUE(r.accepted()) << i << ": " << r.error.message;
    ids.push_back(r.id);
  }
  ASSERT_TRUE(recorder_.wait_outcomes(2, 10s));
  ASSERT_TRUE(client.persist(10s));
  EXPECT_EQ(client.stats().stored, 3u);  // the two evicted events left the store
  const auto outcomes = recorder_.outcomes();
  ASSERT_EQ(outcomes.size(), 2u);
  EXPECT_EQ(outcomes[0].id, ids[1]) << "the oldest waiting event goes first";
  EXPECT_EQ(outcomes[1].id, ids[2]);
  for (const auto& outcome : outcomes) {
    EXPECT_EQ(outcome.kind, OutcomeKind::dropped);
    EXPECT_EQ(outcome.drop_reason, DropReason::evicted);
  }
  server().clear_faults();
  client.close(300ms);
}

using DurableModeSecrets = DurableModeTest;

TEST_F(DurableModeSecrets, TheKeyIsInNoFileOfTheStore) {
  ClientOptions o = durable_options(offline_url(), recorder_);
  {
    Client client(o);
    for (int i = 0; i < 50; ++i) ASSERT_TRUE(client.enqueue(event(i)).accepted());
    ASSERT_TRUE(client.persist(10s));
    // Read while the client still holds the files open (the WAL and shared memory exist).
    std::size_t files = 0, files_with_events = 0;
    for (const auto& entry : std::filesystem::directory_iterator(o.storage_path)) {
      std::ifstream in(entry.path(), std::ios::binary);
      const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      EXPECT_EQ(bytes.find(kSentinelKey), std::string::npos) << entry.path();
      if (bytes.find("engine_test") != std::string::npos) ++files_with_events;
      ++files;
    }
    EXPECT_GE(files, 3u);  // lock, events.db, events.db-wal (and -shm)
    EXPECT_GE(files_with_events, 1u);  // the events are there, in clear: so would a key be
  }
}

TEST_F(DurableModeTest, AForkedChildCannotUseItsParentsStore) {
  // The parent's delivery thread keeps retrying (allocating) while the test forks.
  if (const char* why = testing::fork_while_allocating_unsupported_reason()) GTEST_SKIP() << why;
  Client client(durable_options(offline_url(), recorder_));
  ASSERT_TRUE(client.enqueue(event(0)).accepted());
  const pid_t child = testing::fork_child([&client] {
    const EnqueueResult r = client.enqueue(event(1));
    const bool refused = r.status == EnqueueStatus::invalid &&
                         r.error.message.find("storage_path") != std::string::npos;
    return refused ? 0 : 1;
  });
  ASSERT_GT(child, 0);
  EXPECT_EQ(testing::wait_child(child, 30s), 0);
  EXPECT_TRUE(client.enqueue(event(2)).accepted());  // the parent's client is untouched
}

}  // namespace
}  // namespace flameup::engine_test
