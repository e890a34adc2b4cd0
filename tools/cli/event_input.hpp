#pragma once
// Turning one line of an import file into a flameup::TrackEvent.

#include <string>

#include <flameup/track_event.hpp>
#include <nlohmann/json.hpp>

namespace flameup::cli {

/// {"userId", "event", "properties"?, "timestamp"?} into @p out; @p error names the field
/// that is wrong. The library validates the rest (sizes, UTF-8, properties an object).
bool event_from_json(const nlohmann::json& line, TrackEvent& out, std::string& error);

}  // namespace flameup::cli
