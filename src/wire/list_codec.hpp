#pragma once
// The list route on the wire: checking an EventQuery, turning it into the request URL, and
// reading the `{"events": [...], "total": N}` answer into ListedEvents.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "flameup/error.hpp"
#include "flameup/list_events.hpp"

namespace flameup::detail {

/// Why @p query cannot be sent (ErrorCode::invalid_query, the message naming the field), or
/// a none Error.
Error validate_query(const EventQuery& query);

/// @p events_url with the query string of @p query (validated): limit and offset always,
/// the other parameters when set, every value percent-encoded.
std::string list_url(std::string_view events_url, const EventQuery& query);

/// A list answer's content.
struct EventPage {
  std::vector<ListedEvent> events;
  std::int64_t total = 0;
};

/// Reads a 2xx body into @p page. False, with @p why, when the body is not a JSON object with
/// an `events` array of objects and a non-negative integer `total`. Within an event, a
/// missing or mistyped member is left empty rather than failing the page.
bool parse_event_page(std::string_view body, EventPage& page, std::string& why);

}  // namespace flameup::detail
