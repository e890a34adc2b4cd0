#pragma once
// Records waiting to be inserted into the store: what DurableStore::add() collects on the
// callers' threads and the store thread writes in one transaction. Each record (a small fixed
// header, then its body) is copied into large blocks owned by the batch rather than allocated
// on its own: a caller pays a copy, not an allocation, and the store thread never frees the
// callers' memory piece by piece (which would contend with their allocations). The store keeps
// two batches and swaps them, so the blocks are reused from one commit to the next.
//
// There is no separate list of records: a list would grow by copying itself into new memory
// on a caller's thread, and fresh memory costs a page fault every few dozen records (a flood
// makes each batch larger than the last). The blocks are the list.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <string_view>
#include <vector>

#include "wire/event_key.hpp"

namespace flameup::detail {

class RecordBatch {
 public:
  /// One record, as for_each() shows it. Its key and body are views into the batch's
  /// blocks: valid while the batch holds the record (a commit binds them as they are).
  struct Record {
    /// The record's number (DurableStore::add): its row id is the store's row base plus it.
    std::int64_t number = 0;
    std::string_view key;
    /// When enqueue() accepted it: wall-clock milliseconds since the Unix epoch.
    std::int64_t accepted_ms = 0;
    std::string_view body;
  };

  RecordBatch() = default;
  RecordBatch(RecordBatch&&) noexcept = default;
  RecordBatch& operator=(RecordBatch&&) noexcept = default;
  RecordBatch(const RecordBatch&) = delete;
  RecordBatch& operator=(const RecordBatch&) = delete;

  /// Appends a record, copying @p key and @p body into the batch. Numbers must grow from one
  /// add() to the next (prepend() keeps that order).
  void add(std::int64_t number, std::string_view key, std::int64_t accepted_ms,
           std::string_view body);
  /// Puts @p earlier's records before this batch's (a failed batch going back in front of
  /// what was added since); @p earlier is left empty. Out of memory, it throws having changed
  /// neither batch.
  void prepend(RecordBatch&& earlier);
  /// Calls @p visit with each record, oldest first, while it returns true; false if it
  /// stopped early.
  template <typename Visit>
  bool for_each(Visit&& visit) const;
  /// Drops the records @p drop returns true for (called once per record, oldest first).
  template <typename Drop>
  void drop_if(Drop&& drop);
  /// Empties the batch, keeping its blocks (up to a bound) and the first of them ready for
  /// the next add().
  void clear() noexcept;

  /// Where the next add() writes if its record fits there (nullptr when it takes a new
  /// block), and the list of blocks it reads first: for another thread to prefetch (a hint:
  /// it must not read them).
  const char* next_room() const noexcept;
  const void* block_list() const noexcept { return blocks_.data(); }

  bool empty() const noexcept { return size_ == 0; }
  std::size_t size() const noexcept { return size_; }

 private:
  /// What precedes each body in a block.
  struct Header {
    std::int64_t number;
    std::int64_t accepted_ms;
    std::uint32_t body_size;
    bool dropped;
    EventKey key;
  };
  struct Block {
    std::unique_ptr<char[]> bytes;
    std::size_t size = 0;
    std::size_t used = 0;
  };
  static constexpr std::size_t kBlockSize = 64 * 1024;
  /// What clear() keeps for the next batch: enough for a few milliseconds of events at the
  /// fastest enqueue rate (memory handed back and taken again costs page faults on the
  /// callers' threads); a larger burst's room is given back.
  static constexpr std::size_t kKeptBlocks = 16;
  /// How far ahead of the last record add() prefetches: room for the next one or two.
  static constexpr std::size_t kPrefetchBytes = 512;

  /// Bytes a record with a body of @p body_size takes in a block (headers stay aligned).
  static std::size_t footprint(std::size_t body_size) noexcept {
    const std::size_t bytes = sizeof(Header) + body_size;
    return (bytes + alignof(Header) - 1) / alignof(Header) * alignof(Header);
  }
  /// Asks for the cache lines the next record is likely to take (a hint: no effect on data).
  static void prefetch_next(const Block& block) noexcept;
  /// Walks @p block's records: @p step(header, body) returns false to stop.
  template <typename Step>
  static bool walk(const Block& block, Step&& step);
  /// A block with room for @p bytes more, at the end of the list.
  Block& room_for(std::size_t bytes);

  std::vector<Block> blocks_;  // the records, oldest first; the last one is being filled
  std::size_t size_ = 0;       // records not dropped
  std::vector<Block> spare_;   // empty, ordinary blocks kept by clear()
};

template <typename Step>
bool RecordBatch::walk(const Block& block, Step&& step) {
  for (std::size_t at = 0; at < block.used;) {
    auto* header = std::launder(reinterpret_cast<Header*>(block.bytes.get() + at));
    const char* body = block.bytes.get() + at + sizeof(Header);
    if (!step(*header, std::string_view(body, header->body_size))) return false;
    at += footprint(header->body_size);
  }
  return true;
}

template <typename Visit>
bool RecordBatch::for_each(Visit&& visit) const {
  for (const Block& block : blocks_) {
    const bool went_on = walk(block, [&](const Header& h, std::string_view body) {
      return h.dropped || visit(Record{h.number, h.key.view(), h.accepted_ms, body});
    });
    if (!went_on) return false;
  }
  return true;
}

template <typename Drop>
void RecordBatch::drop_if(Drop&& drop) {
  for (const Block& block : blocks_) {
    walk(block, [&](Header& h, std::string_view body) {
      if (!h.dropped && drop(Record{h.number, h.key.view(), h.accepted_ms, body})) {
        h.dropped = true;
        --size_;
      }
      return true;
    });
  }
}

}  // namespace flameup::detail
