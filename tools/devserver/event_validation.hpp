#pragma once
// The track route's body rules (flameup-api.md "Track event"), as the per-field messages of a
// 422 validation_error.

#include <nlohmann/json.hpp>

namespace flameup::devserver::detail {

constexpr std::size_t kMaxUserIdChars = 255;

/// {"userId": "Required field", ...} for each broken field of @p body (a JSON object);
/// an empty object when the body is valid.
nlohmann::json validate_track_body(const nlohmann::json& body);

}  // namespace flameup::devserver::detail
