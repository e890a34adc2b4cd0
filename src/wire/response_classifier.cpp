#include "wire/response_classifier.hpp"

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "engine/backoff.hpp"
#include "client/internal_error.hpp"
#include "text/json_text.hpp"

namespace flameup::detail {
namespace {

using nlohmann::json;

// Server text is returned whole: ResultSanitizer bounds it after redacting the key, so that a
// key across the cut is still seen whole. The response cap bounds it until then.

void read_field_errors(const json& details, Error& error) {
  if (!details.is_object()) return;
  const auto fields = details.find("fields");
  const json& source = fields != details.end() ? *fields : details;
  if (!source.is_object()) return;
  for (const auto& [name, value] : source.items()) {
    error.field_errors[name] = json_text(value);  // usually a string; anything goes
  }
}

// The ids a 2xx body may carry. Read with nlohmann's SAX interface rather than into a DOM:
// track() classifies every response, and building the tree cost about 1 us per event.
// Same results as parsing into a tree and reading the members: only string members of a
// top-level object count, the last of duplicate keys wins, and a body that is not entirely
// valid JSON yields no ids at all.
class SuccessIdsReader final : public nlohmann::json_sax<json> {
 public:
  std::string event_id;
  std::string request_id;

  bool null() override { return scalar(); }
  bool boolean(bool) override { return scalar(); }
  bool number_integer(number_integer_t) override { return scalar(); }
  bool number_unsigned(number_unsigned_t) override { return scalar(); }
  bool number_float(number_float_t, const string_t&) override { return scalar(); }
  bool binary(binary_t&) override { return scalar(); }
  bool string(string_t& value) override {
    if (depth_ == 1 && pending_ != nullptr) *pending_ = value;
    pending_ = nullptr;
    return true;
  }
  bool start_object(std::size_t) override { return open(); }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override { return open(); }
  bool end_array() override { return close(); }
  bool key(string_t& name) override {
    if (depth_ != 1) return true;
    if (name == "event_id") {
      pending_ = &event_id;
    } else if (name == "request_id") {
      pending_ = &request_id;
    } else {
      pending_ = nullptr;
    }
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::json::exception&) override {
    return false;
  }

 private:
  // A non-string value for a wanted key replaces an earlier string one (last key wins).
  bool scalar() {
    if (depth_ == 1 && pending_ != nullptr) pending_->clear();
    pending_ = nullptr;
    return true;
  }
  // Keys are only read at depth 1, which only a top-level object has.
  bool open() {
    scalar();
    ++depth_;
    return true;
  }
  bool close() {
    --depth_;
    return true;
  }

  std::size_t depth_ = 0;
  std::string* pending_ = nullptr;  // the member the next top-level value belongs to
};

void read_success_ids(const std::string& body, std::string& event_id, std::string& request_id) {
  SuccessIdsReader reader;
  if (!json::sax_parse(body, &reader)) return;  // not (entirely) valid JSON: no ids
  event_id = std::move(reader.event_id);
  request_id = std::move(reader.request_id);
}

// Reads every documented error-body shape into @p error (message, server_code, fields) and
// @p request_id. Anything unexpected is ignored: the status alone still classifies.
void read_error_body(const std::string& body, Error& error, std::string& request_id) {
  const json parsed = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_object()) return;
  request_id = string_member(parsed, "request_id");

  const auto err = parsed.find("error");
  if (err != parsed.end() && err->is_object()) {
    // {"error": {"type"|"code", "message", "details": {"fields": {...}}}}
    error.server_code = string_member(*err, "type");
    if (error.server_code.empty()) error.server_code = string_member(*err, "code");
    error.message = string_member(*err, "message");
    if (const auto details = err->find("details"); details != err->end()) {
      read_field_errors(*details, error);
    }
    if (request_id.empty()) request_id = string_member(*err, "request_id");
  } else if (err != parsed.end() && err->is_string()) {
    // {"error": "Rate limit exceeded", "message": "..."}
    error.server_code = err->get<std::string>();
    const std::string message = string_member(parsed, "message");
    error.message = message.empty() ? error.server_code : error.server_code + ": " + message;
  } else {
    error.message = string_member(parsed, "message");
  }
}

struct StatusClass {
  Disposition disposition;
  ErrorCode code;
};

StatusClass class_of_status(int status) {
  if (status >= 200 && status <= 299) return {Disposition::delivered, ErrorCode::none};
  if (status == 408 || (status >= 500 && status <= 599)) {
    return {Disposition::retry, ErrorCode::server_error};
  }
  switch (status) {
    case 429: return {Disposition::rate_limited, ErrorCode::rate_limited};
    case 401: return {Disposition::auth_failed, ErrorCode::unauthorized};
    case 403: return {Disposition::auth_failed, ErrorCode::forbidden};
    case 404: return {Disposition::rejected, ErrorCode::not_found};
    case 409: return {Disposition::rejected, ErrorCode::conflict};
    default: break;
  }
  if (status >= 400 && status <= 499) return {Disposition::rejected, ErrorCode::rejected};
  return {Disposition::rejected, ErrorCode::unexpected_response};
}

ErrorCode code_of_transport(TransportStatus status) {
  switch (status) {
    case TransportStatus::timeout: return ErrorCode::timeout;
    case TransportStatus::tls_failed: return ErrorCode::tls;
    case TransportStatus::response_too_large: return ErrorCode::response_too_large;
    case TransportStatus::aborted: return ErrorCode::cancelled;
    case TransportStatus::internal: return ErrorCode::internal;
    default: return ErrorCode::network;
  }
}

std::optional<std::int64_t> parse_integer(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  if (text.empty() || text.size() > 18) return std::nullopt;
  std::int64_t value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

std::optional<RateLimitInfo> read_rate_limit(const HttpResponse& response) {
  const auto limit = parse_integer(response.header("x-ratelimit-limit"));
  const auto remaining = parse_integer(response.header("x-ratelimit-remaining"));
  const auto reset = parse_integer(response.header("x-ratelimit-reset"));
  if (!limit && !remaining && !reset) return std::nullopt;
  RateLimitInfo info;
  if (limit) info.limit = static_cast<long>(*limit);
  if (remaining) info.remaining = static_cast<long>(*remaining);
  if (reset) info.reset = *reset;
  return info;
}

Classification classify_transport_failure(const HttpResponse& response) {
  Classification out;
  // Outcome unknown (the server may have the request): retry with the same idempotency key.
  // A body over the cap lands here too: its status alone cannot be trusted to mean anything
  // about a half-read answer, and retrying is harmless thanks to the key.
  out.disposition = Disposition::retry;
  out.http_status = response.status;
  out.error.code = code_of_transport(response.transport);
  out.error.message = response.transport_message.empty() ? std::string("transport failure")
                                                         : response.transport_message;
  return out;
}

}  // namespace

Classification classify(const HttpResponse& response, std::chrono::milliseconds max_retry_after,
                        std::chrono::system_clock::time_point now) noexcept {
  try {
    if (response.transport != TransportStatus::ok) return classify_transport_failure(response);

    Classification out;
    const StatusClass status_class = class_of_status(response.status);
    out.disposition = status_class.disposition;
    out.http_status = response.status;
    out.rate_limit = read_rate_limit(response);

    if (status_class.disposition == Disposition::delivered) {
      // 2xx means recorded, whatever the body: an empty or non-JSON body only loses the id.
      read_success_ids(response.body, out.event_id, out.request_id);
    } else {
      out.error.code = status_class.code;
      read_error_body(response.body, out.error, out.request_id);
      if (out.error.message.empty()) {
        out.error.message = "HTTP " + std::to_string(response.status);
      }
    }
    if (out.request_id.empty()) {
      out.request_id = std::string(response.header("x-request-id"));
    }
    if (const auto retry_after = response.header("retry-after"); !retry_after.empty()) {
      out.retry_after = parse_retry_after(retry_after, now, max_retry_after);
    }
    return out;
  } catch (...) {
    // Only allocation can fail above: the SDK's failure, not the server's. Keep the event
    // (retry) rather than lose it.
    Classification out;
    out.disposition = Disposition::retry;
    out.http_status = response.status;
    out.error = internal_error("reading the response");
    return out;
  }
}

}  // namespace flameup::detail
