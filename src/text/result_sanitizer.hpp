#pragma once
// The one place that makes server-supplied text fit for the application: every string field
// of a TrackResult, a ListResult, an Outcome, Stats::last_error and on_delivery_error's Error
// passes here.

#include <cstddef>
#include <string>
#include <string_view>

#include "text/bounded_text.hpp"
#include "flameup/error.hpp"
#include "flameup/list_events.hpp"
#include "flameup/request_result.hpp"
#include "flameup/track_result.hpp"
#include "text/redactor.hpp"

namespace flameup::detail {

class ResultSanitizer {
 public:
  explicit ResultSanitizer(std::string_view api_key = {},
                           std::size_t max_text_bytes = kMaxTextBytes);

  /// In this order: printable_text() (control characters and invalid UTF-8 made visible),
  /// the key redacted (on the whole text), then bound_text(). Redacting before the cut means
  /// a key across the cut is still seen whole. Out of memory, the text is emptied: half-cleaned
  /// text could still hold the key.
  void clean(std::string& text) const noexcept;
  /// The message, server code, and every field name and detail. Out of memory, the error
  /// becomes an ErrorCode::internal one, with none of the server's text.
  void clean(Error& error) const noexcept;
  /// The error and request id every blocking call reports (the same rules).
  void clean(RequestResult& result) const noexcept;
  /// Those, and the event id.
  void clean(TrackResult& result) const noexcept;
  /// The error, request id and each event's ids and names (the same rules); in properties,
  /// the key is redacted from every key and string, which are otherwise left as they are
  /// (they are the application's data). Out of memory, the events are dropped and the
  /// result becomes an ErrorCode::internal failure.
  void clean(ListResult& result) const noexcept;

 private:
  void clean_or_throw(std::string& text) const;
  void redact_json(nlohmann::json& value) const;

  Redactor redactor_;
  std::size_t max_text_bytes_;
};

}  // namespace flameup::detail
