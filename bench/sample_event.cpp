#include "sample_event.hpp"

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <random>

namespace flameup::bench {
namespace {

// RFC 3339 UTC with milliseconds, as the API documents (the SDK stamps the same shape).
std::string rfc3339_now() {
  const auto now = std::chrono::system_clock::now();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch());
  const std::time_t secs = static_cast<std::time_t>(ms.count() / 1000);
  std::tm utc{};
  gmtime_r(&secs, &utc);
  char text[64];  // room for any int the compiler imagines in the fields
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(ms.count() % 1000));
  return text;
}

}  // namespace

std::string sample_user_id(std::size_t i) { return "user-" + std::to_string(i % 5000); }

const char* sample_event_name() { return "checkout_completed"; }

nlohmann::json sample_properties(std::size_t i) {
  return nlohmann::json{{"plan", "pro"},
                        {"amount", 49.99},
                        {"items", static_cast<int>(i % 7) + 1},
                        {"source", "web"}};
}

std::string sample_body(std::size_t i) {
  nlohmann::json body{{"userId", sample_user_id(i)},
                      {"event", sample_event_name()},
                      {"properties", sample_properties(i)},
                      {"timestamp", rfc3339_now()}};
  return body.dump();
}

std::string random_uuid() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  const std::uint64_t hi = (rng() & 0xFFFFFFFFFFFF0FFFull) | 0x0000000000004000ull;
  const std::uint64_t lo = (rng() & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull;
  char text[40];
  std::snprintf(text, sizeof text, "%08x-%04x-%04x-%04x-%012llx",
                static_cast<unsigned>(hi >> 32), static_cast<unsigned>((hi >> 16) & 0xFFFF),
                static_cast<unsigned>(hi & 0xFFFF), static_cast<unsigned>(lo >> 48),
                static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFull));
  return text;
}

std::vector<std::string> request_headers(const Target& target, const std::string& idempotency_key) {
  return {"Authorization: Bearer " + target.api_key, "Content-Type: application/json",
          "User-Agent: flameup-bench-baseline/1", "Idempotency-Key: " + idempotency_key,
          "Expect:"};
}

}  // namespace flameup::bench
