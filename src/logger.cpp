#include "logger.hpp"

#include <cstdio>
#include <utility>

namespace flameup::detail {

Logger::Logger(LogLevel level, LogCallback callback)
    : level_(level), callback_(std::move(callback)) {}

void Logger::log(LogLevel level, std::string_view message) const noexcept {
  if (!enabled(level) || level == LogLevel::off) return;
  if (callback_) {
    try {
      callback_(level, message);
    } catch (...) {
      // A throwing user callback must not take the SDK (or the delivery thread) down.
    }
    return;
  }
  // One fprintf per message so lines from different threads do not interleave.
  std::fprintf(stderr, "flameup [%s] %.*s\n", to_string(level), static_cast<int>(message.size()),
               message.data());
}

}  // namespace flameup::detail
