#include "store/durable_store.hpp"

#include <algorithm>
#include <utility>

#include "client/logger.hpp"
#include "platform/brief_lock.hpp"
#include "platform/prefetch.hpp"

namespace flameup::detail {
namespace {

using std::chrono::milliseconds;
using SteadyClock = std::chrono::steady_clock;

// Records read from the file per replay step.
constexpr std::size_t kReplayBatch = 256;
// A batch's erase list keeps its room for the next batch up to this many keys; a burst's is
// given back.
constexpr std::size_t kKeptBatchRoom = 4096;
// After a commit, for how many commit intervals the thread goes on waking by itself: while
// records keep coming, the callers never have to wake it; once they stop, it soon sleeps.
constexpr int kLingerIntervals = 4;
// While replayed records wait for room in the engine, how often the store looks again.
constexpr milliseconds kReplayPoll{20};
// A failing open or commit is retried after a pause growing from the first to the last.
constexpr milliseconds kFirstRetry{100};
constexpr milliseconds kLastRetry{2000};

}  // namespace

DurableStore::DurableStore(DurableStoreOptions options, Hooks hooks)
    : options_(std::move(options)), hooks_(std::move(hooks)) {}

DurableStore::~DurableStore() {
  stop(SteadyClock::now());
  if (thread_.joinable()) thread_.join();
}

bool DurableStore::start() noexcept {
  try {
    thread_ = std::thread([this] {
      thread_id_.store(std::this_thread::get_id(), std::memory_order_release);
      run();
    });
  } catch (...) {
    return false;
  }
  started_.store(true, std::memory_order_release);
  return true;
}

// ---------------------------------------------------------------------------------------
// Caller side
// ---------------------------------------------------------------------------------------

DurableStore::Added DurableStore::add(std::string_view key, const std::string& body,
                                      std::int64_t accepted_ms) {
  Added added;
  bool wake = false;
  {
    // The store's thread holds the lock only for moments: a caller spins through one.
    const auto lock = lock_briefly_held(mu_);
    wake = note_pending();
    pending_.inserts.add(last_record_ + 1, key, accepted_ms, body);
    added.record = ++last_record_;
    added.ticket = pending_.last_ticket = ++next_ticket_;
  }
  if (wake) work_cv_.notify_one();
  prefetch_next_batch();
  return added;
}

void DurableStore::prefetch_next_batch() const noexcept {
  // The batch the store's thread emptied last is the one callers fill next. Its block list
  // and first room were last written by that thread: brought into this core's cache now,
  // between calls, they are not missed by the first add() after the swap (which then cost
  // several times an ordinary add() on the test machine).
  const char* room = next_room_hint_.load(std::memory_order_relaxed);
  prefetch_for_write(next_list_hint_.load(std::memory_order_relaxed));
  prefetch_for_write(room);
  if (room != nullptr) prefetch_for_write(room + kCacheLineBytes);
}

void DurableStore::remove(std::int64_t record) {
  bool wake = false;
  {
    // The engine's thread: no caller waits on it, so it does not spin.
    std::lock_guard<std::mutex> lock(mu_);
    wake = note_pending();
    pending_.erases.push_back(record);
    // A ticket too: persist() then also waits until delivered events have left the file.
    pending_.last_ticket = ++next_ticket_;
  }
  if (wake) work_cv_.notify_one();
}

bool DurableStore::note_pending() {
  if (!pending_.empty()) return false;
  // The thread commits one interval after the first pending record: it is woken only if it
  // would sleep past that.
  first_pending_ = SteadyClock::now();
  return wake_at_ > first_pending_ + options_.commit_interval;
}

std::uint64_t DurableStore::last_ticket() const {
  std::lock_guard<std::mutex> lock(mu_);
  return next_ticket_;
}

bool DurableStore::wait_committed(std::uint64_t ticket, SteadyClock::time_point deadline) {
  {
    std::lock_guard<std::mutex> lock(committed_mu_);
    if (opened_ && committed_through_ >= ticket) return true;
  }
  // From a callback this thread runs (on_delivery_error on a storage error): it would wait
  // for itself.
  if (std::this_thread::get_id() == thread_id_.load(std::memory_order_acquire)) return false;
  {
    // Every waiter asks for a commit now; one commit answers all of them.
    std::lock_guard<std::mutex> lock(mu_);
    urgent_ = true;
  }
  work_cv_.notify_one();
  std::unique_lock<std::mutex> lock(committed_mu_);
  return committed_cv_.wait_until(lock, deadline,
                                  [&] { return opened_ && committed_through_ >= ticket; });
}

void DurableStore::stop(SteadyClock::time_point deadline) noexcept {
  try {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
      stop_deadline_ = std::min(stop_deadline_, deadline);
    }
    work_cv_.notify_one();
    if (!started_.load(std::memory_order_acquire) ||
        thread_id_.load(std::memory_order_acquire) == std::this_thread::get_id()) {
      return;
    }
    std::unique_lock<std::mutex> lock(committed_mu_);
    committed_cv_.wait_until(lock, deadline, [this] { return finished_; });
  } catch (...) {
    // Waiting failed (a mutex error): the destructor still joins the thread.
  }
}

StoreCounters DurableStore::counters() const noexcept {
  StoreCounters c;
  c.stored = stored_.load(std::memory_order_relaxed);
  c.recovered = recovered_.load(std::memory_order_relaxed);
  c.errors = errors_.load(std::memory_order_relaxed);
  return c;
}

// ---------------------------------------------------------------------------------------
// Store thread
// ---------------------------------------------------------------------------------------

void DurableStore::run() noexcept {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    const bool stopping = wait_for_work(lock);
    // A batch that could not go back (out of memory) is written again before anything newer.
    if (writing_.empty()) take_pending(writing_);
    const bool wrote = !writing_.empty();
    const auto deadline = stop_deadline_;
    lock.unlock();
    try {
      cancel_pairs(writing_);
      if (ensure_open()) {
        write(writing_);
        if (!stopping) replay_some();
      }
    } catch (...) {
      // Out of memory: the batch goes back and is tried again after a pause.
      try {
        fail("write to", SqliteStatus{7, "out of memory"});
      } catch (...) {
        // Not even the report could be made: the pause and the counter are already set.
      }
    }
    if (!writing_.empty()) {
      try {
        put_back(writing_);
      } catch (...) {
        // Out of memory: nothing moved; the batch stays where it is, kept for the next turn.
      }
    }
    if (wrote) linger_until_ = SteadyClock::now() + kLingerIntervals * options_.commit_interval;
    lock.lock();
    if (stopping && (!has_work() || SteadyClock::now() >= deadline)) break;
  }
  const bool lost = has_work();
  lock.unlock();
  if (lost) fail("write the last events to", SqliteStatus{13, "gave up at close()"});
  store_.close();
  {
    std::lock_guard<std::mutex> done(committed_mu_);
    finished_ = true;
  }
  committed_cv_.notify_all();
}

bool DurableStore::wait_for_work(std::unique_lock<std::mutex>& lock) {
  for (;;) {
    const auto now = SteadyClock::now();
    if (stopping_) {
      // The last commit: tried at once, then again after each pause until the deadline.
      if (!has_work() || now >= next_try_ || now >= stop_deadline_) return true;
      sleep_until(lock, std::min(next_try_, stop_deadline_));
      continue;
    }
    auto wake = SteadyClock::time_point::max();
    if (has_work()) {
      const auto due = std::max(first_pending_ + options_.commit_interval, next_try_);
      if (urgent_ && now >= next_try_) return false;
      if (now >= due) return false;
      wake = due;
    }
    // Replaying (records wait for room in the engine) or not open yet (retrying).
    if (replay_cursor_ < replay_end_ || !store_.is_open()) {
      const auto due = store_.is_open() ? next_replay_ : next_try_;
      if (now >= due) return false;
      wake = std::min(wake, due);
    }
    // Busy lately: the thread looks again every commit interval by itself, so that callers
    // adding a record need not wake it (a system call on their thread).
    if (now < linger_until_ && options_.commit_interval.count() > 0) {
      wake = std::min(wake, now + options_.commit_interval);
    }
    sleep_until(lock, wake);
  }
}

void DurableStore::sleep_until(std::unique_lock<std::mutex>& lock, SteadyClock::time_point wake) {
  wake_at_ = wake;
  if (wake == SteadyClock::time_point::max()) {
    work_cv_.wait(lock);
  } else {
    work_cv_.wait_until(lock, wake);
  }
  wake_at_ = SteadyClock::time_point::min();  // awake: it sees whatever is added now
}

void DurableStore::Batch::clear() noexcept {
  inserts.clear();
  if (erases.capacity() > kKeptBatchRoom) {
    std::vector<std::int64_t>().swap(erases);
  } else {
    erases.clear();
  }
  last_ticket = 0;
}

void DurableStore::take_pending(Batch& batch) {
  // The callers go on in the emptied batch written last: its room is reused, so their adds
  // rarely allocate under the lock they take.
  std::swap(batch.inserts, pending_.inserts);
  std::swap(batch.erases, pending_.erases);
  batch.last_ticket = std::exchange(pending_.last_ticket, 0);
  urgent_ = false;
}

void DurableStore::cancel_pairs(Batch& batch) const {
  auto& erases = batch.erases;
  std::sort(erases.begin(), erases.end());
  if (erases.empty() || batch.inserts.empty()) return;
  // An event delivered before its insert was written: neither reaches the disk. Each number
  // is added once and removed at most once; the inserts are in ascending order.
  std::vector<std::int64_t> cancelled;
  batch.inserts.drop_if([&](const RecordBatch::Record& e) {
    if (!std::binary_search(erases.begin(), erases.end(), e.number)) return false;
    cancelled.push_back(e.number);
    return true;
  });
  erases.erase(std::remove_if(erases.begin(), erases.end(),
                              [&](std::int64_t n) {
                                return std::binary_search(cancelled.begin(), cancelled.end(), n);
                              }),
               erases.end());
}

void DurableStore::put_back(Batch& batch) {
  // The failed batch is older than anything added since: it goes first. The erase list's room
  // is taken first and the inserts go back all or nothing, so that running out of memory
  // leaves both batches as they were.
  std::lock_guard<std::mutex> lock(mu_);
  const bool was_empty = pending_.empty();
  batch.erases.reserve(batch.erases.size() + pending_.erases.size());
  pending_.inserts.prepend(std::move(batch.inserts));
  batch.erases.insert(batch.erases.end(), pending_.erases.begin(), pending_.erases.end());
  pending_.erases.swap(batch.erases);
  pending_.last_ticket = std::max(pending_.last_ticket, batch.last_ticket);
  if (was_empty) first_pending_ = SteadyClock::now();
  recycle(batch);
}

void DurableStore::recycle(Batch& batch) {
  batch.clear();
  // The callers fill this batch next (take_pending swaps it in): they prefetch its room.
  next_room_hint_.store(batch.inserts.next_room(), std::memory_order_relaxed);
  next_list_hint_.store(batch.inserts.block_list(), std::memory_order_relaxed);
}

bool DurableStore::ensure_open() {
  if (store_.is_open()) return true;
  if (SteadyClock::now() < next_try_) return false;
  OpenReport report;
  const SqliteStatus status = store_.open(options_.directory, options_.sync, report);
  if (!status.ok()) {
    fail("open", status);
    return false;
  }
  after_open(report, "at open");
  return true;
}

void DurableStore::after_open(const OpenReport& report, const char* when) {
  failures_in_a_row_ = 0;
  next_try_ = {};
  if (!based_) {
    // Once only: a file replaced later keeps the row ids of what it kept, and this process's
    // records go on numbering from the same base.
    based_ = true;
    row_base_ = report.last_id;
    replay_end_ = report.last_id;
  }
  replay_buffer_.clear();  // read again from the file now open, from the cursor on
  stored_.store(report.events, std::memory_order_relaxed);
  if (hooks_.reserve_recovered) hooks_.reserve_recovered(report.bytes);
  {
    std::lock_guard<std::mutex> lock(committed_mu_);
    opened_ = true;
  }
  committed_cv_.notify_all();
  if (!report.moved_to.empty()) {
    errors_.fetch_add(1, std::memory_order_relaxed);
    Error e;
    e.code = ErrorCode::storage;
    e.message = std::string("the store file was ") + report.moved_because + " " + when +
                ": moved to " + report.moved_to + "; " + std::to_string(report.salvaged) +
                " readable records were kept in a fresh store";
    if (hooks_.logger != nullptr) hooks_.logger->log(LogLevel::error, "flameup: " + e.message);
    if (hooks_.report_error) hooks_.report_error(e);
  }
  clear_failure();
}

void DurableStore::write(Batch& batch) {
  if (batch.empty()) {
    mark_committed(batch.last_ticket);
    return;
  }
  std::size_t erased = 0;
  const SqliteStatus status = store_.commit(batch.inserts, row_base_, rows_to_erase(batch), erased);
  if (status.ok()) {
    const std::size_t before = stored_.load(std::memory_order_relaxed);
    const std::size_t after = before + batch.inserts.size();
    stored_.store(after > erased ? after - erased : 0, std::memory_order_relaxed);
    mark_committed(batch.last_ticket);
    recycle(batch);
    clear_failure();
    return;
  }
  if (status.corrupt() && replace_damaged(status, "while in use")) {
    return;  // the batch is written again at once, into the fresh file
  }
  fail("write to", status);
}

bool DurableStore::replace_damaged(const SqliteStatus& status, const char* when) {
  OpenReport report;
  if (store_.quarantine(status.message, replay_cursor_, replay_end_, report).ok()) {
    after_open(report, when);
    return true;
  }
  return false;
}

std::vector<std::int64_t> DurableStore::rows_to_erase(const Batch& batch) const {
  // cancel_pairs() sorted the numbers: the rows come out ascending.
  std::vector<std::int64_t> rows;
  rows.reserve(batch.erases.size());
  for (const std::int64_t record : batch.erases) rows.push_back(row_base_ + record);
  return rows;
}

void DurableStore::replay_some() {
  while (replay_cursor_ < replay_end_) {
    if (replay_buffer_.empty()) {
      const SqliteStatus status =
          store_.read_range(replay_cursor_, replay_end_, kReplayBatch, replay_buffer_);
      if (status.corrupt() && replace_damaged(status, "while replaying")) continue;
      if (!status.ok()) {
        fail("read from", status);
        return;
      }
      if (replay_buffer_.empty()) {  // the rest was deleted meanwhile
        replay_cursor_ = replay_end_;
        return;
      }
      for (auto& e : replay_buffer_) e.record = e.id - row_base_;
    }
    const std::size_t taken =
        hooks_.offer_recovered ? std::min(hooks_.offer_recovered(replay_buffer_), replay_buffer_.size())
                               : replay_buffer_.size();
    if (taken > 0) {
      replay_cursor_ = replay_buffer_[taken - 1].id;
      replay_buffer_.erase(replay_buffer_.begin(), replay_buffer_.begin() + static_cast<std::ptrdiff_t>(taken));
      recovered_.fetch_add(taken, std::memory_order_relaxed);
    }
    if (!replay_buffer_.empty()) {  // no room now: the thread comes back later
      next_replay_ = SteadyClock::now() + kReplayPoll;
      return;
    }
  }
}

void DurableStore::fail(const std::string& what, const SqliteStatus& status) {
  errors_.fetch_add(1, std::memory_order_relaxed);
  ++failures_in_a_row_;
  next_try_ = SteadyClock::now() + retry_pause();
  if (failure_reported_) return;  // one report per condition, not one per retry
  failure_reported_ = true;
  Error e;
  e.code = ErrorCode::storage;
  e.message = "could not " + what + " the store in " + options_.directory + " (" +
              status.message + "); events stay in memory and writing is retried";
  if (hooks_.logger != nullptr) hooks_.logger->log(LogLevel::error, "flameup: " + e.message);
  if (hooks_.report_error) hooks_.report_error(e);
}

void DurableStore::clear_failure() {
  failures_in_a_row_ = 0;
  next_try_ = {};
  if (failure_reported_ && hooks_.logger != nullptr) {
    hooks_.logger->log(LogLevel::info, "flameup: the store is writable again");
  }
  failure_reported_ = false;
}

void DurableStore::mark_committed(std::uint64_t ticket) {
  {
    std::lock_guard<std::mutex> lock(committed_mu_);
    if (ticket <= committed_through_) return;
    committed_through_ = ticket;
  }
  committed_cv_.notify_all();
}

milliseconds DurableStore::retry_pause() {
  const int doublings = std::min(failures_in_a_row_ - 1, 8);
  return std::min(kLastRetry, kFirstRetry * (1 << std::max(doublings, 0)));
}

}  // namespace flameup::detail
