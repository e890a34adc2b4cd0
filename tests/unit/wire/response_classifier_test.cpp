#include "wire/response_classifier.hpp"

#include <chrono>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using flameup::ErrorCode;
using flameup::detail::classify;
using flameup::detail::Classification;
using flameup::detail::Disposition;
using flameup::detail::HttpResponse;
using flameup::detail::TransportStatus;
using namespace std::chrono;

namespace {

const system_clock::time_point kNow = system_clock::from_time_t(784111777);  // 1994-11-06 08:49:37

HttpResponse response(int status, std::string body,
                      std::vector<std::pair<std::string, std::string>> headers = {}) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  return r;
}

Classification run(const HttpResponse& r) { return classify(r, milliseconds(60000), kNow); }

}  // namespace

TEST(Classify, SuccessReadsEventId) {
  const auto c = run(response(200, R"({"success": true, "event_id": "evt_1"})",
                              {{"x-request-id", "req_h"}}));
  EXPECT_EQ(c.disposition, Disposition::delivered);
  EXPECT_EQ(c.event_id, "evt_1");
  EXPECT_EQ(c.http_status, 200);
  EXPECT_EQ(c.error.code, ErrorCode::none);
  EXPECT_EQ(c.request_id, "req_h");
}

TEST(Classify, AnyTwoHundredIsDeliveredWhateverTheBody) {
  for (const auto& [status, body] : std::vector<std::pair<int, std::string>>{
           {200, ""}, {201, "not json"}, {204, ""}, {200, "{\"event_id\": 5}"},
           {200, "{\"event_id\": \"evt_"}, {200, "\xFF\xFE garbage"}, {200, "[1,2]"},
           {202, std::string(100000, '[')}}) {
    const auto c = run(response(status, body));
    EXPECT_EQ(c.disposition, Disposition::delivered) << status << " " << body.substr(0, 20);
    EXPECT_EQ(c.disposition, Disposition::delivered);
    EXPECT_EQ(c.event_id, "");
  }
}

// The 2xx ids are read with a SAX reader, not a DOM; they must be exactly what reading the
// members of the parsed tree gives, on well-formed and odd bodies alike.
TEST(Classify, SuccessIdsMatchWhatTheParsedTreeSays) {
  const std::string long_id(3000, 'e');
  const std::vector<std::string> bodies = {
      R"({"event_id":"a","request_id":"r"})",
      R"({"event_id":"a","event_id":"b"})",  // duplicate: the last wins
      R"({"event_id":"a","event_id":7})",    // duplicate, the last not a string
      R"({"event_id":7,"event_id":"b"})",
      R"({"event_id":{"event_id":"inner"}})",  // nested: not the top-level member
      R"({"data":{"event_id":"inner","request_id":"r"}})",
      R"({"event_id":["x"],"request_id":null})",
      R"([{"event_id":"in_array"}])",
      R"("event_id")",
      R"({"event_id":"a"} trailing)",  // not entirely valid: no ids
      R"({"event_id":"a",})",
      R"({"event_id":"caf\u00e9 \ud83d\ude00","request_id":"r\"q"})",
      "{\"event_id\":\"\xC3\x28\"}",         // invalid UTF-8 in the string
      "{\"event_id\":\"" + long_id + "\"}",  // whole: the sanitizer bounds it
      " \n{ \"request_id\" : \"spaced\" }\n",
      "",
  };
  for (const auto& body : bodies) {
    const auto tree = nlohmann::json::parse(body, nullptr, false);
    std::string event_id;
    std::string request_id;
    if (tree.is_object()) {
      if (auto it = tree.find("event_id"); it != tree.end() && it->is_string()) {
        event_id = it->get<std::string>();
      }
      if (auto it = tree.find("request_id"); it != tree.end() && it->is_string()) {
        request_id = it->get<std::string>();
      }
    }
    const auto c = run(response(200, body));
    EXPECT_EQ(c.event_id, event_id) << body.substr(0, 60);
    EXPECT_EQ(c.request_id, request_id) << body.substr(0, 60);
  }
  // A few spelled out, so the oracle above cannot hide a shared misunderstanding.
  EXPECT_EQ(run(response(200, R"({"event_id":"a","event_id":"b"})")).event_id, "b");
  EXPECT_EQ(run(response(200, R"({"event_id":"a","event_id":7})")).event_id, "");
  EXPECT_EQ(run(response(200, R"({"x":{"event_id":"inner"}})")).event_id, "");
  EXPECT_EQ(run(response(200, R"({"request_id":"r"} x)")).request_id, "");
}

TEST(Classify, ShapeTypedErrorWithRequestId) {
  const auto c = run(response(
      400, R"({"success": false, "error": {"type": "INVALID_JSON", "message": "Body is not JSON"},
              "request_id": "req_abc123"})",
      {{"x-request-id", "req_header"}}));
  EXPECT_EQ(c.disposition, Disposition::rejected);
  EXPECT_EQ(c.error.code, ErrorCode::rejected);
  EXPECT_EQ(c.error.server_code, "INVALID_JSON");
  EXPECT_EQ(c.error.message, "Body is not JSON");
  EXPECT_EQ(c.request_id, "req_abc123");  // the body wins over the header
  EXPECT_NE(c.disposition, Disposition::delivered);
}

TEST(Classify, ShapeCodedError401) {
  const auto c = run(response(
      401, R"({"error": {"code": "unauthorized", "message": "Invalid or missing API key"}})"));
  EXPECT_EQ(c.disposition, Disposition::auth_failed);
  EXPECT_EQ(c.error.code, ErrorCode::unauthorized);
  EXPECT_EQ(c.error.server_code, "unauthorized");
  EXPECT_EQ(c.error.message, "Invalid or missing API key");
}

TEST(Classify, ShapeValidationErrorWithFields) {
  const auto c = run(response(
      422, R"({"error": {"code": "validation_error", "message": "Validation failed",
               "details": {"fields": {"userId": "Required field", "event": ["too long", "bad"]}}}})"));
  EXPECT_EQ(c.disposition, Disposition::rejected);
  EXPECT_EQ(c.error.code, ErrorCode::rejected);
  EXPECT_EQ(c.error.server_code, "validation_error");
  EXPECT_EQ(c.error.message, "Validation failed");
  ASSERT_EQ(c.error.field_errors.size(), 2U);
  EXPECT_EQ(c.error.field_errors.at("userId"), "Required field");
  EXPECT_EQ(c.error.field_errors.at("event"), "too long; bad");
}

TEST(Classify, ShapeStringErrorRateLimited) {
  const auto c = run(response(
      429, R"({"error": "Rate limit exceeded", "message": "Too many requests. Please try again later."})",
      {{"retry-after", "7"}, {"x-ratelimit-limit", "120"}, {"x-ratelimit-remaining", "0"},
       {"x-ratelimit-reset", "784111800"}}));
  EXPECT_EQ(c.disposition, Disposition::rate_limited);
  EXPECT_EQ(c.error.code, ErrorCode::rate_limited);
  EXPECT_EQ(c.error.server_code, "Rate limit exceeded");
  EXPECT_EQ(c.error.message,
            "Rate limit exceeded: Too many requests. Please try again later.");
  ASSERT_TRUE(c.retry_after.has_value());
  EXPECT_EQ(*c.retry_after, milliseconds(7000));
  ASSERT_TRUE(c.rate_limit.has_value());
  EXPECT_EQ(c.rate_limit->limit, 120);
  EXPECT_EQ(c.rate_limit->remaining, 0);
  EXPECT_EQ(c.rate_limit->reset, 784111800);
}

TEST(Classify, RetryAfterIsClampedAndGarbageIgnored) {
  auto c = classify(response(429, "", {{"retry-after", "100000"}}), milliseconds(5000), kNow);
  ASSERT_TRUE(c.retry_after.has_value());
  EXPECT_EQ(*c.retry_after, milliseconds(5000));
  c = run(response(429, "", {{"retry-after", "-3"}}));
  EXPECT_FALSE(c.retry_after.has_value());
  c = run(response(503, "", {{"retry-after", "Sun, 06 Nov 1994 08:49:47 GMT"}}));
  ASSERT_TRUE(c.retry_after.has_value());
  EXPECT_EQ(*c.retry_after, milliseconds(10000));
}

TEST(Classify, RateLimitHeadersOnSuccessAndAbsent) {
  auto c = run(response(200, "{}", {{"x-ratelimit-remaining", "42"}}));
  ASSERT_TRUE(c.rate_limit.has_value());
  EXPECT_EQ(c.rate_limit->remaining, 42);
  EXPECT_EQ(c.rate_limit->limit, -1);
  c = run(response(200, "{}", {{"x-ratelimit-remaining", "lots"}}));
  EXPECT_FALSE(c.rate_limit.has_value());
}

TEST(Classify, StatusTable) {
  struct Row {
    int status;
    Disposition disposition;
    ErrorCode code;
  };
  for (const Row& row : {Row{400, Disposition::rejected, ErrorCode::rejected},
                         Row{403, Disposition::auth_failed, ErrorCode::forbidden},
                         Row{404, Disposition::rejected, ErrorCode::not_found},
                         Row{409, Disposition::rejected, ErrorCode::conflict},
                         Row{422, Disposition::rejected, ErrorCode::rejected},
                         Row{418, Disposition::rejected, ErrorCode::rejected},
                         Row{408, Disposition::retry, ErrorCode::server_error},
                         Row{500, Disposition::retry, ErrorCode::server_error},
                         Row{503, Disposition::retry, ErrorCode::server_error},
                         Row{599, Disposition::retry, ErrorCode::server_error},
                         Row{302, Disposition::rejected, ErrorCode::unexpected_response},
                         Row{101, Disposition::rejected, ErrorCode::unexpected_response},
                         Row{0, Disposition::rejected, ErrorCode::unexpected_response},
                         Row{777, Disposition::rejected, ErrorCode::unexpected_response}}) {
    const auto c = run(response(row.status, ""));
    EXPECT_EQ(c.disposition, row.disposition) << row.status;
    EXPECT_EQ(c.error.code, row.code) << row.status;
    EXPECT_EQ(c.error.message, "HTTP " + std::to_string(row.status));
    EXPECT_NE(c.disposition, Disposition::delivered);
  }
}

TEST(Classify, OddErrorBodiesNeverCrashAndKeepTheStatusClass) {
  for (const std::string& body :
       {std::string(""), std::string("<html>502 Bad Gateway</html>"), std::string("{\"error\":"),
        std::string("{\"error\": 42}"), std::string("{\"error\": {\"message\": 7}}"),
        std::string("{\"error\": {\"details\": {\"fields\": [1]}}}"), std::string("null"),
        std::string("\xC3\x28\xFF"), std::string(200000, '{'), std::string("[[[[[[[[]]]]]]]]")}) {
    const auto c = run(response(503, body));
    EXPECT_EQ(c.disposition, Disposition::retry);
    EXPECT_EQ(c.error.code, ErrorCode::server_error);
    EXPECT_FALSE(c.error.message.empty());
  }
}

// Server text comes out decoded (JSON escapes undone, so that redaction sees the text the
// server meant) and whole: ResultSanitizer redacts the key first, then bounds it.
TEST(Classify, ServerTextIsDecodedAndWhole) {
  const std::string huge(100000, 'm');
  auto c = run(response(400, R"({"error": {"code": "x", "message": ")" + huge + "\"}}"));
  EXPECT_EQ(c.error.message, huge);
  c = run(response(422, R"({"error": {"code": "\u0077s", "message": "a\u0062\/c",
                            "details": {"fields": {"\u0066": ["\u0067", {"h": "\u0069"}]}}},
                            "request_id": "r\u0065q"})"));
  EXPECT_EQ(c.error.server_code, "ws");
  EXPECT_EQ(c.error.message, "ab/c");
  EXPECT_EQ(c.error.field_errors.at("f"), "g; {h: i}");
  EXPECT_EQ(c.request_id, "req");
  c = run(response(200, R"({"event_id": "evt_\u0031"})"));
  EXPECT_EQ(c.event_id, "evt_1");
}

TEST(Classify, TopLevelMessageOnly) {
  const auto c = run(response(404, R"({"message": "Workspace not found"})"));
  EXPECT_EQ(c.error.code, ErrorCode::not_found);
  EXPECT_EQ(c.error.message, "Workspace not found");
}

TEST(Classify, TransportFailuresAreRetriedWithTypedCodes) {
  struct Row {
    TransportStatus transport;
    ErrorCode code;
  };
  for (const Row& row : {Row{TransportStatus::connect_failed, ErrorCode::network},
                         Row{TransportStatus::dns_failed, ErrorCode::network},
                         Row{TransportStatus::send_failed, ErrorCode::network},
                         Row{TransportStatus::receive_failed, ErrorCode::network},
                         Row{TransportStatus::other, ErrorCode::network},
                         Row{TransportStatus::timeout, ErrorCode::timeout},
                         Row{TransportStatus::tls_failed, ErrorCode::tls},
                         Row{TransportStatus::response_too_large, ErrorCode::response_too_large},
                         Row{TransportStatus::aborted, ErrorCode::cancelled},
                         Row{TransportStatus::internal, ErrorCode::internal}}) {
    HttpResponse r;
    r.transport = row.transport;
    r.transport_message = "Couldn't connect to server";
    const auto c = run(r);
    EXPECT_EQ(c.disposition, Disposition::retry);
    EXPECT_EQ(c.error.code, row.code);
    EXPECT_EQ(c.error.message, "Couldn't connect to server");
    EXPECT_NE(c.disposition, Disposition::delivered);
  }
}
