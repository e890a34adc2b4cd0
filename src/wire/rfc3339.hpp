#pragma once
// RFC 3339 timestamps: the fast writer used on the caller's thread by enqueue(), next to the
// public format_timestamp()/parse_timestamp() (flameup/timestamp.hpp) built on it.

#include <chrono>
#include <string>

namespace flameup::detail {

/// Appends @p time as `YYYY-MM-DDThh:mm:ss.mmmZ` to @p out, by hand (no snprintf: this runs
/// for every event and snprintf was a quarter of enqueue's cost).
void append_timestamp(std::string& out, std::chrono::system_clock::time_point time);

}  // namespace flameup::detail
