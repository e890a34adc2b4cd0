#pragma once
// The sentinel key of row S1: recognisable, so tests can assert it never leaks. A header of
// its own so that unit tests can use it without the emulator (emulator_fixture.hpp).

#include <string>

namespace flameup::testing {

inline const std::string kSentinelKey = "ws_test_SENTINEL_SECRET_0123456789abcdef";

}  // namespace flameup::testing
