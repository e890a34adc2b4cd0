#include "text/result_sanitizer.hpp"

#include <map>
#include <utility>

#include "client/internal_error.hpp"
#include "text/printable_text.hpp"

namespace flameup::detail {

ResultSanitizer::ResultSanitizer(std::string_view api_key, std::size_t max_text_bytes)
    : redactor_(api_key), max_text_bytes_(max_text_bytes) {}

void ResultSanitizer::clean(std::string& text) const noexcept {
  try {
    clean_or_throw(text);
  } catch (...) {
    text.clear();
  }
}

void ResultSanitizer::clean(Error& error) const noexcept {
  try {
    clean_or_throw(error.message);
    clean_or_throw(error.server_code);
    std::map<std::string, std::string> fields;
    for (auto& [name, detail] : error.field_errors) {
      std::string clean_name = name;
      clean_or_throw(clean_name);
      clean_or_throw(detail);
      // Two names that clean to the same text (both held the key): the first one stays.
      fields.emplace(std::move(clean_name), std::move(detail));
    }
    error.field_errors = std::move(fields);
  } catch (...) {
    error = internal_error("cleaning the server's answer");
  }
}

void ResultSanitizer::clean(RequestResult& result) const noexcept {
  clean(result.error);
  clean(result.request_id);
}

void ResultSanitizer::clean(TrackResult& result) const noexcept {
  clean(static_cast<RequestResult&>(result));
  clean(result.event_id);
}

void ResultSanitizer::clean(ListResult& result) const noexcept {
  clean(static_cast<RequestResult&>(result));
  try {
    for (ListedEvent& event : result.events) {
      for (std::string* text : {&event.id, &event.workspace_id, &event.user_id, &event.event}) {
        clean_or_throw(*text);
      }
      redact_json(event.properties);
    }
  } catch (...) {
    result.events.clear();
    result.success = false;
    result.error = internal_error("cleaning the server's answer");
  }
}

void ResultSanitizer::redact_json(nlohmann::json& value) const {
  if (value.is_string()) {
    redactor_.redact(value.get_ref<std::string&>());
  } else if (value.is_array()) {
    for (nlohmann::json& item : value) redact_json(item);
  } else if (value.is_object()) {
    nlohmann::json cleaned = nlohmann::json::object();
    for (auto& [name, item] : value.items()) {
      std::string clean_name = name;
      redactor_.redact(clean_name);
      redact_json(item);
      cleaned[clean_name] = std::move(item);
    }
    value = std::move(cleaned);
  }
}

void ResultSanitizer::clean_or_throw(std::string& text) const {
  if (!is_printable_text(text)) text = printable_text(text);  // no copy in the common case
  redactor_.redact(text);
  bound_text(text, max_text_bytes_);
}

}  // namespace flameup::detail
