#pragma once
// Random (version 4) UUIDs, used as each event's Idempotency-Key.

#include <cstddef>
#include <string>

namespace flameup::detail {

/// Length of a UUID in its canonical text form (8-4-4-4-12 lower-case hex digits).
inline constexpr std::size_t kUuidLength = 36;

/// Writes a fresh random UUID v4 into @p out (exactly kUuidLength chars, no terminator).
/// Cheap: the per-thread generator of thread_rng.hpp, no lock, no system call.
void uuid_v4(char* out) noexcept;

/// A fresh random UUID v4 as a string.
std::string uuid_v4();

}  // namespace flameup::detail
