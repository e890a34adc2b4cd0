#pragma once
// Where the workspace id sits in a request target. httplib matches routes on the decoded path,
// where "%2F" has become "/", so the workspace segment is cut from the raw target instead and
// decoded here.

#include <optional>
#include <string>

namespace flameup::devserver::detail {

/// "a%20b" -> "a b". nullopt for a malformed escape ("%G1", "%4").
std::optional<std::string> percent_decode(const std::string& text);

/// The decoded workspace id of "/api/v1/workspaces/<segment>/events[?query]", or nullopt when
/// the target does not have exactly that shape (an empty segment included).
std::optional<std::string> workspace_from_target(const std::string& target);

}  // namespace flameup::devserver::detail
