#pragma once
// The SDK's internal logger: the user's LogCallback and level, or stderr.
// Callers never pass the API key; messages are built from libcurl errors and server bodies.

#include <string_view>

#include "flameup/log.hpp"

namespace flameup::detail {

class Logger {
 public:
  Logger(LogLevel level, LogCallback callback);
  bool enabled(LogLevel level) const noexcept { return level >= level_ && level_ != LogLevel::off; }
  void log(LogLevel level, std::string_view message) const noexcept;

 private:
  LogLevel level_;
  LogCallback callback_;
};

}  // namespace flameup::detail
