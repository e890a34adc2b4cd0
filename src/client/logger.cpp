#include "client/logger.hpp"

#include <cstdio>
#include <string>
#include <utility>

#include "text/printable_text.hpp"

namespace flameup::detail {
namespace {

// Said instead of a line that could not be made safe (out of memory): never the raw text.
constexpr std::string_view kLostLine = "(a log message was lost: out of memory)";

}  // namespace

Logger::Logger(LogLevel level, LogCallback callback, std::string_view api_key)
    : level_(level), callback_(std::move(callback)), redactor_(api_key) {}

void Logger::log(LogLevel level, std::string_view message) const noexcept {
  if (!enabled(level) || level == LogLevel::off) return;
  std::string line;
  std::string_view shown = kLostLine;
  try {
    line = printable_text(message);
    redactor_.redact(line);
    shown = line;
  } catch (...) {
    // shown stays kLostLine
  }
  if (callback_) {
    try {
      callback_(level, shown);
    } catch (...) {
      // A throwing user callback must not take the SDK (or the delivery thread) down.
    }
    return;
  }
  // One fprintf per message so lines from different threads do not interleave.
  std::fprintf(stderr, "flameup [%s] %.*s\n", to_string(level), static_cast<int>(shown.size()),
               shown.data());
}

}  // namespace flameup::detail
