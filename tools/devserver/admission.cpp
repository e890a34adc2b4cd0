#include "admission.hpp"

#include <algorithm>
#include <chrono>
#include <cctype>

#include "http_replies.hpp"
#include "route_path.hpp"

namespace flameup::devserver::detail {
namespace {

std::int64_t now_unix() {
  using namespace std::chrono;
  return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

bool key_accepted(const ServerState& state, const std::string& key) {
  if (key.empty()) return false;
  const auto& keys = state.options.api_keys;
  return keys.empty() || std::find(keys.begin(), keys.end(), key) != keys.end();
}

}  // namespace

std::string bearer_key(const httplib::Request& req) {
  const std::string value = req.get_header_value("Authorization");
  const std::string scheme = "bearer ";
  if (value.size() <= scheme.size()) return "";
  for (std::size_t i = 0; i < scheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(value[i])) != scheme[i]) return "";
  }
  std::string key = value.substr(scheme.size());
  // Surrounding blanks are not part of the key.
  key.erase(0, key.find_first_not_of(' '));
  key.erase(key.find_last_not_of(' ') + 1);
  return key;
}

void set_rate_limit_headers(const ServerState& state, const RateDecision& decision,
                            httplib::Response& res) {
  const RateHeaderOverride forced = state.rate_override();
  const bool forcing = forced.remaining.has_value() || forced.reset_unix.has_value();
  if (!state.rate.enabled() && !forcing) return;
  const long remaining = forced.remaining.value_or(decision.remaining);
  const std::int64_t reset = forced.reset_unix.value_or(decision.reset_unix);
  res.set_header("X-RateLimit-Limit", std::to_string(state.rate.limit()));
  res.set_header("X-RateLimit-Remaining", std::to_string(remaining));
  res.set_header("X-RateLimit-Reset", std::to_string(reset));
}

Admission admit(ServerState& state, const httplib::Request& req, httplib::Response& res,
                const std::string& request_id) {
  Admission admission;
  const auto workspace = workspace_from_target(req.target);
  if (!workspace) {
    reply_not_found(res, request_id);
    return admission;
  }
  const std::string key = bearer_key(req);
  if (!key_accepted(state, key)) {
    reply_unauthorized(res);
    return admission;
  }
  // Windows are per key, but remembered by fingerprint: the emulator keeps no key it was sent.
  const RateDecision decision = state.rate.take(fingerprint(key), now_unix());
  set_rate_limit_headers(state, decision, res);
  if (!decision.allowed) {
    reply_rate_limited(res, decision.retry_after_s);
    return admission;
  }
  admission.admitted = true;
  admission.workspace_id = *workspace;
  return admission;
}

}  // namespace flameup::devserver::detail
