#include "store/event_store.hpp"

#include <algorithm>
#include <chrono>
#include <limits>

#include <nlohmann/json.hpp>

#include "platform/private_files.hpp"
#include "wire/rfc3339.hpp"

namespace flameup::detail {
namespace {

// PRAGMA application_id of this SDK's stores ("FLUP"): tells them from other SQLite files.
constexpr std::int64_t kApplicationId = 0x464C5550;

constexpr const char* kSchema =
    "CREATE TABLE IF NOT EXISTS events("
    "  id INTEGER PRIMARY KEY,"
    "  idempotency_key TEXT NOT NULL,"
    "  accepted_ms INTEGER NOT NULL,"
    "  body TEXT NOT NULL);"
    // Records are deleted by row id (DurableStore knows each one's): an index on the key cost
    // more than the rest of an insert and a delete together. Earlier stores had one.
    "DROP INDEX IF EXISTS events_by_key;";

// A replay range covering every row.
constexpr std::int64_t kEverything = std::numeric_limits<std::int64_t>::max();

constexpr const char* kColumns = "SELECT id, idempotency_key, accepted_ms, body FROM events ";
// Rows per INSERT statement in a commit: one statement's own cost (its step, reset and halt)
// is then shared by many rows.
constexpr std::size_t kRowsPerInsert = 32;

std::string insert_sql(std::size_t rows) {
  std::string sql = "INSERT INTO events(id, idempotency_key, accepted_ms, body) VALUES";
  for (std::size_t i = 0; i < rows; ++i) sql += i == 0 ? "(?, ?, ?, ?)" : ", (?, ?, ?, ?)";
  return sql;
}

SqliteStatus failure(std::string message) {
  SqliteStatus s;
  s.code = 1;  // SQLITE_ERROR
  s.message = std::move(message);
  return s;
}

// Reads one row into @p e; false when its key is longer than any this SDK writes (it is cut).
bool read_row(const SqliteStatement& row, StoredEvent& e) {
  e.id = row.column_int(0);
  const std::string key = row.column_text(1);
  e.key.assign(key);
  e.accepted_ms = row.column_int(2);
  e.body = row.column_text(3);
  return key.size() <= EventKey::kMaxLength;
}

// A salvaged row is kept only if it is still an event this SDK could have written.
bool plausible(const StoredEvent& e, bool key_fits) {
  return key_fits && e.id > 0 && e.id <= EventStore::kMaxRowId && !e.key.view().empty() &&
         !e.body.empty() && e.body.front() == '{' && nlohmann::json::accept(e.body);
}

// A damaged b-tree may list a row twice: one copy is kept (both passed plausible()).
std::vector<StoredEvent> unique_by_id(std::vector<StoredEvent> rows) {
  std::sort(rows.begin(), rows.end(),
            [](const StoredEvent& a, const StoredEvent& b) { return a.id < b.id; });
  rows.erase(std::unique(rows.begin(), rows.end(),
                         [](const StoredEvent& a, const StoredEvent& b) { return a.id == b.id; }),
             rows.end());
  return rows;
}

// "2026-12-01T110500.123Z": the RFC 3339 time without colons (not allowed in every file
// system), sortable.
std::string file_timestamp() {
  std::string text;
  append_timestamp(text, std::chrono::system_clock::now());
  text.erase(std::remove(text.begin(), text.end(), ':'), text.end());
  return text;
}

}  // namespace

SqliteStatus EventStore::open(const std::string& directory, SyncLevel sync, OpenReport& report) {
  directory_ = directory;
  path_ = directory + "/" + kFileName;
  sync_ = sync;
  report = OpenReport{};
  if (std::string why = create_private_file(path_); !why.empty()) return failure(why);
  SqliteStatus status = open_file(true);
  std::string unusable;
  if (status.ok()) unusable = check_identity(status);
  if (!status.ok() && status.corrupt()) unusable = "damaged (" + status.message + ")";
  if (!unusable.empty()) return start_fresh(unusable, 0, kEverything, report);
  if (!status.ok()) return status;
  if (SqliteStatus s = create_schema()) return s;
  status = read_totals(report);
  if (status.corrupt()) return start_fresh("damaged (" + status.message + ")", 0, kEverything, report);
  if (!status.ok()) return status;
  if (report.last_id > kMaxRowId) {
    return start_fresh("damaged (a row id beyond any this SDK writes)", 0, kEverything, report);
  }
  return prepare_statements();
}

void EventStore::close() noexcept {
  insert_ = SqliteStatement{};
  insert_rows_ = SqliteStatement{};
  erase_ = SqliteStatement{};
  read_ = SqliteStatement{};
  db_.close();
}

SqliteStatus EventStore::open_file(bool create) {
  if (SqliteStatus s = db_.open(path_, create)) return s;
  return configure();
}

SqliteStatus EventStore::configure() {
  // WAL: readers never block the writer, and a commit is one append. synchronous=NORMAL in
  // WAL mode survives a process crash (the WAL is in the OS's hands once written);
  // synchronous=FULL adds the fsync per commit that a power cut needs.
  std::int64_t ignored = 0;
  if (SqliteStatus s = db_.query_int("PRAGMA journal_mode=WAL", ignored)) return s;
  return db_.exec(sync_ == SyncLevel::power_loss ? "PRAGMA synchronous=FULL"
                                                 : "PRAGMA synchronous=NORMAL");
}

std::string EventStore::check_identity(SqliteStatus& status) {
  std::int64_t application = 0, version = 0, tables = 0;
  status = db_.query_int("PRAGMA application_id", application);
  if (status.ok()) status = db_.query_int("PRAGMA user_version", version);
  if (status.ok()) {
    status = db_.query_int("SELECT count(*) FROM sqlite_master WHERE type='table'", tables);
  }
  if (!status.ok()) return {};  // the caller decides from the status
  if (application == 0 && version == 0 && tables == 0) return {};  // a new, empty file
  if (application != kApplicationId) return "not a flameup store (another application's file)";
  if (version > kSchemaVersion) {
    return "written by a newer flameup (schema " + std::to_string(version) + ", this one reads " +
           std::to_string(kSchemaVersion) + ")";
  }
  return {};
}

SqliteStatus EventStore::create_schema() {
  if (SqliteStatus s = db_.exec(kSchema)) return s;
  if (SqliteStatus s = db_.exec(("PRAGMA application_id=" + std::to_string(kApplicationId)).c_str())) {
    return s;
  }
  return db_.exec(("PRAGMA user_version=" + std::to_string(kSchemaVersion)).c_str());
}

SqliteStatus EventStore::read_totals(OpenReport& report) {
  // quick_check reads every page: damage found now is handled now, not in the middle of a
  // delete months later.
  SqliteStatement check;
  if (SqliteStatus s = db_.prepare("PRAGMA quick_check(1)", check)) return s;
  if (check.step() && check.column_text(0) != "ok") {
    SqliteStatus s;
    s.code = 11;  // SQLITE_CORRUPT
    s.message = "integrity check: " + check.column_text(0);
    return s;
  }
  if (!check.status().ok()) return check.status();
  SqliteStatement totals;
  if (SqliteStatus s = db_.prepare(
          "SELECT count(*), coalesce(sum(length(CAST(body AS BLOB))), 0), coalesce(max(id), 0) "
          "FROM events",
          totals)) {
    return s;
  }
  if (totals.step()) {
    report.events = static_cast<std::size_t>(std::max<std::int64_t>(0, totals.column_int(0)));
    report.bytes = static_cast<std::size_t>(std::max<std::int64_t>(0, totals.column_int(1)));
    report.last_id = totals.column_int(2);
  }
  return totals.status();
}

SqliteStatus EventStore::prepare_statements() {
  if (SqliteStatus s = db_.prepare(insert_sql(1).c_str(), insert_)) return s;
  if (SqliteStatus s = db_.prepare(insert_sql(kRowsPerInsert).c_str(), insert_rows_)) return s;
  if (SqliteStatus s = db_.prepare("DELETE FROM events WHERE id BETWEEN ?1 AND ?2", erase_)) {
    return s;
  }
  return db_.prepare((std::string(kColumns) + "WHERE id > ?1 AND id <= ?2 ORDER BY id LIMIT ?3").c_str(),
                     read_);
}

SqliteStatus EventStore::commit(const RecordBatch& inserts, std::int64_t row_base,
                                const std::vector<std::int64_t>& erase_ids, std::size_t& erased) {
  erased = 0;
  if (inserts.empty() && erase_ids.empty()) return {};
  if (SqliteStatus s = db_.exec("BEGIN IMMEDIATE")) return s;
  SqliteStatus status = insert(inserts, row_base);
  // Events are mostly delivered in the order they were accepted: runs of consecutive ids
  // go in one statement each.
  for (std::size_t i = 0; status.ok() && i < erase_ids.size();) {
    std::size_t end = i + 1;
    while (end < erase_ids.size() && erase_ids[end] == erase_ids[end - 1] + 1) ++end;
    erase_.reset();
    erase_.bind(1, erase_ids[i]);
    erase_.bind(2, erase_ids[end - 1]);
    erase_.step();
    status = erase_.status();
    if (status.ok()) erased += static_cast<std::size_t>(db_.changes());
    i = end;
  }
  erase_.reset();
  if (status.ok()) status = db_.exec("COMMIT");
  if (!status.ok()) {
    db_.exec("ROLLBACK");
    erased = 0;
  }
  return status;
}

SqliteStatus EventStore::insert(const RecordBatch& inserts, std::int64_t row_base) {
  // Whole groups of kRowsPerInsert records go in one statement each, the rest one by one. The
  // key and body are bound where they lie in the batch's blocks, which outlive the statement.
  const std::size_t grouped = inserts.size() / kRowsPerInsert * kRowsPerInsert;
  std::size_t done = 0;
  SqliteStatus status;
  inserts.for_each([&](const RecordBatch::Record& e) {
    const bool in_group = done < grouped;
    SqliteStatement& statement = in_group ? insert_rows_ : insert_;
    const std::size_t row = in_group ? done % kRowsPerInsert : 0;
    if (row == 0) statement.reset();
    const int first = static_cast<int>(row) * 4 + 1;
    statement.bind(first, row_base + e.number);
    statement.bind(first + 1, e.key);
    statement.bind(first + 2, e.accepted_ms);
    statement.bind(first + 3, e.body);
    ++done;
    if (!in_group || row + 1 == kRowsPerInsert) {
      statement.step();
      status = statement.status();
    }
    return status.ok();
  });
  insert_rows_.reset();
  insert_.reset();
  return status;
}

SqliteStatus EventStore::read_range(std::int64_t after, std::int64_t up_to, std::size_t limit,
                                    std::vector<StoredEvent>& out) {
  read_.reset();
  read_.bind(1, after);
  read_.bind(2, up_to);
  read_.bind(3, static_cast<std::int64_t>(std::min<std::size_t>(limit, 1u << 20)));
  while (read_.step()) {
    out.emplace_back();
    read_row(read_, out.back());
  }
  SqliteStatus status = read_.status();
  read_.reset();
  return status;
}

std::vector<StoredEvent> EventStore::salvage() {
  std::vector<StoredEvent> found;
  // Without it SQLite refuses a file shorter than its header says (a truncated store) before
  // reading a single row; with it, it reads every page that is still there.
  db_.exec("PRAGMA writable_schema=ON");
  std::int64_t forward_end = 0;
  SqliteStatement scan;
  if (!db_.prepare((std::string(kColumns) + "ORDER BY id").c_str(), scan).ok()) return found;
  while (scan.step()) {
    StoredEvent e;
    const bool key_fits = read_row(scan, e);
    forward_end = e.id;
    if (plausible(e, key_fits)) found.push_back(std::move(e));
  }
  if (scan.status().ok()) return unique_by_id(std::move(found));
  // The forward scan stopped at a damaged page: read the rest from the other end.
  SqliteStatement back;
  if (!db_.prepare((std::string(kColumns) + "WHERE id > ?1 ORDER BY id DESC").c_str(), back).ok()) {
    return found;
  }
  back.bind(1, forward_end);
  std::vector<StoredEvent> tail;
  while (back.step()) {
    StoredEvent e;
    const bool key_fits = read_row(back, e);
    if (plausible(e, key_fits)) tail.push_back(std::move(e));
  }
  found.insert(found.end(), tail.rbegin(), tail.rend());
  return unique_by_id(std::move(found));
}

std::string EventStore::move_aside(const std::string& reason) {
  const std::string target = path_ + "." + reason + "-" + file_timestamp();
  std::string why = move_file(path_, target);
  // The WAL holds committed transactions: it moves with its database, under the same name.
  if (why.empty()) why = move_file(path_ + "-wal", target + "-wal");
  if (why.empty()) why = move_file(path_ + "-shm", target + "-shm");
  return why.empty() ? target : std::string();
}

SqliteStatus EventStore::start_fresh(const std::string& reason, std::int64_t replayed,
                                     std::int64_t replay_end, OpenReport& report) {
  // Only a damaged store of ours is read: a foreign or newer file must not be misread.
  const bool damaged = reason.rfind("damaged", 0) == 0;
  std::vector<StoredEvent> saved;
  if (damaged && db_.is_open()) saved = salvage();
  close();
  report.moved_to = move_aside(damaged ? "damaged" : "unusable");
  report.moved_because = reason;
  if (report.moved_to.empty()) return failure("cannot move the unusable store " + path_ + " aside");
  if (std::string why = create_private_file(path_); !why.empty()) return failure(why);
  if (SqliteStatus s = open_file(true)) return s;
  if (SqliteStatus s = create_schema()) return s;
  if (SqliteStatus s = prepare_statements()) return s;
  // The copies keep their row ids: the engine names held records by them.
  RecordBatch copies;
  report.bytes = 0;
  for (const auto& e : saved) {
    copies.add(e.id, e.key.view(), e.accepted_ms, e.body);
    if (e.id > replayed && e.id <= replay_end) report.bytes += e.bytes();
  }
  std::size_t ignored = 0;
  if (SqliteStatus s = commit(copies, 0, {}, ignored)) return s;
  report.events = saved.size();
  report.last_id = saved.empty() ? 0 : saved.back().id;
  report.salvaged = saved.size();
  return {};
}

SqliteStatus EventStore::quarantine(const std::string& because, std::int64_t replayed,
                                    std::int64_t replay_end, OpenReport& report) {
  report = OpenReport{};
  return start_fresh("damaged (" + because + ")", replayed, replay_end, report);
}

}  // namespace flameup::detail
