// flameup track: one synchronous Client::track call.
#include <iostream>
#include <optional>
#include <utility>

#include <flameup/client.hpp>
#include <flameup/track_event.hpp>
#include <flameup/track_result.hpp>
#include <flameup/timestamp.hpp>

#include "commands.hpp"
#include "error_text.hpp"

namespace flameup::cli {
namespace {

// The event described by the command line, or nullopt after printing why it is unusable.
std::optional<TrackEvent> event_from_args(const CliArgs& args) {
  TrackEvent event;
  for (const auto& [flag, field] : {std::pair<const char*, std::string*>{"--user", &event.user_id},
                                    {"--event", &event.event}}) {
    const auto value = args.get(flag);
    if (!value) {
      std::cerr << "flameup track: " << flag << " is required\n";
      return std::nullopt;
    }
    *field = *value;
  }
  if (const auto props = args.get("--properties")) {
    event.properties = nlohmann::json::parse(*props, nullptr, /*allow_exceptions=*/false);
    if (event.properties.is_discarded()) {
      std::cerr << "flameup track: --properties is not valid JSON\n";
      return std::nullopt;
    }
  }
  if (const auto text = args.get("--timestamp")) {
    event.timestamp = parse_timestamp(*text);
    if (!event.timestamp) {
      std::cerr << "flameup track: --timestamp must be an RFC 3339 date-time such as "
                   "2024-12-25T10:00:00Z\n";
      return std::nullopt;
    }
  }
  return event;
}

}  // namespace

int run_track(const ClientOptions& options, const CliArgs& args) {
  if (const std::string problem =
          args.problem({"--user", "--event", "--properties", "--timestamp"}, 0);
      !problem.empty()) {
    std::cerr << "flameup track: " << printable(problem) << " (see flameup --help)\n";
    return kExitUsage;
  }
  const std::optional<TrackEvent> event = event_from_args(args);
  if (!event) return kExitUsage;
  if (const Error problem = validate(options)) {
    std::cerr << "flameup track: " << describe(problem, 0) << "\n";
    return kExitUsage;
  }
  Client client(options);
  const TrackResult result = client.track(*event);
  if (result.ok()) {
    if (result.event_id.empty()) {
      std::cerr << "flameup track: recorded, but the server's answer held no event id\n";
    } else {
      std::cout << printable(result.event_id) << "\n";
    }
    return kExitOk;
  }
  std::cerr << "flameup track: " << describe(result.error, result.http_status) << "\n";
  // An event the library refused before any request: the command line needs fixing.
  return result.error.code == ErrorCode::invalid_event ? kExitUsage : kExitFailure;
}

}  // namespace flameup::cli
