#pragma once
// Records waiting to be inserted into the store: what DurableStore::add() collects on the
// callers' threads and the store thread writes in one transaction. The bodies are copied into
// large blocks owned by the batch rather than allocated one by one: a caller pays a copy, not
// an allocation, and the store thread never frees the callers' memory piece by piece (which
// would contend with their allocations). The store keeps two batches and swaps them, so the
// blocks are reused from one commit to the next.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "wire/event_key.hpp"

namespace flameup::detail {

class RecordBatch {
 public:
  struct Record {
    /// The record's number (DurableStore::add): its row id is the store's row base plus it.
    std::int64_t number = 0;
    EventKey key;
    /// When enqueue() accepted it: wall-clock milliseconds since the Unix epoch.
    std::int64_t accepted_ms = 0;
    /// The serialized JSON body, in one of the batch's blocks.
    std::string_view body;
  };

  RecordBatch() = default;
  RecordBatch(RecordBatch&&) noexcept = default;
  RecordBatch& operator=(RecordBatch&&) noexcept = default;
  RecordBatch(const RecordBatch&) = delete;
  RecordBatch& operator=(const RecordBatch&) = delete;

  /// Appends a record, copying @p body into the batch. Numbers must grow from one add() to
  /// the next (prepend() keeps that order).
  void add(std::int64_t number, std::string_view key, std::int64_t accepted_ms,
           std::string_view body);
  /// Takes the room prepend(@p earlier) needs: after it, prepend() allocates nothing and
  /// cannot throw.
  void reserve_for(const RecordBatch& earlier);
  /// Puts @p earlier's records before this batch's (a failed batch going back in front of
  /// what was added since); @p earlier is left empty.
  void prepend(RecordBatch&& earlier);
  /// Empties the batch, keeping its blocks and the record list's room (up to a bound).
  void clear() noexcept;

  bool empty() const noexcept { return records_.empty(); }
  std::size_t size() const noexcept { return records_.size(); }
  std::vector<Record>& records() noexcept { return records_; }
  const std::vector<Record>& records() const noexcept { return records_; }

 private:
  struct Block {
    std::unique_ptr<char[]> bytes;
    std::size_t size = 0;
  };
  static constexpr std::size_t kBlockSize = 64 * 1024;
  /// What clear() keeps for the next batch: enough for a few milliseconds of events at the
  /// fastest enqueue rate (memory handed back and taken again costs page faults on the
  /// callers' threads); a larger burst's room is given back.
  static constexpr std::size_t kKeptBlocks = 16;
  static constexpr std::size_t kKeptRecords = 8192;

  std::string_view copy_body(std::string_view body);

  std::vector<Record> records_;
  std::vector<Block> blocks_;  // holding the records' bodies; the last one is being filled
  std::size_t used_ = 0;       // bytes used in the last block
  std::vector<Block> spare_;   // empty, ordinary blocks kept by clear()
};

}  // namespace flameup::detail
