#pragma once
// The response bodies of the real service, one function per shape (flameup-api.md "Errors").

#include <cstdint>
#include <string>

#include <httplib.h>
#include <nlohmann/json.hpp>

namespace flameup::devserver::detail {

void reply_json(httplib::Response& res, int status, const nlohmann::json& body);

/// 400 {"success": false, "error": {"type", "message"}, "request_id"}.
void reply_bad_request(httplib::Response& res, const std::string& type,
                       const std::string& message, const std::string& request_id);

/// 401 {"error": {"code": "unauthorized", "message": "Invalid or missing API key"}}.
void reply_unauthorized(httplib::Response& res);

/// 404 for a path that is not a route (same shape as 400).
void reply_not_found(httplib::Response& res, const std::string& request_id);

/// 422 {"error": {"code": "validation_error", ..., "details": {"fields": {...}}}}.
void reply_validation_failed(httplib::Response& res, const nlohmann::json& fields);

/// 429 {"error": "Rate limit exceeded", "message": ...} with Retry-After.
void reply_rate_limited(httplib::Response& res, std::int64_t retry_after_s);

}  // namespace flameup::devserver::detail
