// flameup: track / import / list from a shell.
#include <iostream>
#include <string>
#include <vector>

#include <flameup/client_options.hpp>

#include "cli_args.hpp"
#include "commands.hpp"

namespace {

constexpr const char kUsage[] = R"(Usage: flameup COMMAND [OPTIONS]

Commands:
  track --user U --event E [--properties JSON] [--timestamp 2024-12-25T10:00:00Z]
        send one event now; prints its event_id (exit 1 on failure, with the error)
  import FILE.jsonl
        queue each line ({"userId","event","properties","timestamp"}), deliver them all,
        then print how many ended in each outcome (exit 1 unless all were delivered)
  list [--limit N] [--offset N] [--user U] [--event E] [--since T] [--until T]
        print the workspace's recorded events (needs the events:read permission)

Options for every command:
  --base-url URL     API base (default: FLAMEUP_BASE_URL, else the Flameup API)
  --workspace ID     workspace id (default: FLAMEUP_WORKSPACE_ID)
  --help             show this help

The API key comes from FLAMEUP_API_KEY only (never from the command line, where other
users could see it), and is never printed.
)";

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> words(argv + 1, argv + argc);
  if (words.empty() || words[0] == "--help" || words[0] == "-h" || words[0] == "help") {
    std::cout << kUsage;
    return words.empty() ? 2 : 0;
  }
  const std::string command = words[0];
  const flameup::cli::CliArgs args =
      flameup::cli::parse_cli_args({words.begin() + 1, words.end()});
  if (args.help) {
    std::cout << kUsage;
    return 0;
  }
  if (!args.error.empty()) {
    std::cerr << "flameup: " << args.error << "\n";
    return 2;
  }
  flameup::ClientOptions options = flameup::ClientOptions::from_env();
  if (const auto url = args.get("--base-url")) options.base_url = *url;
  if (const auto workspace = args.get("--workspace")) options.workspace_id = *workspace;

  if (command == "track") return flameup::cli::run_track(options, args);
  if (command == "import") return flameup::cli::run_import(options, args);
  if (command == "list") return flameup::cli::run_list(options, args);
  std::cerr << "flameup: unknown command " << command << " (see flameup --help)\n";
  return 2;
}
