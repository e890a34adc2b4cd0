#pragma once
// The SDK's internal logger: the user's LogCallback and level, or stderr.
//
// Every line is made safe here, whoever built it: the API key is redacted (in case a server
// echoed it into text being logged), and control characters, C1 controls, line separators,
// bidirectional overrides and invalid UTF-8 are shown as escapes (printable_text()), so that
// text from a server can neither forge a log line nor drive a terminal.

#include <string_view>

#include "flameup/log.hpp"
#include "text/redactor.hpp"

namespace flameup::detail {

class Logger {
 public:
  /// @p api_key is only used to redact it; empty redacts nothing.
  Logger(LogLevel level, LogCallback callback, std::string_view api_key = {});
  bool enabled(LogLevel level) const noexcept { return level >= level_ && level_ != LogLevel::off; }
  void log(LogLevel level, std::string_view message) const noexcept;

 private:
  LogLevel level_;
  LogCallback callback_;
  Redactor redactor_;
};

}  // namespace flameup::detail
