#pragma once
// The start of time in tests that drive the engine's parts with made-up steady-clock times: far
// enough from the clock's epoch that an interval subtracted from it stays positive.

#include <chrono>

namespace flameup::testing {

inline const std::chrono::steady_clock::time_point kT0{std::chrono::hours(1000)};

}  // namespace flameup::testing
