// RecordBatch: records copied into shared blocks stay intact across block boundaries, oversized
// bodies, prepend(), dropped records and reuse after clear(); the room hint names where the
// next record goes.

#include "store/record_batch.hpp"

#include <algorithm>
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

std::vector<RecordBatch::Record> records_of(const RecordBatch& batch) {
  std::vector<RecordBatch::Record> records;
  EXPECT_TRUE(batch.for_each([&](const RecordBatch::Record& r) {
    records.push_back(r);
    return true;
  }));
  return records;
}

void expect_records(const RecordBatch& batch, std::size_t first, std::size_t count) {
  ASSERT_EQ(batch.size(), count);
  const auto records = records_of(batch);
  ASSERT_EQ(records.size(), count);
  for (std::size_t i = 0; i < count; ++i) {
    const auto& r = records[i];
    EXPECT_EQ(r.number, static_cast<std::int64_t>(first + i));
    EXPECT_EQ(r.key, "k" + std::to_string(first + i));
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

TEST(RecordBatch, PrependIntoAnEmptyBatchContinuesTheEarlierBlock) {
  RecordBatch earlier;
  for (std::size_t i = 1; i < 40; ++i) add(earlier, i);
  RecordBatch empty;
  empty.prepend(std::move(earlier));
  for (std::size_t i = 40; i < 80; ++i) add(empty, i);
  expect_records(empty, 1, 79);
}

TEST(RecordBatch, DroppedRecordsAreSkippedAndForEachStopsWhenAsked) {
  RecordBatch batch;
  for (std::size_t i = 0; i < 500; ++i) add(batch, i);
  std::vector<std::int64_t> offered;
  batch.drop_if([&](const RecordBatch::Record& r) {
    offered.push_back(r.number);
    return r.number % 3 == 0;
  });
  ASSERT_EQ(offered.size(), 500u);  // each once, oldest first
  EXPECT_TRUE(std::is_sorted(offered.begin(), offered.end()));
  EXPECT_EQ(batch.size(), 500u - 167u);
  const auto kept = records_of(batch);
  ASSERT_EQ(kept.size(), batch.size());
  for (const auto& r : kept) {
    EXPECT_NE(r.number % 3, 0);
    EXPECT_EQ(r.body, body(static_cast<std::size_t>(r.number)));
  }
  // Dropped records are not offered again.
  std::size_t offered_again = 0;
  batch.drop_if([&](const RecordBatch::Record&) {
    ++offered_again;
    return false;
  });
  EXPECT_EQ(offered_again, batch.size());
  std::size_t visited = 0;
  EXPECT_FALSE(batch.for_each([&](const RecordBatch::Record&) { return ++visited < 10; }));
  EXPECT_EQ(visited, 10u);
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

TEST(RecordBatch, NextRoomIsWhereTheNextRecordGoesAlsoRightAfterClear) {
  RecordBatch batch;
  EXPECT_EQ(batch.next_room(), nullptr);  // no block yet: the first add() takes one
  batch.add(1, "k1", 1, "{}");
  const char* room = batch.next_room();
  ASSERT_NE(room, nullptr);
  batch.add(2, "k2", 2, "{}");
  // A record's key lies in its header, at the start of its room.
  const auto second = records_of(batch).at(1);
  EXPECT_GE(second.key.data(), room);
  EXPECT_LT(second.key.data(), room + 64);

  // clear() keeps a block in place: the next record goes into it, not into a new one.
  batch.clear();
  const char* after_clear = batch.next_room();
  ASSERT_NE(after_clear, nullptr);
  EXPECT_NE(batch.block_list(), nullptr);
  batch.add(3, "k3", 3, "{}");
  const auto first = records_of(batch).at(0);
  EXPECT_GE(first.key.data(), after_clear);
  EXPECT_LT(first.key.data(), after_clear + 64);
  EXPECT_EQ(batch.size(), 1u);
}

}  // namespace
}  // namespace flameup::detail
