// The list route's wire code: query validation, the request URL, reading the answer.

#include "wire/list_codec.hpp"

#include <chrono>
#include <climits>
#include <cstdint>

#include <gtest/gtest.h>

#include "test_time.hpp"

using flameup::ErrorCode;
using flameup::EventQuery;
using flameup::detail::EventPage;
using flameup::detail::list_url;
using flameup::detail::parse_event_page;
using flameup::detail::validate_query;
using namespace std::chrono;

namespace {

const char* const kEvents = "https://api.example/v1/workspaces/ws/events";

using flameup::testing::christmas;

}  // namespace

TEST(ListCodec, DefaultQuerySendsLimitAndOffsetOnly) {
  EXPECT_EQ(list_url(kEvents, EventQuery{}), std::string(kEvents) + "?limit=100&offset=0");
}

TEST(ListCodec, EveryFilterIsOneEncodedValue) {
  EventQuery query;
  query.limit = 5;
  query.offset = 10;
  query.user_id = "a&b=c #d/é";
  query.event = "100%?";
  query.since = christmas();
  query.until = christmas() + hours(1);
  EXPECT_EQ(list_url(kEvents, query),
            std::string(kEvents) +
                "?limit=5&offset=10&user_id=a%26b%3Dc%20%23d%2F%C3%A9&event=100%25%3F"
                "&since=2024-12-25T10%3A00%3A00.123Z&until=2024-12-25T11%3A00%3A00.123Z");
}

TEST(ListCodec, ValidQueriesPass) {
  EventQuery query;
  EXPECT_FALSE(validate_query(query));
  query.limit = 1;
  EXPECT_FALSE(validate_query(query));
  query.limit = 1000;
  query.user_id = "ü-user";
  EXPECT_FALSE(validate_query(query));
  query.since = christmas();
  query.until = christmas();  // one instant: a window of its own
  EXPECT_FALSE(validate_query(query));
}

TEST(ListCodec, InvalidQueriesNameTheField) {
  const auto message_for = [](const EventQuery& query) {
    const flameup::Error error = validate_query(query);
    EXPECT_EQ(error.code, ErrorCode::invalid_query);
    return error.message;
  };
  EventQuery query;
  query.limit = 0;
  EXPECT_EQ(message_for(query), "limit: must be from 1 to 1000");
  query.limit = 1001;
  EXPECT_EQ(message_for(query), "limit: must be from 1 to 1000");
  for (const int huge : {-1, INT_MIN, INT_MAX}) {
    query.limit = huge;
    EXPECT_EQ(message_for(query), "limit: must be from 1 to 1000") << huge;
  }
  query = EventQuery{};
  query.offset = -1;
  EXPECT_EQ(message_for(query), "offset: must not be negative");
  query.offset = INT64_MIN;
  EXPECT_EQ(message_for(query), "offset: must not be negative");
  query = EventQuery{};
  query.user_id = "bad\xff";
  EXPECT_EQ(message_for(query), "user_id: invalid UTF-8");
  query = EventQuery{};
  query.event = "line\nbreak";
  EXPECT_EQ(message_for(query), "event: must not contain control characters");
  query = EventQuery{};
  query.since = christmas();
  query.until = christmas() - milliseconds(1);
  EXPECT_EQ(message_for(query), "until: must not be before since");
}

TEST(ListCodec, ReadsEveryField) {
  EventPage page;
  std::string why;
  ASSERT_TRUE(parse_event_page(R"({"events": [{"id": "evt_1", "workspace_id": "ws",
      "person_id": "u1", "event": "signed_up", "properties": {"plan": "pro"},
      "timestamp": "2024-12-25T10:00:00.123Z", "created_at": "2024-12-25T11:00:00+01:00"}],
      "total": 7})", page, why)) << why;
  EXPECT_EQ(page.total, 7);
  ASSERT_EQ(page.events.size(), 1U);
  const flameup::ListedEvent& event = page.events[0];
  EXPECT_EQ(event.id, "evt_1");
  EXPECT_EQ(event.workspace_id, "ws");
  EXPECT_EQ(event.user_id, "u1");
  EXPECT_EQ(event.event, "signed_up");
  EXPECT_EQ(event.properties, nlohmann::json({{"plan", "pro"}}));
  EXPECT_EQ(event.timestamp, christmas());
  EXPECT_EQ(event.created_at, christmas() - milliseconds(123));
}

TEST(ListCodec, MissingOrOddMembersOfAnEventAreLeftEmpty) {
  EventPage page;
  std::string why;
  ASSERT_TRUE(parse_event_page(R"({"events": [{"id": 5, "person_id": null,
      "properties": null, "timestamp": "yesterday", "created_at": 17}, {}], "total": 2})",
                               page, why)) << why;
  ASSERT_EQ(page.events.size(), 2U);
  for (const flameup::ListedEvent& event : page.events) {
    EXPECT_EQ(event.id, "");
    EXPECT_EQ(event.user_id, "");
    EXPECT_EQ(event.properties, nlohmann::json::object());
    EXPECT_FALSE(event.timestamp);
    EXPECT_FALSE(event.created_at);
  }
}

TEST(ListCodec, AnEmptyPageIsAList) {
  EventPage page;
  std::string why;
  ASSERT_TRUE(parse_event_page(R"({"events": [], "total": 0})", page, why)) << why;
  EXPECT_TRUE(page.events.empty());
  EXPECT_EQ(page.total, 0);
}

TEST(ListCodec, ABodyThatIsNotAListIsRefused) {
  for (const char* body : {"", "not json", "[]", R"({"events": {}})", R"({"total": 1})",
                           R"({"events": [], "total": -1})", R"({"events": [], "total": 1.5})",
                           R"({"events": [], "total": "1"})",
                           R"({"events": [], "total": 18446744073709551615})",
                           R"({"events": [1], "total": 1})", R"({"events": [], "total": 1)"}) {
    EventPage page;
    std::string why;
    EXPECT_FALSE(parse_event_page(body, page, why)) << body;
    EXPECT_FALSE(why.empty()) << body;
  }
}
