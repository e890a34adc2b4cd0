// EventStore against real SQLite files: the schema, what survives a reopen, and what happens
// to files it cannot use (moved aside, never deleted; readable records kept).

#include "store/event_store.hpp"

#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "temp_directory.hpp"

namespace flameup::detail {
namespace {

namespace fs = std::filesystem;
using flameup::testing::TempDirectory;

StoredEvent event(int n) {
  StoredEvent e;
  e.key.assign("key-" + std::to_string(n));
  e.accepted_ms = 1700000000000 + n;
  e.body = R"({"userId":"u","event":"e)" + std::to_string(n) + R"(","properties":{}})";
  return e;
}

// Numbered 1, 2, ... in their order.
RecordBatch batch_of(const std::vector<StoredEvent>& events) {
  RecordBatch batch;
  std::int64_t number = 0;
  for (const auto& e : events) batch.add(++number, e.key.view(), e.accepted_ms, e.body);
  return batch;
}

// Writes @p inserts as rows @p row_base + 1, + 2, ...
void commit(EventStore& store, const std::vector<StoredEvent>& inserts,
            const std::vector<std::int64_t>& erase = {}, std::int64_t row_base = 0) {
  std::size_t erased = 0;
  const SqliteStatus s = store.commit(batch_of(inserts), row_base, erase, erased);
  ASSERT_TRUE(s.ok()) << s.message;
}

std::vector<StoredEvent> read_all(EventStore& store) {
  std::vector<StoredEvent> out;
  const SqliteStatus s = store.read_range(0, std::numeric_limits<std::int64_t>::max(), 1u << 20, out);
  EXPECT_TRUE(s.ok()) << s.message;
  return out;
}

std::vector<std::string> moved_files(const TempDirectory& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir.path())) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("events.db.", 0) == 0 && name.find("-wal") == std::string::npos &&
        name.find("-shm") == std::string::npos) {
      names.push_back(name);
    }
  }
  return names;
}

// Runs @p sql on the store's file through a connection of its own.
void run_sql(const TempDirectory& dir, const char* sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir / "events.db").c_str(), &db), SQLITE_OK);
  EXPECT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK) << sql;
  sqlite3_close(db);
}

// Opens @p dir's store, which must succeed; returns what the opening found.
OpenReport open_store(EventStore& store, const TempDirectory& dir) {
  OpenReport report;
  const SqliteStatus s = store.open(dir.path(), SyncLevel::process_crash, report);
  EXPECT_TRUE(s.ok()) << s.message;
  return report;
}

// Fills @p path's database with @p n events and closes it.
void fill(const TempDirectory& dir, int n) {
  EventStore store;
  OpenReport report;
  ASSERT_TRUE(store.open(dir.path(), SyncLevel::process_crash, report).ok());
  std::vector<StoredEvent> events;
  for (int i = 0; i < n; ++i) events.push_back(event(i));
  commit(store, events);
  store.close();
}

// Fills @p dir's store with @p n events, changes it behind the SDK's back with @p sql, and
// opens it again; returns what the opening found.
OpenReport reopen_altered(EventStore& store, const TempDirectory& dir, int n, const char* sql) {
  fill(dir, n);
  run_sql(dir, sql);
  return open_store(store, dir);
}

// A store opened on an empty directory.
class FreshEventStore : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_.open(dir_.path(), SyncLevel::process_crash, report_).ok());
  }

  TempDirectory dir_;
  EventStore store_;
  OpenReport report_;
};

TEST(EventStore, KeepsEventsAcrossReopenOldestFirstAndCountsThem) {
  TempDirectory dir;
  fill(dir, 3);
  EventStore store;
  OpenReport report;
  ASSERT_TRUE(store.open(dir.path(), SyncLevel::power_loss, report).ok());
  EXPECT_EQ(report.events, 3u);
  EXPECT_EQ(report.last_id, 3);
  EXPECT_EQ(report.bytes, event(0).body.size() + event(1).body.size() + event(2).body.size());
  EXPECT_TRUE(report.moved_to.empty());
  const auto all = read_all(store);
  ASSERT_EQ(all.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(all[i].key.view(), event(i).key.view());
    EXPECT_EQ(all[i].body, event(i).body);
    EXPECT_EQ(all[i].accepted_ms, event(i).accepted_ms);
  }
}

TEST_F(FreshEventStore, ACommitOfManyRecordsWritesEachWithItsOwnKeyBodyAndTimeSkippingDroppedOnes) {
  // Enough records for several statements of many rows, and a remainder written one by one;
  // every seventh is dropped (delivered before its commit).
  std::vector<StoredEvent> events;
  for (int i = 0; i < 150; ++i) events.push_back(event(i));
  RecordBatch batch = batch_of(events);
  batch.drop_if([](const RecordBatch::Record& r) { return r.number % 7 == 0; });
  std::size_t erased = 0;
  const SqliteStatus s = store_.commit(batch, 1000, {}, erased);
  ASSERT_TRUE(s.ok()) << s.message;
  const auto all = read_all(store_);
  ASSERT_EQ(all.size(), batch.size());
  std::size_t at = 0;
  for (int number = 1; number <= 150; ++number) {
    if (number % 7 == 0) continue;
    const StoredEvent& expected = events[static_cast<std::size_t>(number - 1)];
    ASSERT_LT(at, all.size());
    EXPECT_EQ(all[at].id, 1000 + number);
    EXPECT_EQ(all[at].key.view(), expected.key.view());
    EXPECT_EQ(all[at].body, expected.body);
    EXPECT_EQ(all[at].accepted_ms, expected.accepted_ms);
    ++at;
  }
}

TEST_F(FreshEventStore, CommitWritesEachInsertAsTheBasePlusItsNumberAndDeletesExactlyTheNamedRows) {
  RecordBatch inserts;
  for (int i = 1; i <= 7; ++i) inserts.add(i, "key-" + std::to_string(i), i, event(i).body);
  std::size_t erased = 0;
  ASSERT_TRUE(store_.commit(inserts, 100, {}, erased).ok());
  // A run (101-103), single rows (105, 107) and a row that is not there (109).
  RecordBatch none;
  ASSERT_TRUE(store_.commit(none, 0, {101, 102, 103, 105, 107, 109}, erased).ok());
  EXPECT_EQ(erased, 5u);
  const auto all = read_all(store_);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, 104);
  EXPECT_EQ(all[0].key.view(), "key-4");
  EXPECT_EQ(all[1].id, 106);
  EXPECT_EQ(all[1].key.view(), "key-6");
}

// A store holding key-1 and key-2 as rows 1 and 2, for commits that must fail whole.
class EventStoreWithTwoRows : public FreshEventStore {
 protected:
  void SetUp() override {
    FreshEventStore::SetUp();
    if (HasFatalFailure()) return;
    commit(store_, {event(1), event(2)});
  }

  void expect_only_the_two_rows() {
    const auto all = read_all(store_);
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].key.view(), "key-1");
    EXPECT_EQ(all[1].key.view(), "key-2");
  }
};

TEST_F(EventStoreWithTwoRows, ACommitWhoseRowIdIsTakenWritesNothing) {
  std::size_t erased = 7;
  EXPECT_FALSE(store_.commit(batch_of({event(3), event(4)}), 1, {1}, erased).ok());
  EXPECT_EQ(erased, 0u);
  expect_only_the_two_rows();
}

TEST_F(EventStoreWithTwoRows, ACommitThatCannotTakeTheWriteLockReportsNothingErased) {
  // Another connection holds the write lock: the transaction cannot start.
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open((dir_ / "events.db").c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  std::size_t erased = 7;
  EXPECT_FALSE(store_.commit(batch_of({event(3)}), 2, {1}, erased).ok());
  EXPECT_EQ(erased, 0u);
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  expect_only_the_two_rows();
}

TEST(EventStore, AnIndexLeftByAnEarlierVersionIsDroppedAtOpen) {
  TempDirectory dir;
  EventStore store;
  const OpenReport report =
      reopen_altered(store, dir, 2, "CREATE INDEX events_by_key ON events(idempotency_key)");
  EXPECT_EQ(report.events, 2u);
  store.close();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir / "events.db").c_str(), &db), SQLITE_OK);
  sqlite3_stmt* count = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master WHERE type='index'", -1,
                               &count, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(count), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(count, 0), 0);
  sqlite3_finalize(count);
  sqlite3_close(db);
}

TEST_F(FreshEventStore, AQuarantinedStoreKeepsItsRecordsUnderTheirRowIds) {
  std::vector<StoredEvent> events;
  for (int i = 1; i <= 6; ++i) events.push_back(event(i));
  commit(store_, events, {}, 10);    // rows 11 to 16
  commit(store_, {}, {11, 12, 14});  // rows 13, 15 and 16 stay
  // Rows up to 13 were replayed already: only the bodies of 15 and 16 wait.
  ASSERT_TRUE(store_.quarantine("test", 13, 16, report_).ok());
  EXPECT_FALSE(report_.moved_to.empty());
  EXPECT_EQ(report_.salvaged, 3u);
  EXPECT_EQ(report_.events, 3u);
  EXPECT_EQ(report_.last_id, 16);
  EXPECT_EQ(report_.bytes, event(5).body.size() + event(6).body.size());
  const auto all = read_all(store_);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].id, 13);
  EXPECT_EQ(all[0].key.view(), "key-3");
  EXPECT_EQ(all[1].id, 15);
  EXPECT_EQ(all[1].key.view(), "key-5");
  EXPECT_EQ(all[2].id, 16);
  EXPECT_EQ(all[2].key.view(), "key-6");
  // New rows go on above them.
  commit(store_, {event(7)}, {}, report_.last_id);
  EXPECT_EQ(read_all(store_).back().id, 17);
}

TEST(EventStore, AFileWithARowIdBeyondAnyThisSdkWritesIsMovedAsideAndTheRestKept) {
  TempDirectory dir;
  EventStore store;
  const OpenReport report =
      reopen_altered(store, dir, 3, "UPDATE events SET id = 9223372036854775807 WHERE id = 2");
  EXPECT_NE(report.moved_because.find("row id"), std::string::npos) << report.moved_because;
  EXPECT_EQ(report.salvaged, 2u);
  EXPECT_EQ(report.last_id, 3);
  const auto all = read_all(store);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, 1);
  EXPECT_EQ(all[1].id, 3);
}

TEST(EventStore, ReadsARangeInBatches) {
  TempDirectory dir;
  fill(dir, 10);
  EventStore store;
  OpenReport report;
  ASSERT_TRUE(store.open(dir.path(), SyncLevel::process_crash, report).ok());
  std::vector<StoredEvent> batch;
  ASSERT_TRUE(store.read_range(2, 8, 4, batch).ok());
  ASSERT_EQ(batch.size(), 4u);
  EXPECT_EQ(batch.front().id, 3);
  EXPECT_EQ(batch.back().id, 6);
  batch.clear();
  ASSERT_TRUE(store.read_range(6, 8, 4, batch).ok());
  ASSERT_EQ(batch.size(), 2u);
  EXPECT_EQ(batch.back().id, 8);
}

TEST(EventStore, CreatesItsFilesPrivate) {
  TempDirectory dir;
  fill(dir, 1);
  EventStore store;
  OpenReport report;
  ASSERT_TRUE(store.open(dir.path(), SyncLevel::process_crash, report).ok());
  for (const char* name : {"events.db", "events.db-wal", "events.db-shm"}) {
    struct stat st {};
    ASSERT_EQ(::stat((dir / name).c_str(), &st), 0) << name;
    EXPECT_EQ(st.st_mode & 0777, 0600u) << name;
  }
}

// How many of this process's file descriptors are open on @p dir's files.
int open_files_in(const TempDirectory& dir) {
  int count = 0;
  const std::string prefix = fs::canonical(dir.path()).string() + "/";
  for (const auto& entry : fs::directory_iterator("/proc/self/fd")) {
    std::error_code ignored;
    const fs::path target = fs::read_symlink(entry.path(), ignored);
    if (target.string().rfind(prefix, 0) == 0) ++count;
  }
  return count;
}

TEST_F(FreshEventStore, CloseLetsGoOfEveryFileAfterEveryKindOfStatement) {
  std::vector<StoredEvent> events;
  for (int i = 0; i < 40; ++i) events.push_back(event(i));  // many rows per statement, and one
  commit(store_, events, {});
  commit(store_, {}, {3, 4, 5});
  EXPECT_EQ(read_all(store_).size(), 37u);
  EXPECT_GT(open_files_in(dir_), 0);
  store_.close();
  EXPECT_EQ(open_files_in(dir_), 0);
}

TEST(EventStore, MovesAsideAFileThatIsNotADatabaseAndStartsFresh) {
  TempDirectory dir;
  std::ofstream(dir / "events.db") << std::string(8192, 'x');
  EventStore store;
  OpenReport report;
  ASSERT_TRUE(store.open(dir.path(), SyncLevel::process_crash, report).ok());
  EXPECT_FALSE(report.moved_to.empty());
  EXPECT_NE(report.moved_because.find("damaged"), std::string::npos) << report.moved_because;
  const auto moved = moved_files(dir);
  ASSERT_EQ(moved.size(), 1u);
  EXPECT_EQ(fs::file_size(dir / moved[0]), 8192u);  // kept as it was, never deleted
  commit(store, {event(1)});
  EXPECT_EQ(read_all(store).size(), 1u);
}

TEST(EventStore, MovesAsideAnotherApplicationsDatabase) {
  TempDirectory dir;
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir / "events.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE events(x); INSERT INTO events VALUES(1);", nullptr,
                         nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  EventStore store;
  OpenReport report;
  ASSERT_TRUE(store.open(dir.path(), SyncLevel::process_crash, report).ok());
  EXPECT_NE(report.moved_because.find("another application"), std::string::npos);
  EXPECT_EQ(moved_files(dir).size(), 1u);
  EXPECT_EQ(report.events, 0u);
}

TEST(EventStore, MovesAsideAStoreWrittenByANewerSchema) {
  TempDirectory dir;
  EventStore store;
  const OpenReport report = reopen_altered(store, dir, 2, "PRAGMA user_version=99");
  EXPECT_NE(report.moved_because.find("newer"), std::string::npos) << report.moved_because;
  EXPECT_EQ(report.events, 0u);  // not misread
  EXPECT_EQ(moved_files(dir).size(), 1u);
}

TEST(EventStore, ATruncatedFileIsMovedAsideAndItsReadableRecordsKept) {
  TempDirectory dir;
  fill(dir, 2000);
  // Fold the WAL into the file first, so that the truncation cuts committed pages.
  run_sql(dir, "PRAGMA wal_checkpoint(TRUNCATE)");
  const auto size = fs::file_size(dir / "events.db");
  fs::resize_file(dir / "events.db", size / 2);
  EventStore store;
  OpenReport report;
  ASSERT_TRUE(store.open(dir.path(), SyncLevel::process_crash, report).ok());
  EXPECT_FALSE(report.moved_to.empty());
  EXPECT_GT(report.salvaged, 0u);
  EXPECT_LT(report.salvaged, 2000u);
  const auto kept = read_all(store);
  EXPECT_EQ(kept.size(), report.salvaged);
  ASSERT_FALSE(kept.empty());
  EXPECT_EQ(report.last_id, kept.back().id);
  // Each kept record is still under its row id (fill() wrote event i as row i + 1).
  for (const auto& e : kept) EXPECT_EQ(e.key.view(), event(static_cast<int>(e.id) - 1).key.view());
}

// Random bytes over random parts of a store, many times: opening never fails, never crashes,
// never loses the damaged file, and keeps only records that are still whole.
TEST(EventStore, SurvivesRandomBytesOverPartsOfTheFile) {
  const auto stop_at = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  int seeds = 0;
  for (unsigned seed = 1; seed <= 60 && std::chrono::steady_clock::now() < stop_at; ++seed) {
    TempDirectory dir;
    fill(dir, 300);
    std::mt19937 rng(seed);
    const std::string path = dir / "events.db";
    // Damage the file, or the write-ahead log the commits are in (whichever is larger).
    const std::string target =
        fs::exists(path + "-wal") && fs::file_size(path + "-wal") > fs::file_size(path)
            ? path + "-wal" : path;
    const auto size = fs::file_size(target);
    std::fstream file(target, std::ios::in | std::ios::out | std::ios::binary);
    for (int hits = 0; hits < 1 + static_cast<int>(seed % 4); ++hits) {
      file.seekp(static_cast<std::streamoff>(rng() % size));
      for (int i = 0; i < 64; ++i) file.put(static_cast<char>(rng() & 0xff));
    }
    file.close();
    EventStore store;
    OpenReport report;
    const SqliteStatus s = store.open(dir.path(), SyncLevel::process_crash, report);
    ASSERT_TRUE(s.ok()) << "seed " << seed << ": " << s.message;
    const auto kept = read_all(store);
    EXPECT_LE(kept.size(), 300u) << "seed " << seed;
    // SQLite has no checksum over row contents: bytes changed inside a body may go unseen
    // (the server then refuses that event, and says why). What it can see it handles.
    for (const auto& e : kept) EXPECT_FALSE(e.key.view().empty()) << "seed " << seed;
    if (!report.moved_to.empty()) {
      EXPECT_TRUE(fs::exists(report.moved_to)) << "seed " << seed;
    }
    commit(store, {event(1)}, {}, report.last_id);  // and the store is usable
    ++seeds;
  }
  EXPECT_GE(seeds, 10);
}

}  // namespace
}  // namespace flameup::detail
