#pragma once
/// @file list_events.hpp
/// @brief Reading recorded events back: the query and the typed result of Client::list_events.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "flameup/request_result.hpp"

namespace flameup {

/// @brief Which recorded events Client::list_events asks for, and which page of them.
///
/// Checked before any I/O: `limit` from 1 to 1000, `offset` not negative, `user_id` and
/// `event` valid UTF-8 without control characters, `since` not after `until`. A query that
/// fails gets ErrorCode::invalid_query with a message naming the field (e.g. `"limit: must
/// be from 1 to 1000"`), and nothing is sent.
struct EventQuery {
  /// The most events to return (1 to 1000).
  int limit = 100;
  /// How many matching events to skip first (paging: the next page starts at offset + limit).
  std::int64_t offset = 0;
  /// Only the events of this user; empty for every user.
  std::string user_id;
  /// Only the events with this name; empty for every name.
  std::string event;
  /// Only events whose timestamp is at or after this time (sent with millisecond precision).
  std::optional<std::chrono::system_clock::time_point> since;
  /// Only events whose timestamp is at or before this time (sent with millisecond precision).
  std::optional<std::chrono::system_clock::time_point> until;
};

/// @brief One recorded event, as the server returned it.
///
/// Ids and names are cleaned like every other server text (see Error); the key is redacted
/// from them and from every string in `properties`.
struct ListedEvent {
  /// The server's id for the event (`evt_...`).
  std::string id;
  /// The workspace the event belongs to.
  std::string workspace_id;
  /// The user the event is about (the API's `person_id`).
  std::string user_id;
  /// The event name.
  std::string event;
  /// The event's properties; an empty object when the server sent none.
  nlohmann::json properties = nlohmann::json::object();
  /// When the event happened; empty when the server's value was missing or not RFC 3339.
  std::optional<std::chrono::system_clock::time_point> timestamp;
  /// When the server recorded it; empty when missing or not RFC 3339.
  std::optional<std::chrono::system_clock::time_point> created_at;
};

/// @brief The outcome of one Client::list_events call.
///
/// `success`, `http_status`, `error`, `request_id`, `attempts` and `ok()` come from
/// RequestResult: `ok()` is true when the server answered with a list (a 2xx whose body is
/// `{"events": [...], "total": N}`); a 2xx whose body is not an event list is
/// ErrorCode::unexpected_response.
struct ListResult : RequestResult {
  /// The events of the requested page, in the server's order.
  std::vector<ListedEvent> events;
  /// How many events match the query in all pages.
  std::int64_t total = 0;
};

}  // namespace flameup
