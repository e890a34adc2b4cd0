#pragma once
/// @file log.hpp
/// @brief The logger hook.

#include <functional>
#include <string_view>

#include "flameup/export.hpp"

namespace flameup {

/// @brief Severity of a log message. `off` disables logging entirely.
enum class LogLevel { debug = 0, info = 1, warn = 2, error = 3, off = 4 };

/// @brief Receives log messages at or above ClientOptions::log_level.
///
/// Called from whichever thread produced the message (the caller's or the delivery thread),
/// so it must be thread-safe. Messages never contain the API key (an echo of it by a server is
/// shown as `[redacted]`), and each is one printable line of valid UTF-8: control characters,
/// C1 controls, line separators, bidirectional overrides and invalid UTF-8 in server text are
/// shown as `\r`, `\n`, `\xNN` or `\uXXXX` escapes, so a server cannot forge a log line or
/// drive a terminal. The default stderr logger writes exactly these lines.
using LogCallback = std::function<void(LogLevel level, std::string_view message)>;

/// @brief A stable lower-case name for @p level, e.g. `"warn"`.
FLAMEUP_EXPORT const char* to_string(LogLevel level) noexcept;

}  // namespace flameup
