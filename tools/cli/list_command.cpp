// flameup list: GET the workspace's recorded events and print them as JSON. The library has
// no list operation, so this command does its own HTTP (http_get.hpp).
#include <iostream>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "error_text.hpp"
#include "http_get.hpp"
#include "wire/url.hpp"

namespace flameup::cli {
namespace {

// {base}/workspaces/{id}/events?limit=..&..., from validated options.
// The path is built exactly as the library builds the track URL (one encoded segment for the
// workspace id); query values use the same encoding, so '&' or '#' in a filter stay a value.
std::string list_url(const ClientOptions& options, const CliArgs& args) {
  detail::BaseUrl base;
  std::string why;
  detail::parse_base_url(options.base_url, base, why);  // validate() already accepted it
  std::string url = detail::events_url(base, options.workspace_id);
  char separator = '?';
  for (const auto& [flag, param] : {std::pair<const char*, const char*>{"--limit", "limit"},
                                    {"--offset", "offset"},
                                    {"--user", "user_id"},
                                    {"--event", "event"},
                                    {"--since", "since"},
                                    {"--until", "until"}}) {
    if (const auto value = args.get(flag)) {
      url += separator + std::string(param) + "=" + detail::percent_encode_segment(*value);
      separator = '&';
    }
  }
  return url;
}

}  // namespace

int run_list(const ClientOptions& options, const CliArgs& args) {
  if (const std::string problem =
          args.problem({"--limit", "--offset", "--user", "--event", "--since", "--until"}, 0);
      !problem.empty()) {
    std::cerr << "flameup list: " << printable(problem) << " (see flameup --help)\n";
    return kExitUsage;
  }
  // The same checks as the library's: among them, http:// only to a loopback host, so the
  // key never travels in clear text, and a workspace id that is one real path segment.
  if (const Error problem = validate(options)) {
    std::cerr << "flameup list: " << describe(problem, 0) << "\n";
    return kExitUsage;
  }
  const HttpGetResult response = http_get(list_url(options, args), options);
  if (!response.error.empty()) {
    std::cerr << "flameup list: " << printable(response.error) << "\n";
    return kExitFailure;
  }
  if (response.status != 200) {
    std::cerr << "flameup list: "
              << describe_http_error(response.status, response.body, options.api_key) << "\n";
    return kExitFailure;
  }
  const auto json = nlohmann::json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object() || !json.contains("events")) {
    std::cerr << "flameup list: HTTP 200 but the body is not an event list\n";
    return kExitFailure;
  }
  std::cout << json.dump(2) << "\n";
  return kExitOk;
}

}  // namespace flameup::cli
