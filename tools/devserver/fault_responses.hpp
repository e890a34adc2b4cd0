#pragma once
// How each Fault::Kind changes the answer of the track and list routes.

#include <cstdint>

#include <httplib.h>

#include "server_state.hpp"

namespace flameup::devserver::detail {

/// Applies the part of @p fault that comes before the normal answer. Returns true when the
/// fault answered instead (status, stall, huge_body, redirect): nothing is recorded then.
/// A delay waits here and returns false; so does a stall released by clear_faults().
/// @p since: state.release.generation() read before the fault was taken, so that a
/// clear_faults() racing with the request still releases it.
bool answer_instead(ServerState& state, const Fault& fault, httplib::Response& res,
                    std::uint64_t since);

/// Applies the part of @p fault that reshapes the normal answer already in @p res
/// (trickle, close_after_response).
void reshape_answer(ServerState& state, const Fault& fault, httplib::Response& res);

}  // namespace flameup::devserver::detail
