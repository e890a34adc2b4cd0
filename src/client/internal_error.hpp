#pragma once
// Failures inside the SDK (out of memory, a thread that cannot start) are reported as
// ErrorCode::internal with a message saying what failed, so that they are never mistaken
// for something the server said.

#include "flameup/error.hpp"

namespace flameup::detail {

/// The Error for the exception being handled: `"<operation>: out of memory"`, or
/// `"<operation>: internal error (<what()>)"`. Call it in a catch block. Never throws: when
/// even the message cannot be built, the message is "out of memory" (short enough for
/// std::string's inline buffer, so it needs no allocation).
Error internal_error(const char* operation) noexcept;

}  // namespace flameup::detail
