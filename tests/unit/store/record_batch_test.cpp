// RecordBatch: bodies copied into shared blocks stay intact across block boundaries, oversized
// bodies, prepend() and reuse after clear().

#include "store/record_batch.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace flameup::detail {
namespace {

// Body number @p i: sizes vary from a few bytes to past a block (64 KiB), contents differ.
std::string body(std::size_t i) {
  const std::size_t size = (i % 97 == 0) ? 70000 + i : 1 + (i * 7919) % 3000;
  return std::string(size, static_cast<char>('a' + i % 26)) + std::to_string(i);
}

void add(RecordBatch& batch, std::size_t i) {
  batch.add(static_cast<std::int64_t>(i), "k" + std::to_string(i), static_cast<std::int64_t>(i),
            body(i));
}

void expect_records(const RecordBatch& batch, std::size_t first, std::size_t count) {
  ASSERT_EQ(batch.size(), count);
  for (std::size_t i = 0; i < count; ++i) {
    const auto& r = batch.records()[i];
    EXPECT_EQ(r.number, static_cast<std::int64_t>(first + i));
    EXPECT_EQ(r.key.view(), "k" + std::to_string(first + i));
    EXPECT_EQ(r.accepted_ms, static_cast<std::int64_t>(first + i));
    EXPECT_EQ(r.body, body(first + i)) << "record " << first + i;
  }
}

TEST(RecordBatch, BodiesSurviveBlockBoundariesAndOversizedBodies) {
  RecordBatch batch;
  std::string source;
  for (std::size_t i = 0; i < 500; ++i) {
    source = body(i);  // the caller's buffer is reused: the batch must hold its own copy
    batch.add(static_cast<std::int64_t>(i), "k" + std::to_string(i), static_cast<std::int64_t>(i),
              source);
  }
  expect_records(batch, 0, 500);
}

TEST(RecordBatch, PrependPutsTheEarlierRecordsFirstAndKeepsBothBodies) {
  RecordBatch earlier;
  for (std::size_t i = 0; i < 300; ++i) add(earlier, i);
  RecordBatch later;
  for (std::size_t i = 300; i < 450; ++i) add(later, i);
  later.prepend(std::move(earlier));
  EXPECT_TRUE(earlier.empty());
  // Adding after a prepend goes on in the block being filled, without overwriting anything.
  for (std::size_t i = 450; i < 600; ++i) add(later, i);
  expect_records(later, 0, 600);
}

// What lets a failed batch go back without being lost to an allocation failure: all the room
// is taken first, and the prepend itself moves into it.
TEST(RecordBatch, AfterReserveForPrependNeedsNoNewRoom) {
  RecordBatch earlier;
  for (std::size_t i = 0; i < 300; ++i) add(earlier, i);
  RecordBatch later;
  for (std::size_t i = 300; i < 310; ++i) add(later, i);
  later.reserve_for(earlier);
  const auto* room = later.records().data();
  const std::size_t capacity = later.records().capacity();
  ASSERT_GE(capacity, 310u);
  later.prepend(std::move(earlier));
  EXPECT_EQ(later.records().data(), room);
  EXPECT_EQ(later.records().capacity(), capacity);
  expect_records(later, 0, 310);
}

TEST(RecordBatch, PrependIntoAnEmptyBatchContinuesTheEarlierBlock) {
  RecordBatch earlier;
  for (std::size_t i = 1; i < 40; ++i) add(earlier, i);
  RecordBatch empty;
  empty.prepend(std::move(earlier));
  for (std::size_t i = 40; i < 80; ++i) add(empty, i);
  expect_records(empty, 1, 79);
}

TEST(RecordBatch, ClearEmptiesAndTheBatchIsReusable) {
  RecordBatch batch;
  for (int round = 0; round < 3; ++round) {
    for (std::size_t i = 0; i < 200; ++i) add(batch, i);
    expect_records(batch, 0, 200);
    batch.clear();
    EXPECT_TRUE(batch.empty());
  }
}

}  // namespace
}  // namespace flameup::detail
