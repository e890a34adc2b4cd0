#pragma once
// Turning command-line or JSONL input into a flameup::TrackEvent.

#include <string>

#include <flameup/track_event.hpp>
#include <nlohmann/json.hpp>

namespace flameup::cli {

/// "2024-12-25T10:00:00Z" or "2024-12-25T10:00:00.123Z" (UTC) into @p out; false otherwise.
bool parse_utc_timestamp(const std::string& text, TrackEvent& out);

/// {"userId", "event", "properties"?, "timestamp"?} into @p out; @p error says what is wrong.
bool event_from_json(const nlohmann::json& line, TrackEvent& out, std::string& error);

}  // namespace flameup::cli
