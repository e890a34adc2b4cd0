#include "http_replies.hpp"

namespace flameup::devserver::detail {

void reply_json(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

void reply_bad_request(httplib::Response& res, const std::string& type,
                       const std::string& message, const std::string& request_id) {
  reply_json(res, 400,
             {{"success", false},
              {"error", {{"type", type}, {"message", message}}},
              {"request_id", request_id}});
}

void reply_unauthorized(httplib::Response& res) {
  reply_json(res, 401,
             {{"error", {{"code", "unauthorized"}, {"message", "Invalid or missing API key"}}}});
}

void reply_not_found(httplib::Response& res, const std::string& request_id) {
  reply_json(res, 404,
             {{"success", false},
              {"error", {{"type", "NOT_FOUND"}, {"message", "No such route"}}},
              {"request_id", request_id}});
}

void reply_validation_failed(httplib::Response& res, const nlohmann::json& fields) {
  reply_json(res, 422,
             {{"error",
               {{"code", "validation_error"},
                {"message", "Validation failed"},
                {"details", {{"fields", fields}}}}}});
}

void reply_rate_limited(httplib::Response& res, std::int64_t retry_after_s) {
  res.set_header("Retry-After", std::to_string(retry_after_s));
  reply_json(res, 429,
             {{"error", "Rate limit exceeded"},
              {"message", "Too many requests. Please try again later."}});
}

}  // namespace flameup::devserver::detail
