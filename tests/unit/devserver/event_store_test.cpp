// The recorded events in memory (tools/devserver/event_store.hpp): properties come back
// exactly as recorded, and keeping them costs about their JSON text, not a parsed tree.
#include <cstddef>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "sanitizers.hpp"

#if FLAMEUP_TEST_ASAN || FLAMEUP_TEST_TSAN
// From the sanitizer runtimes (GCC ships no header for it; Clang has one, with the same
// declaration).
extern "C" std::size_t __sanitizer_get_current_allocated_bytes();
#else
#include <malloc.h>
#endif

#include "event_store.hpp"

namespace flameup::devserver::detail {
namespace {

using nlohmann::json;

// Bytes the process has allocated and not freed (the sanitizers replace malloc).
std::size_t heap_in_use() {
#if FLAMEUP_TEST_ASAN || FLAMEUP_TEST_TSAN
  return __sanitizer_get_current_allocated_bytes();
#else
  const struct mallinfo2 info = mallinfo2();
  return info.uordblks + info.hblkhd;
#endif
}

RecordedEvent event_with(json properties, const std::string& idempotency_key) {
  RecordedEvent event;
  event.id = "evt_" + idempotency_key;
  event.workspace_id = "ws_1";
  event.user_id = "user_1";
  event.event = "e";
  event.properties = std::move(properties);
  event.timestamp = "2024-12-25T10:00:00.123Z";
  event.created_at = event.timestamp;
  event.idempotency_key = idempotency_key;
  return event;
}

TEST(DevserverEventStore, PropertiesComeBackExactlyAsRecorded) {
  const json properties = {
      {"int", -7},
      {"big", 18446744073709551615ULL},
      {"real", 0.1},
      {"text", "caf\xc3\xa9 \xf0\x9f\x94\xa5 \"quoted\""},
      {"nested", {{"list", {1, "two", nullptr, true}}, {"empty", json::object()}}}};
  EventStore store;
  store.record(event_with(properties, "k1"));
  store.record(event_with(json::object(), "k2"));
  const auto all = store.all();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].properties, properties);
  EXPECT_TRUE(all[1].properties.is_object());
  EXPECT_TRUE(all[1].properties.empty());
  EventQuery query;
  query.limit = 1;
  const EventPage page = store.query(query);
  ASSERT_EQ(page.events.size(), 1u);
  EXPECT_EQ(page.events[0].properties, properties);
  EXPECT_EQ(page.total, 2u);
}

TEST(DevserverEventStore, KeepingEventsCostsAboutTheirJsonText) {
  // Many small numbers: the shape where a parsed tree costs the most per byte of JSON.
  json properties = json::object();
  for (int i = 0; i < 1000; ++i) properties["p" + std::to_string(i)] = i * 1.5;
  RecordedEvent event = event_with(properties, "");
  const std::size_t line_bytes = to_json(event).dump().size();
  constexpr int kEvents = 200;

  EventStore store;
  const std::size_t before = heap_in_use();
  for (int i = 0; i < kEvents; ++i) {
    event.idempotency_key = "key-" + std::to_string(i);
    store.record(event);
  }
  const std::size_t grown = heap_in_use() - before;
  const std::size_t json_bytes = line_bytes * kEvents;
  EXPECT_LE(grown, 2 * json_bytes)
      << "heap grew " << grown << " bytes for " << json_bytes << " bytes of JSON";
  EXPECT_EQ(store.size(), static_cast<std::size_t>(kEvents));
}

}  // namespace
}  // namespace flameup::devserver::detail
