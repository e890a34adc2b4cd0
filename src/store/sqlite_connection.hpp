#pragma once
// A thin RAII layer over the SQLite C API: one connection, prepared statements, and errors as
// values (SQLite result codes with their message), never exceptions. Nothing outside src/store
// sees a SQLite type.

#include <cstdint>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace flameup::detail {

/// The outcome of one SQLite call: its primary result code and message.
struct SqliteStatus {
  int code = 0;  // SQLITE_OK
  std::string message;

  bool ok() const noexcept { return code == 0; }
  explicit operator bool() const noexcept { return !ok(); }
  /// The file is not a database or is damaged (SQLITE_CORRUPT, SQLITE_NOTADB).
  bool corrupt() const noexcept;
  /// The disk, a quota or a file-size limit is full (SQLITE_FULL, or an I/O error writing).
  bool full() const noexcept;
};

class SqliteStatement;

class SqliteConnection {
 public:
  SqliteConnection() = default;
  ~SqliteConnection();
  SqliteConnection(SqliteConnection&& other) noexcept;
  SqliteConnection& operator=(SqliteConnection&& other) noexcept;
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  /// Opens (creating when @p create) the database file at @p path, for this thread only
  /// (SQLITE_OPEN_NOMUTEX: the store uses a connection from one thread at a time).
  SqliteStatus open(const std::string& path, bool create);
  void close() noexcept;
  bool is_open() const noexcept { return db_ != nullptr; }

  /// Runs one or more statements that return no rows.
  SqliteStatus exec(const char* sql);
  /// Runs a statement returning one integer (e.g. a PRAGMA); @p value is set on success.
  SqliteStatus query_int(const char* sql, std::int64_t& value);
  SqliteStatus prepare(const char* sql, SqliteStatement& statement);
  /// Rows changed by the last INSERT/UPDATE/DELETE.
  std::int64_t changes() const noexcept;

 private:
  SqliteStatus status(int code) const;
  sqlite3* db_ = nullptr;
};

/// A prepared statement. step() returns true while there is a row to read.
class SqliteStatement {
 public:
  SqliteStatement() = default;
  ~SqliteStatement();
  SqliteStatement(SqliteStatement&& other) noexcept;
  SqliteStatement& operator=(SqliteStatement&& other) noexcept;
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  void bind(int index, std::int64_t value);
  /// Binds without copying: @p text must outlive the next step()/reset().
  void bind(int index, std::string_view text);
  /// Steps once: true with a row to read, false when done or on error (see status()).
  bool step();
  /// Ready to run again (bindings kept until rebound).
  void reset() noexcept;
  std::int64_t column_int(int index) const;
  std::string column_text(int index) const;
  /// The result of the last step(): ok (row or done) or the error.
  const SqliteStatus& status() const noexcept { return status_; }

 private:
  friend class SqliteConnection;
  sqlite3_stmt* stmt_ = nullptr;
  sqlite3* db_ = nullptr;
  SqliteStatus status_;
};

}  // namespace flameup::detail
