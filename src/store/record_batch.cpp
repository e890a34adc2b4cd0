#include "store/record_batch.hpp"

#include <algorithm>
#include <cstring>
#include <iterator>
#include <utility>

namespace flameup::detail {

void RecordBatch::add(std::int64_t number, std::string_view key, std::int64_t accepted_ms,
                      std::string_view body) {
  Record record;
  record.number = number;
  record.key.assign(key);
  record.accepted_ms = accepted_ms;
  record.body = copy_body(body);
  records_.push_back(record);
}

std::string_view RecordBatch::copy_body(std::string_view body) {
  if (blocks_.empty() || blocks_.back().size - used_ < body.size()) {
    if (body.size() <= kBlockSize && !spare_.empty()) {
      blocks_.push_back(std::move(spare_.back()));
      spare_.pop_back();
    } else {
      // A body larger than a block gets a block of its own size. Not zeroed: every byte
      // handed out is written first.
      Block block;
      block.size = std::max(kBlockSize, body.size());
      block.bytes.reset(new char[block.size]);
      blocks_.push_back(std::move(block));
    }
    used_ = 0;
  }
  char* at = blocks_.back().bytes.get() + used_;
  if (!body.empty()) std::memcpy(at, body.data(), body.size());
  used_ += body.size();
  return {at, body.size()};
}

void RecordBatch::reserve_for(const RecordBatch& earlier) {
  records_.reserve(records_.size() + earlier.records_.size());
  blocks_.reserve(blocks_.size() + earlier.blocks_.size());
}

void RecordBatch::prepend(RecordBatch&& earlier) {
  if (earlier.empty()) return;
  // Blocks never move their bytes, so the records' views stay valid; the block this batch
  // is filling stays last.
  const bool had_blocks = !blocks_.empty();
  blocks_.insert(blocks_.begin(), std::make_move_iterator(earlier.blocks_.begin()),
                 std::make_move_iterator(earlier.blocks_.end()));
  if (!had_blocks) used_ = earlier.used_;
  records_.insert(records_.begin(), earlier.records_.begin(), earlier.records_.end());
  earlier.blocks_.clear();
  earlier.records_.clear();
  earlier.used_ = 0;
}

void RecordBatch::clear() noexcept {
  if (records_.capacity() > kKeptRecords) {
    std::vector<Record>().swap(records_);
  } else {
    records_.clear();
  }
  // Ordinary blocks are kept (up to a bound) for the next batch; oversized ones go.
  for (auto& block : blocks_) {
    if (block.size != kBlockSize || spare_.size() >= kKeptBlocks) continue;
    try {
      spare_.push_back(std::move(block));
    } catch (...) {
      break;  // out of memory: the block is simply not kept
    }
  }
  blocks_.clear();
  used_ = 0;
}

}  // namespace flameup::detail
