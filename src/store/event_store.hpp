#pragma once
// The durable store's database: one SQLite file (WAL journal) in the store directory, holding
// every accepted event that has no outcome yet. This class owns the schema and the queries;
// DurableStore decides when to call them, from one thread.
//
// Opening never loses data silently: a file that is not a database, is damaged, belongs to
// another application or was written by a newer version of the SDK is moved aside (renamed
// with a timestamp, never deleted) and a fresh store is started; the records SQLite can still
// read from a damaged file are copied into the fresh one.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "store/record_batch.hpp"
#include "store/sqlite_connection.hpp"
#include "store/stored_event.hpp"

namespace flameup::detail {

/// What a commit survives.
enum class SyncLevel {
  process_crash,  ///< WAL with synchronous=NORMAL: no fsync per commit.
  power_loss,     ///< WAL with synchronous=FULL: fsync per commit.
};

/// What open() found and did, for stats and the application's error callback.
struct OpenReport {
  /// Events in the store, and the body size of those still to replay (all of them after
  /// open(); those in the replay range after quarantine()).
  std::size_t events = 0;
  std::size_t bytes = 0;
  /// The largest row id in the file (0 if empty): rows up to it were left by earlier
  /// processes, and this one numbers its own rows above it.
  std::int64_t last_id = 0;
  /// Where the unusable file was moved, and why ("" when nothing was moved).
  std::string moved_to;
  std::string moved_because;
  /// Records copied out of the moved file into the fresh store, with their row ids.
  std::size_t salvaged = 0;
};

class EventStore {
 public:
  /// The file name inside the store directory.
  static constexpr const char* kFileName = "events.db";
  /// The schema this version writes (PRAGMA user_version).
  static constexpr std::int64_t kSchemaVersion = 1;
  /// No row id this SDK writes comes near it (ids grow by one per event ever stored); a file
  /// holding a larger one is damaged. Keeps the row base plus a record number from overflowing.
  static constexpr std::int64_t kMaxRowId = std::int64_t{1} << 62;

  /// Opens (or creates) the store in @p directory. On failure the message says what failed.
  SqliteStatus open(const std::string& directory, SyncLevel sync, OpenReport& report);
  void close() noexcept;
  bool is_open() const noexcept { return db_.is_open(); }

  /// One transaction: writes @p inserts, each as row @p row_base plus its number, then deletes
  /// the rows whose ids @p erase_ids lists in ascending order (rows already gone are ignored).
  /// On failure nothing is written. @p erased gets the number of rows deleted.
  SqliteStatus commit(const RecordBatch& inserts, std::int64_t row_base,
                      const std::vector<std::int64_t>& erase_ids, std::size_t& erased);
  /// Reads up to @p limit rows with `after < id <= up_to`, oldest first.
  SqliteStatus read_range(std::int64_t after, std::int64_t up_to, std::size_t limit,
                          std::vector<StoredEvent>& out);
  /// Moves the current file aside (it turned out damaged while in use), after copying out what
  /// can still be read, and starts a fresh store holding those records under their row ids.
  /// Rows with `replayed < id <= replay_end` are still to replay: the report's bytes are theirs.
  SqliteStatus quarantine(const std::string& because, std::int64_t replayed,
                          std::int64_t replay_end, OpenReport& report);

 private:
  SqliteStatus open_file(bool create);
  SqliteStatus configure();
  /// "" when the file holds this SDK's store (or nothing yet), else why it cannot be used.
  std::string check_identity(SqliteStatus& status);
  SqliteStatus create_schema();
  SqliteStatus read_totals(OpenReport& report);
  SqliteStatus prepare_statements();
  /// Inserts each record (within the caller's transaction), stopping at the first failure.
  SqliteStatus insert(const RecordBatch& inserts, std::int64_t row_base);
  /// Reads every record SQLite can still read (forward, then backward past a damaged spot), by
  /// row id, each id once.
  std::vector<StoredEvent> salvage();
  /// Renames the file (and its WAL and shared-memory files) with @p reason and a timestamp.
  std::string move_aside(const std::string& reason);
  SqliteStatus start_fresh(const std::string& reason, std::int64_t replayed,
                          std::int64_t replay_end, OpenReport& report);

  std::string directory_;
  std::string path_;
  SyncLevel sync_ = SyncLevel::process_crash;
  SqliteConnection db_;
  SqliteStatement insert_;
  SqliteStatement insert_rows_;  // kRowsPerInsert rows in one statement
  SqliteStatement erase_;
  SqliteStatement read_;
};

}  // namespace flameup::detail
