#include "error_text.hpp"

#include <nlohmann/json.hpp>

#include "text/bounded_text.hpp"
#include "text/json_text.hpp"
#include "text/printable_text.hpp"
#include "text/result_sanitizer.hpp"

namespace flameup::cli {
namespace {

std::string string_at(const nlohmann::json& object, const char* name) {
  const auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// {"error": {"type"|"code", "message", "details": {"fields": {...}}}} or
// {"error": "text", "message": "text"}: what the API documents. Anything else gives "".
std::string summarise_body(const nlohmann::json& body) {
  if (!body.is_object() || !body.contains("error")) return {};
  const nlohmann::json& error = body.at("error");
  if (error.is_string()) {
    const std::string message = string_at(body, "message");
    return error.get<std::string>() + (message.empty() ? "" : ": " + message);
  }
  if (!error.is_object()) return {};
  std::string code = string_at(error, "code");
  if (code.empty()) code = string_at(error, "type");
  std::string text =
      code.empty() ? string_at(error, "message") : code + ": " + string_at(error, "message");
  const auto fields = error.find("details");
  if (fields != error.end() && fields->is_object() && fields->contains("fields") &&
      fields->at("fields").is_object()) {
    for (const auto& [name, detail] : fields->at("fields").items()) {
      text += "; " + name + ": " + detail::json_text(detail);
    }
  }
  return text;
}

}  // namespace

std::string printable(std::string_view text, std::size_t max) {
  std::string out = detail::printable_text(text);
  detail::bound_text(out, max);
  return out;
}

std::string describe(const Error& error, int http_status) {
  std::string text = std::string(to_string(error.code)) + ": " + error.message;
  if (http_status != 0) text += " (HTTP " + std::to_string(http_status) + ")";
  for (const auto& [field, detail] : error.field_errors) {
    text.append("; ").append(field).append(": ").append(detail);
  }
  return printable(text);
}

std::string describe_http_error(long http_status, const std::string& body,
                                const std::string& secret) {
  const auto json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  std::string text = summarise_body(json);
  // A body of another shape is shown decoded (json_text: escapes such as \u0061 are gone),
  // so that the redaction below sees the text the server meant.
  if (text.empty() && !json.is_discarded()) text = detail::json_text(json);
  if (text.empty()) text = body.empty() ? "(empty body)" : body;
  text = "HTTP " + std::to_string(http_status) + ": " + text;
  detail::ResultSanitizer(secret, kMaxShownBytes).clean(text);
  return text;
}

}  // namespace flameup::cli
