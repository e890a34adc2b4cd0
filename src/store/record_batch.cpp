#include "store/record_batch.hpp"

#include <algorithm>
#include <cstring>
#include <iterator>
#include <limits>
#include <utility>

#include "platform/prefetch.hpp"

namespace flameup::detail {

void RecordBatch::add(std::int64_t number, std::string_view key, std::int64_t accepted_ms,
                      std::string_view body) {
  // enqueue() refuses events far smaller than this; the bound keeps the header's field exact.
  const std::size_t body_size =
      std::min<std::size_t>(body.size(), std::numeric_limits<std::uint32_t>::max());
  const std::size_t bytes = footprint(body_size);
  Block& block = room_for(bytes);
  char* at = block.bytes.get() + block.used;
  Header* header = new (at)
      Header{number, accepted_ms, static_cast<std::uint32_t>(body_size), false, EventKey{}};
  header->key.assign(key);
  if (body_size > 0) std::memcpy(at + sizeof(Header), body.data(), body_size);
  block.used += bytes;
  ++size_;
  prefetch_next(block);
}

void RecordBatch::prefetch_next(const Block& block) noexcept {
  // The next record goes right after this one, into memory the store's thread last read (it
  // wrote an earlier batch from it). Asking for those cache lines now, for writing, lets them
  // arrive while the caller does its own work between two enqueue() calls rather than during
  // the next add(): in the bench this halved what durable mode adds to a median enqueue.
  const std::size_t end = std::min(block.size, block.used + kPrefetchBytes);
  for (std::size_t at = block.used; at < end; at += kCacheLineBytes) {
    prefetch_for_write(block.bytes.get() + at);
  }
}

const char* RecordBatch::next_room() const noexcept {
  if (blocks_.empty()) return nullptr;
  const Block& last = blocks_.back();
  return last.used < last.size ? last.bytes.get() + last.used : nullptr;
}

RecordBatch::Block& RecordBatch::room_for(std::size_t bytes) {
  if (!blocks_.empty() && blocks_.back().size - blocks_.back().used >= bytes) return blocks_.back();
  Block block;
  if (bytes <= kBlockSize && !spare_.empty()) {
    block = std::move(spare_.back());
    spare_.pop_back();
  } else {
    // A record larger than a block gets a block of its own size. Not zeroed: every byte
    // handed out is written first.
    block.size = std::max(kBlockSize, bytes);
    block.bytes.reset(new char[block.size]);
  }
  blocks_.push_back(std::move(block));
  return blocks_.back();
}

void RecordBatch::prepend(RecordBatch&& earlier) {
  if (earlier.blocks_.empty()) return;
  // Blocks never move their bytes: the records stay where they are, and the block this batch
  // is filling stays last. The insert takes its room before it moves anything (and moving a
  // block cannot throw), so running out of memory leaves both batches as they were.
  blocks_.insert(blocks_.begin(), std::make_move_iterator(earlier.blocks_.begin()),
                 std::make_move_iterator(earlier.blocks_.end()));
  size_ += earlier.size_;
  earlier.blocks_.clear();
  earlier.size_ = 0;
}

void RecordBatch::clear() noexcept {
  // Ordinary blocks are kept (up to a bound) for the next batch; oversized ones go.
  for (auto& block : blocks_) {
    if (block.size != kBlockSize || spare_.size() >= kKeptBlocks) continue;
    try {
      block.used = 0;
      spare_.push_back(std::move(block));
    } catch (...) {
      break;  // out of memory: the block is simply not kept
    }
  }
  blocks_.clear();
  size_ = 0;
  // The first block goes back in place: the next add() then writes at once, without taking
  // it from the spare list first. That list was written by the thread that cleared the batch
  // (the store's), so on the caller's thread reading it cost cache misses at the start of
  // every batch.
  if (spare_.empty()) return;
  try {
    blocks_.push_back(std::move(spare_.back()));
    spare_.pop_back();
  } catch (...) {
    // Out of memory: the block stays spare; add() takes it from there.
  }
}

}  // namespace flameup::detail
