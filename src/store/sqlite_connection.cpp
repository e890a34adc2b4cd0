#include "store/sqlite_connection.hpp"

#include <utility>

#include <sqlite3.h>

namespace flameup::detail {
namespace {

SqliteStatus make_status(sqlite3* db, int code) {
  SqliteStatus s;
  s.code = code;
  if (code != SQLITE_OK && code != SQLITE_ROW && code != SQLITE_DONE) {
    s.message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(code);
  } else {
    s.code = SQLITE_OK;
  }
  return s;
}

}  // namespace

bool SqliteStatus::corrupt() const noexcept {
  const int primary = code & 0xff;
  return primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB;
}

bool SqliteStatus::full() const noexcept {
  const int primary = code & 0xff;
  // A file-size limit (RLIMIT_FSIZE) or a full disk in the middle of a write shows as an I/O
  // error of a write; a full disk seen by SQLite's own checks as SQLITE_FULL.
  return primary == SQLITE_FULL || code == SQLITE_IOERR_WRITE || code == SQLITE_IOERR_FSYNC ||
         code == SQLITE_IOERR_TRUNCATE || code == SQLITE_IOERR_SHMSIZE;
}

SqliteConnection::~SqliteConnection() { close(); }

SqliteConnection::SqliteConnection(SqliteConnection&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)) {}

SqliteConnection& SqliteConnection::operator=(SqliteConnection&& other) noexcept {
  if (this != &other) {
    close();
    db_ = std::exchange(other.db_, nullptr);
  }
  return *this;
}

SqliteStatus SqliteConnection::open(const std::string& path, bool create) {
  close();
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  if (create) flags |= SQLITE_OPEN_CREATE;
  const int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  SqliteStatus s = make_status(db_, rc);
  if (!s.ok()) {
    close();
    return s;
  }
  // Extended codes tell a failed write (disk full) from other I/O errors.
  sqlite3_extended_result_codes(db_, 1);
  return s;
}

void SqliteConnection::close() noexcept {
  if (db_ != nullptr) {
    // Statements are finalized by their owners first; v2 defers the close if one is not.
    sqlite3_close_v2(db_);
    db_ = nullptr;
  }
}

SqliteStatus SqliteConnection::status(int code) const { return make_status(db_, code); }

SqliteStatus SqliteConnection::exec(const char* sql) {
  return status(sqlite3_exec(db_, sql, nullptr, nullptr, nullptr));
}

SqliteStatus SqliteConnection::query_int(const char* sql, std::int64_t& value) {
  SqliteStatement statement;
  if (SqliteStatus s = prepare(sql, statement)) return s;
  if (statement.step()) value = statement.column_int(0);
  return statement.status();
}

SqliteStatus SqliteConnection::prepare(const char* sql, SqliteStatement& statement) {
  statement = SqliteStatement{};
  const int rc = sqlite3_prepare_v2(db_, sql, -1, &statement.stmt_, nullptr);
  statement.db_ = db_;
  return status(rc);
}

std::int64_t SqliteConnection::changes() const noexcept { return sqlite3_changes(db_); }

SqliteStatement::~SqliteStatement() {
  if (stmt_ != nullptr) sqlite3_finalize(stmt_);
}

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : stmt_(std::exchange(other.stmt_, nullptr)),
      db_(std::exchange(other.db_, nullptr)),
      status_(std::move(other.status_)) {}

SqliteStatement& SqliteStatement::operator=(SqliteStatement&& other) noexcept {
  if (this != &other) {
    if (stmt_ != nullptr) sqlite3_finalize(stmt_);
    stmt_ = std::exchange(other.stmt_, nullptr);
    db_ = std::exchange(other.db_, nullptr);
    status_ = std::move(other.status_);
  }
  return *this;
}

void SqliteStatement::bind(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
}

void SqliteStatement::bind(int index, std::string_view text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
}

bool SqliteStatement::step() {
  const int rc = sqlite3_step(stmt_);
  status_ = make_status(db_, rc);
  return rc == SQLITE_ROW;
}

void SqliteStatement::reset() noexcept { sqlite3_reset(stmt_); }

std::int64_t SqliteStatement::column_int(int index) const {
  return sqlite3_column_int64(stmt_, index);
}

std::string SqliteStatement::column_text(int index) const {
  const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, index));
  const int size = sqlite3_column_bytes(stmt_, index);
  return data == nullptr ? std::string() : std::string(data, static_cast<std::size_t>(size));
}

}  // namespace flameup::detail
