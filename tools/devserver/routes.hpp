#pragma once
// The emulator's two routes (flameup-api.md): track (POST) and list (GET) on
// /api/v1/workspaces/{workspaceId}/events.

#include <httplib.h>

#include "server_state.hpp"

namespace flameup::devserver::detail {

/// POST: faults first (the request is logged before), then auth, rate limit, validation,
/// idempotency, record.
void handle_track(ServerState& state, const httplib::Request& req, httplib::Response& res);

/// GET: auth, rate limit, then the page of recorded events matching the query.
void handle_list(ServerState& state, const httplib::Request& req, httplib::Response& res);

}  // namespace flameup::devserver::detail
