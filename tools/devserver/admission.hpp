#pragma once
// What both routes check before doing their work, in the real service's order: the path names
// a workspace, the Bearer key is valid, the key is within its rate limit. The rate-limit
// headers are set here so that every answer to an authenticated request carries them.

#include <string>

#include <httplib.h>

#include "rate_window.hpp"
#include "server_state.hpp"

namespace flameup::devserver::detail {

struct Admission {
  bool admitted = false;  // false: `res` already holds the error answer
  std::string workspace_id;
};

Admission admit(ServerState& state, const httplib::Request& req, httplib::Response& res,
                const std::string& request_id);

/// The key from "Authorization: Bearer <key>" (scheme case-insensitive), or "" when absent.
std::string bearer_key(const httplib::Request& req);

/// X-RateLimit-Limit/Remaining/Reset for @p decision, with the test override applied.
void set_rate_limit_headers(const ServerState& state, const RateDecision& decision,
                            httplib::Response& res);

}  // namespace flameup::devserver::detail
