#pragma once
// Durable mode's background writer: every event enqueue() accepts is handed here (its body
// copied into a RecordBatch, on the caller's thread, under a short lock) and written to the
// EventStore by this class's own thread in group commits; every outcome deletes its record.
// It also replays what an earlier process left in the store, handing the records to the
// delivery engine as room allows.
//
// An insert and the delete of the same event that meet before their commit cancel out: an
// event delivered within one commit interval never touches the disk. Every record has a
// number: add() hands out 1, 2, ... and a replayed record gets one at or below 0. Its row id is
// the row base (the largest row id in the file when this store first opened it) plus that
// number, so a delete names its row without a lookup, and the file needs no index on the key.
// persist() and the wait-for-commit enqueue option wait on tickets: a ticket is committed
// once the batch holding its insert (or the cancellation of it) has committed.
//
// Faults: a commit that fails (disk full, an I/O error) is retried with a growing pause while
// the events stay in memory; a file found damaged is moved aside (EventStore) and writing
// goes on in a fresh one. Each new condition is reported once through the error hook.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "flameup/error.hpp"
#include "store/event_store.hpp"
#include "store/record_batch.hpp"

namespace flameup::detail {

class Logger;

struct DurableStoreOptions {
  std::string directory;
  SyncLevel sync = SyncLevel::process_crash;
  std::chrono::milliseconds commit_interval{5};
};

/// Counters for Client::stats().
struct StoreCounters {
  std::size_t stored = 0;       // records in the store, as of the last commit
  std::uint64_t recovered = 0;  // records of earlier processes handed to the engine
  std::uint64_t errors = 0;     // failed opens and commits, damaged files moved aside
};

class DurableStore {
 public:
  struct Hooks {
    /// Called on the store thread with records left by earlier processes, oldest first; the
    /// engine takes a prefix of them (as room allows) and returns how many it took.
    std::function<std::size_t(std::vector<StoredEvent>& records)> offer_recovered;
    /// Told the total body size of the records still waiting to be replayed (those not yet
    /// offered), whenever the store is (re)opened: the engine keeps room for them.
    std::function<void(std::size_t bytes)> reserve_recovered;
    /// A storage failure (already free of secrets: it names files, never the API key).
    std::function<void(const Error& error)> report_error;
    /// May be null; must outlive the store.
    const Logger* logger = nullptr;
  };

  DurableStore(DurableStoreOptions options, Hooks hooks);
  /// stop() with no deadline if it was not called, then joins the thread.
  ~DurableStore();
  DurableStore(const DurableStore&) = delete;
  DurableStore& operator=(const DurableStore&) = delete;

  /// Starts the thread (the file is opened there, never on the caller's thread).
  bool start() noexcept;

  /// What add() hands back.
  struct Added {
    /// What persist() waits on.
    std::uint64_t ticket = 0;
    /// The record's number: remove() names the record by it.
    std::int64_t record = 0;
  };

  /// Caller side: queues the insert of one accepted event.
  Added add(std::string_view key, const std::string& body, std::int64_t accepted_ms);
  /// The event reached its outcome (or was refused after add()): its record goes. @p record is
  /// add()'s number or a replayed record's (StoredEvent::record). It has a ticket like an
  /// insert (not returned: only persist() waits for it).
  void remove(std::int64_t record);
  /// The ticket of the last add() or remove() (0 if none).
  std::uint64_t last_ticket() const;
  /// Waits until the store is open and @p ticket is committed, asking for a commit now.
  /// False at the deadline.
  bool wait_committed(std::uint64_t ticket, std::chrono::steady_clock::time_point deadline);

  /// Stops replaying, commits what is pending and closes the file; waits for that until
  /// @p deadline (the thread finishes the commit even after it). Idempotent.
  void stop(std::chrono::steady_clock::time_point deadline) noexcept;

  StoreCounters counters() const noexcept;

 private:
  struct Batch {
    RecordBatch inserts;
    std::vector<std::int64_t> erases;  // record numbers
    std::uint64_t last_ticket = 0;
    bool empty() const noexcept { return inserts.empty() && erases.empty(); }
    /// Empties the batch, keeping its room for the next one (unless a burst made it large).
    void clear() noexcept;
  };
  /// Under mu_, before a record joins pending_: starts the commit interval when it is the
  /// first; true when the thread must be woken to commit it in time.
  bool note_pending();
  void run() noexcept;
  /// Under mu_, on the store thread: records wait to be written (pending, or a batch that
  /// failed and could not be put back).
  bool has_work() const noexcept { return !pending_.empty() || !writing_.empty(); }
  bool wait_for_work(std::unique_lock<std::mutex>& lock);
  /// Waits on work_cv_ until @p wake (max: until woken), telling callers when it will wake.
  void sleep_until(std::unique_lock<std::mutex>& lock, std::chrono::steady_clock::time_point wake);
  void take_pending(Batch& batch);
  /// Empties a batch the thread is done with and tells callers where they will write next.
  void recycle(Batch& batch);
  /// Caller side: prefetches what the first add() into the next batch touches.
  void prefetch_next_batch() const noexcept;
  void cancel_pairs(Batch& batch) const;
  /// A failed batch goes back in front of what was added since. Throws only out of memory,
  /// and then changes nothing.
  void put_back(Batch& batch);
  bool ensure_open();
  void write(Batch& batch);
  /// The row ids of the records the batch deletes, ascending.
  std::vector<std::int64_t> rows_to_erase(const Batch& batch) const;
  /// Moves a file found damaged @p when aside and goes on in a fresh one; false if that
  /// failed (the caller reports it).
  bool replace_damaged(const SqliteStatus& status, const char* when);
  void replay_some();
  void after_open(const OpenReport& report, const char* when);
  void fail(const std::string& what, const SqliteStatus& status);
  void clear_failure();
  void mark_committed(std::uint64_t ticket);
  std::chrono::milliseconds retry_pause();

  const DurableStoreOptions options_;
  const Hooks hooks_;
  EventStore store_;

  mutable std::mutex mu_;
  std::condition_variable work_cv_;
  Batch pending_;
  std::uint64_t next_ticket_ = 0;
  std::int64_t last_record_ = 0;
  bool urgent_ = false;
  bool stopping_ = false;
  std::chrono::steady_clock::time_point first_pending_{};
  // When the thread wakes by itself (min while it is awake, max while it waits to be woken).
  std::chrono::steady_clock::time_point wake_at_ = std::chrono::steady_clock::time_point::min();

  std::mutex committed_mu_;
  std::condition_variable committed_cv_;
  std::uint64_t committed_through_ = 0;
  bool opened_ = false;  // the file was opened once: before that nothing is committed
  bool finished_ = false;
  std::chrono::steady_clock::time_point stop_deadline_ = std::chrono::steady_clock::time_point::max();

  std::thread thread_;
  std::atomic<std::thread::id> thread_id_{};
  std::atomic<bool> started_{false};

  // Store thread only.
  Batch writing_;
  std::chrono::steady_clock::time_point linger_until_{};
  bool based_ = false;  // the row base is set (by the first open)
  std::int64_t row_base_ = 0;
  std::int64_t replay_cursor_ = 0;  // rows up to here were handed to the engine
  std::int64_t replay_end_ = 0;     // rows up to here were left by earlier processes
  std::vector<StoredEvent> replay_buffer_;
  std::chrono::steady_clock::time_point next_replay_{};
  int failures_in_a_row_ = 0;
  std::chrono::steady_clock::time_point next_try_{};
  bool failure_reported_ = false;

  // Where callers write after the next swap (prefetch hints: never read through).
  std::atomic<const char*> next_room_hint_{nullptr};
  std::atomic<const void*> next_list_hint_{nullptr};

  std::atomic<std::size_t> stored_{0};
  std::atomic<std::uint64_t> recovered_{0};
  std::atomic<std::uint64_t> errors_{0};
};

}  // namespace flameup::detail
