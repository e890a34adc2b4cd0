// flameup list: one Client::list_events call; prints the page as the API's JSON shape.
#include <cstdint>
#include <iostream>
#include <optional>
#include <string>

#include <flameup/client.hpp>
#include <flameup/list_events.hpp>
#include <flameup/timestamp.hpp>

#include "commands.hpp"
#include "error_text.hpp"

namespace flameup::cli {
namespace {

// A whole decimal number (a leading '-' allowed: the library says why it is refused).
std::optional<std::int64_t> parse_integer(const std::string& text) {
  std::size_t at = text.size() > 1 && text[0] == '-' ? 1 : 0;
  if (text.size() == at || text.size() - at > 18) return std::nullopt;
  std::int64_t value = 0;
  for (; at < text.size(); ++at) {
    if (text[at] < '0' || text[at] > '9') return std::nullopt;
    value = value * 10 + (text[at] - '0');
  }
  return text[0] == '-' ? -value : value;
}

// Fills @p query from the command line; false after printing why it is unusable.
bool query_from_args(const CliArgs& args, EventQuery& query) {
  for (const char* flag : {"--limit", "--offset"}) {
    const auto text = args.get(flag);
    if (!text) continue;
    const auto value = parse_integer(*text);
    if (!value) {
      std::cerr << "flameup list: " << flag << " must be a whole number\n";
      return false;
    }
    if (std::string(flag) == "--offset") {
      query.offset = *value;
    } else {
      // Out of int's range is out of 1..1000 too: the library refuses 0 with the reason.
      query.limit = *value >= 1 && *value <= 1000 ? static_cast<int>(*value) : 0;
    }
  }
  if (const auto user = args.get("--user")) query.user_id = *user;
  if (const auto event = args.get("--event")) query.event = *event;
  for (const auto& [flag, field] : {std::pair<const char*, decltype(&query.since)>{
                                        "--since", &query.since},
                                    {"--until", &query.until}}) {
    const auto text = args.get(flag);
    if (!text) continue;
    *field = parse_timestamp(*text);
    if (!*field) {
      std::cerr << "flameup list: " << flag
                << " must be an RFC 3339 date-time such as 2024-12-25T10:00:00Z\n";
      return false;
    }
  }
  return true;
}

nlohmann::json optional_time(const std::optional<std::chrono::system_clock::time_point>& at) {
  return at ? nlohmann::json(format_timestamp(*at)) : nlohmann::json(nullptr);
}

// The page as the API writes it (`person_id` for the user), so scripts read the same JSON.
nlohmann::json page_json(const ListResult& result) {
  nlohmann::json events = nlohmann::json::array();
  for (const ListedEvent& event : result.events) {
    events.push_back({{"id", event.id},
                      {"workspace_id", event.workspace_id},
                      {"person_id", event.user_id},
                      {"event", event.event},
                      {"properties", event.properties},
                      {"timestamp", optional_time(event.timestamp)},
                      {"created_at", optional_time(event.created_at)}});
  }
  return {{"events", events}, {"total", result.total}};
}

}  // namespace

int run_list(const ClientOptions& options, const CliArgs& args) {
  if (const std::string problem =
          args.problem({"--limit", "--offset", "--user", "--event", "--since", "--until"}, 0);
      !problem.empty()) {
    std::cerr << "flameup list: " << printable(problem) << " (see flameup --help)\n";
    return kExitUsage;
  }
  EventQuery query;
  if (!query_from_args(args, query)) return kExitUsage;
  Client client(options);
  if (const Error& problem = client.options_error()) {
    std::cerr << "flameup list: " << describe(problem, 0) << "\n";
    return kExitUsage;
  }
  const ListResult result = client.list_events(query);
  if (result.error.code == ErrorCode::invalid_query) {
    std::cerr << "flameup list: " << describe(result.error, 0) << " (see flameup --help)\n";
    return kExitUsage;
  }
  if (!result.ok()) {
    std::cerr << "flameup list: " << describe(result.error, result.http_status);
    // A key made for tracking only is the likely cause: say what it lacks.
    if (result.error.code == ErrorCode::forbidden) {
      std::cerr << "; the API key needs the events:read permission to list events";
    }
    std::cerr << "\n";
    return kExitFailure;
  }
  std::cout << page_json(result).dump(2) << "\n";
  return kExitOk;
}

}  // namespace flameup::cli
