#pragma once
// Fixed times for tests: the start of time for the engine's parts driven with made-up
// steady-clock times, and a wall-clock instant with milliseconds for the wire formats.

#include <chrono>

namespace flameup::testing {

/// Far enough from the steady clock's epoch that an interval subtracted from it stays positive.
inline const std::chrono::steady_clock::time_point kT0{std::chrono::hours(1000)};

/// 2024-12-25T10:00:00.123Z
inline std::chrono::system_clock::time_point christmas() {
  return std::chrono::system_clock::time_point(std::chrono::seconds(1735120800)) +
         std::chrono::milliseconds(123);
}

}  // namespace flameup::testing
