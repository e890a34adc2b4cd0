// Sending the SDK's log lines to spdlog. ClientOptions::logger receives every message at or
// above ClientOptions::log_level; without it the SDK writes to stderr. Messages are single
// printable lines that never contain the API key, so they can go to any sink as they are.
#include <flameup/flameup.hpp>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <memory>
#include <string_view>

#include "example_options.hpp"

namespace {

spdlog::level::level_enum to_spdlog(flameup::LogLevel level) {
  switch (level) {
    case flameup::LogLevel::debug: return spdlog::level::debug;
    case flameup::LogLevel::info: return spdlog::level::info;
    case flameup::LogLevel::warn: return spdlog::level::warn;
    case flameup::LogLevel::error: return spdlog::level::err;
    case flameup::LogLevel::off: break;
  }
  return spdlog::level::off;
}

// The adapter. The logger is called from the caller's thread and from the delivery thread:
// a multi-threaded (_mt) spdlog logger is safe for that. Capturing the shared_ptr keeps
// the logger alive as long as the client.
flameup::LogCallback spdlog_adapter(std::shared_ptr<spdlog::logger> logger) {
  return [logger = std::move(logger)](flameup::LogLevel level, std::string_view message) {
    logger->log(to_spdlog(level), "{}", message);
  };
}

}  // namespace

int main() {
  auto logger = spdlog::stdout_color_mt("flameup");
  logger->set_level(spdlog::level::debug);  // spdlog filters too: let everything through
  logger->set_pattern("[%n] [%l] %v");

  flameup::ClientOptions options = example_options();
  options.logger = spdlog_adapter(logger);
  options.log_level = flameup::LogLevel::debug;  // the SDK's filter: debug shows each attempt

  bool ok = false;
  {
    flameup::Client client(options);
    const flameup::TrackResult result =
        client.track({"user_123", "report_exported", {{"format", "csv"}}, std::nullopt});
    client.enqueue({"user_123", "report_downloaded", {{"format", "csv"}}, std::nullopt});
    ok = result.ok() && client.flush(std::chrono::seconds(10));
  }  // the client closes here, before the logger it writes to
  logger->info("example done: {}", ok ? "ok" : "failed");
  spdlog::drop_all();
  return ok ? 0 : 1;
}
