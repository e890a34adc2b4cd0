// flameup track: one synchronous track() call.
#include <iostream>

#include <flameup/client.hpp>

#include "commands.hpp"
#include "event_input.hpp"

namespace flameup::cli {

int run_track(const ClientOptions& options, const CliArgs& args) {
  const auto user = args.get("--user");
  const auto name = args.get("--event");
  if (!user || !name) {
    std::cerr << "flameup track: --user and --event are required\n";
    return 2;
  }
  TrackEvent event;
  event.user_id = *user;
  event.event = *name;
  if (const auto props = args.get("--properties")) {
    event.properties = nlohmann::json::parse(*props, nullptr, /*allow_exceptions=*/false);
    if (event.properties.is_discarded()) {
      std::cerr << "flameup track: --properties is not JSON\n";
      return 2;
    }
  }
  if (const auto at = args.get("--timestamp"); at && !parse_utc_timestamp(*at, event)) {
    std::cerr << "flameup track: --timestamp must be like 2024-12-25T10:00:00Z\n";
    return 2;
  }
  Client client(options);
  const TrackResult result = client.track(event);
  if (result.ok()) {
    std::cout << result.event_id << "\n";
    return 0;
  }
  std::cerr << "flameup track: " << to_string(result.error.code) << ": " << result.error.message;
  if (result.http_status != 0) std::cerr << " (HTTP " << result.http_status << ")";
  for (const auto& [field, message] : result.error.field_errors) {
    std::cerr << "\n  " << field << ": " << message;
  }
  std::cerr << "\n";
  return 1;
}

}  // namespace flameup::cli
