#include "wire/event_codec.hpp"
#include "flameup/timestamp.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "test_time.hpp"

using flameup::ErrorCode;
using flameup::TrackEvent;
using flameup::format_timestamp;
using flameup::detail::PreparedEvent;
using flameup::detail::prepare_event;
using namespace std::chrono;

namespace {

using flameup::testing::christmas;

TrackEvent valid_event() {
  TrackEvent event;
  event.user_id = "user_123";
  event.event = "purchase_completed";
  event.properties = {{"amount", 99.99}};
  return event;
}

flameup::Error prepare(const TrackEvent& event, PreparedEvent& out, std::size_t cap = 32 * 1024) {
  return prepare_event(event, cap, christmas(), out);
}

std::string message_for(const TrackEvent& event, std::size_t cap = 32 * 1024) {
  PreparedEvent out;
  const auto error = prepare(event, out, cap);
  EXPECT_EQ(error.code, ErrorCode::invalid_event);
  return error.message;
}

}  // namespace

TEST(FormatTimestamp, IsRfc3339UtcWithMilliseconds) {
  EXPECT_EQ(format_timestamp(christmas()), "2024-12-25T10:00:00.123Z");
  EXPECT_EQ(format_timestamp(system_clock::time_point(seconds(0))), "1970-01-01T00:00:00.000Z");
  // Sub-millisecond parts are truncated, not rounded up into the next second.
  EXPECT_EQ(format_timestamp(system_clock::time_point(seconds(59)) + microseconds(999999)),
            "1970-01-01T00:00:59.999Z");
  // Before the epoch the millisecond field must stay positive.
  EXPECT_EQ(format_timestamp(system_clock::time_point(milliseconds(-1))),
            "1969-12-31T23:59:59.999Z");
}

// The hand-written calendar arithmetic against the C library's gmtime_r, one instant per day
// (at a varying time of day) over the whole range of a nanosecond system_clock: leap days,
// the century rules (1700, 1800, 1900 and 2100 are not leap years, 2000 is) and dates
// before 1970.
TEST(FormatTimestamp, AgreesWithGmtimeOnEveryDayFrom1678To2261) {
  const std::int64_t first_day = -106'000;  // 1679-10-..
  const std::int64_t last_day = 106'000;    // 2260-03-..
  int mismatches = 0;
  for (std::int64_t day = first_day; day <= last_day; ++day) {
    const std::int64_t offset = day - first_day;  // >= 0: a time of day and millis to vary
    const std::int64_t second = day * 86400 + (offset * 7919) % 86400;
    const auto millis = static_cast<int>((offset * 31) % 1000);
    const auto tp = system_clock::time_point(seconds(second)) + milliseconds(millis);
    std::tm utc{};
    const auto whole = static_cast<std::time_t>(second);
    ASSERT_NE(gmtime_r(&whole, &utc), nullptr);
    char expected[64];
    std::snprintf(expected, sizeof expected, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                  utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min,
                  utc.tm_sec, millis);
    const std::string got = format_timestamp(tp);
    if (got != expected && ++mismatches <= 5) ADD_FAILURE() << got << " != " << expected;
  }
  EXPECT_EQ(mismatches, 0);
  EXPECT_EQ(format_timestamp(system_clock::time_point(seconds(951782400))),
            "2000-02-29T00:00:00.000Z");
  EXPECT_EQ(format_timestamp(system_clock::time_point(seconds(4107542400))),
            "2100-03-01T00:00:00.000Z");
}

// The body sits in the queue through an outage: it must not carry a serializer's slack
// (the queued-memory target is twice the JSON size).
TEST(PrepareEvent, BodyIsAllocatedToItsSize) {
  TrackEvent event = valid_event();
  for (int i = 0; i < 40; ++i) event.properties["key_" + std::to_string(i)] = "value";
  PreparedEvent out;
  ASSERT_EQ(prepare(event, out).code, ErrorCode::none);
  EXPECT_GT(out.body.size(), 400u);
  EXPECT_LE(out.body.capacity(), out.body.size() + out.body.size() / 8);
  // A second, much smaller event prepared into the same PreparedEvent is not padded either.
  ASSERT_EQ(prepare(valid_event(), out).code, ErrorCode::none);
  EXPECT_LE(out.body.capacity(), out.body.size() + out.body.size() / 8);
}

TEST(PrepareEvent, SerializesTheDocumentedBodyInOrder) {
  TrackEvent event = valid_event();
  event.timestamp = christmas();
  PreparedEvent out;
  ASSERT_FALSE(prepare(event, out));
  EXPECT_EQ(out.body,
            R"({"userId":"user_123","event":"purchase_completed","properties":{"amount":99.99},)"
            R"("timestamp":"2024-12-25T10:00:00.123Z"})");
  EXPECT_EQ(out.idempotency_key.size(), 36U);
}

TEST(PrepareEvent, StampsNowWhenNoTimestamp) {
  PreparedEvent out;
  ASSERT_FALSE(prepare_event(valid_event(), 32 * 1024, christmas() + hours(1), out));
  const auto body = nlohmann::json::parse(out.body);
  EXPECT_EQ(body["timestamp"], "2024-12-25T11:00:00.123Z");
  EXPECT_EQ(out.prepared_at, christmas() + hours(1));
}

TEST(PrepareEvent, KeepsTheGivenTimestampOverNow) {
  TrackEvent event = valid_event();
  event.timestamp = christmas() - hours(24);
  PreparedEvent out;
  ASSERT_FALSE(prepare(event, out));
  EXPECT_EQ(nlohmann::json::parse(out.body)["timestamp"], "2024-12-24T10:00:00.123Z");
  // The time of preparation is still now: the store counts the event's age from it.
  EXPECT_EQ(out.prepared_at, christmas());
}

TEST(PrepareEvent, EscapesStringsIntoValidJson) {
  TrackEvent event = valid_event();
  event.user_id = "quote\" back\\slash\nnew\x01line caf\xC3\xA9";
  event.event = "tab\there";
  event.properties = {{"nested", {{"k", "v\"\n"}}}, {"list", {1, 2, 3}}};
  PreparedEvent out;
  ASSERT_FALSE(prepare(event, out));
  const auto body = nlohmann::json::parse(out.body);  // throws if the escaping were wrong
  EXPECT_EQ(body["userId"], event.user_id);
  EXPECT_EQ(body["event"], event.event);
  EXPECT_EQ(body["properties"], event.properties);
}

TEST(PrepareEvent, GivesEveryEventAFreshIdempotencyKey) {
  PreparedEvent a;
  PreparedEvent b;
  ASSERT_FALSE(prepare(valid_event(), a));
  ASSERT_FALSE(prepare(valid_event(), b));
  EXPECT_NE(a.idempotency_key, b.idempotency_key);
}

TEST(PrepareEvent, UsesTheCallersIdempotencyKey) {
  TrackEvent event = valid_event();
  event.idempotency_key = "imp-0123456789abcdef0123456789ab.x_Z";  // 36 bytes: the most
  PreparedEvent out;
  ASSERT_FALSE(prepare(event, out));
  EXPECT_EQ(out.idempotency_key, *event.idempotency_key);
  EXPECT_EQ(out.body.find("imp-"), std::string::npos) << "the key is a header, not body";
}

TEST(PrepareEvent, EmptyPropertiesSerializeAsEmptyObject) {
  TrackEvent event = valid_event();
  event.properties = nlohmann::json::object();
  PreparedEvent out;
  ASSERT_FALSE(prepare(event, out));
  EXPECT_NE(out.body.find(R"("properties":{})"), std::string::npos) << out.body;
}

TEST(PrepareEventValidation, UserIdEmpty) {
  TrackEvent event = valid_event();
  event.user_id.clear();
  EXPECT_EQ(message_for(event), "user_id: must not be empty");
}

TEST(PrepareEventValidation, UserIdLength) {
  TrackEvent event = valid_event();
  event.user_id = std::string(255, 'u');
  PreparedEvent out;
  EXPECT_FALSE(prepare(event, out));  // exactly 255 bytes is fine
  event.user_id = std::string(256, 'u');
  EXPECT_EQ(message_for(event), "user_id: longer than 255 bytes");
}

TEST(PrepareEventValidation, UserIdInvalidUtf8) {
  TrackEvent event = valid_event();
  event.user_id = "bad\xC3";
  EXPECT_EQ(message_for(event), "user_id: invalid UTF-8");
}

TEST(PrepareEventValidation, EventEmptyOrInvalidUtf8) {
  TrackEvent event = valid_event();
  event.event.clear();
  EXPECT_EQ(message_for(event), "event: must not be empty");
  event.event = "\xFF\xFE";
  EXPECT_EQ(message_for(event), "event: invalid UTF-8");
}

TEST(PrepareEventValidation, PropertiesMustBeAnObject) {
  TrackEvent event = valid_event();
  for (const auto& value : {nlohmann::json::array({1}), nlohmann::json("text"), nlohmann::json(3),
                            nlohmann::json(nullptr)}) {
    event.properties = value;
    EXPECT_EQ(message_for(event), "properties: must be a JSON object") << value.dump();
  }
}

TEST(PrepareEventValidation, PropertiesWithInvalidUtf8ValueOrKey) {
  TrackEvent event = valid_event();
  event.properties = {{"ok", "bad\xC3"}};
  EXPECT_EQ(message_for(event), "properties: invalid UTF-8 in a string");
  event.properties = nlohmann::json::object();
  event.properties["bad\xFF key"] = 1;
  EXPECT_EQ(message_for(event), "properties: invalid UTF-8 in a string");
}

TEST(PrepareEventValidation, SizeCapNamesBothSizes) {
  TrackEvent event = valid_event();
  event.timestamp = christmas();
  PreparedEvent out;
  ASSERT_FALSE(prepare(event, out));
  const std::size_t size = out.body.size();
  EXPECT_FALSE(prepare(event, out, size));  // exactly at the cap is accepted
  EXPECT_EQ(message_for(event, size - 1), "event: larger than max_event_bytes (" +
                                              std::to_string(size) + " > " +
                                              std::to_string(size - 1) + ")");
}

TEST(PrepareEventValidation, DefaultCapRejectsA40KiBProperty) {
  TrackEvent event = valid_event();
  event.properties = {{"blob", std::string(40 * 1024, 'x')}};
  EXPECT_EQ(message_for(event).rfind("event: larger than max_event_bytes (", 0), 0U);
}

TEST(PrepareEventValidation, IdempotencyKeyLengthAndCharacters) {
  const std::string expected =
      "idempotency_key: must be 1 to 36 characters, each an ASCII letter, a digit, '-', '_' "
      "or '.'";
  for (const std::string& key : {std::string(), std::string(37, 'a'), std::string("a b"),
                                std::string("a\r\nX-Evil: 1"), std::string("caf\xc3\xa9"),
                                std::string("a:b"), std::string("a/b"), std::string(1, '\0')}) {
    TrackEvent event = valid_event();
    event.idempotency_key = key;
    EXPECT_EQ(message_for(event), expected) << key;
  }
}
