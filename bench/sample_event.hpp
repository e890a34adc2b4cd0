#pragma once
// The "typical event" every scenario sends (a user id, an event name, four properties), and
// the exact request a hand-written client would build for it. The baselines and the SDK
// scenarios build the same event per iteration, so each side pays the same application cost.

#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace flameup::bench {

/// Where the events go: a loopback server started by run.sh.
struct Target {
  std::string name;      // "nginx", "devserver", "down"
  std::string base_url;  // "http://127.0.0.1:<port>/api/v1"
  std::string workspace_id = "ws_bench";
  std::string api_key = "ws_test_BENCH_NOT_A_SECRET_0123456789";

  std::string events_url() const { return base_url + "/workspaces/" + workspace_id + "/events"; }
};

/// The user id of event number @p i (varies so that no two events are identical).
std::string sample_user_id(std::size_t i);
/// The event name every scenario uses.
const char* sample_event_name();
/// The properties of event number @p i: four typical fields.
nlohmann::json sample_properties(std::size_t i);

/// What a hand-written client sends for event @p i: the JSON body, stamped now.
std::string sample_body(std::size_t i);
/// A fresh random UUID v4 (the hand-written client's idempotency key).
std::string random_uuid();
/// The header lines of the documented request, for one event.
std::vector<std::string> request_headers(const Target& target, const std::string& idempotency_key);

}  // namespace flameup::bench
