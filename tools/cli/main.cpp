// flameup: track / import / list / doctor from a shell.
#include <iostream>
#include <string>
#include <vector>

#include <flameup/client_options.hpp>

#include "cli_args.hpp"
#include "commands.hpp"
#include "error_text.hpp"
#include "help_text.hpp"

namespace {

bool is_help(const std::string& word) { return word == "--help" || word == "-h" || word == "help"; }

// The environment's settings, overridden by the command line's.
flameup::ClientOptions options_for(const flameup::cli::CliArgs& args) {
  flameup::ClientOptions options = flameup::ClientOptions::from_env();
  if (const auto url = args.get("--base-url")) options.base_url = *url;
  if (const auto workspace = args.get("--workspace")) options.workspace_id = *workspace;
  if (const auto ca_file = args.get("--ca-file")) options.ca_file = *ca_file;
  // The commands report every error themselves; the SDK's own log only on request.
  options.log_level =
      args.has_flag("--verbose") ? flameup::LogLevel::debug : flameup::LogLevel::off;
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace flameup::cli;
  const std::vector<std::string> words(argv + 1, argv + argc);
  if (words.empty()) {
    std::cerr << kHelpText;
    return kExitUsage;
  }
  const std::string& command = words[0];
  const CliArgs args = parse_cli_args({words.begin() + 1, words.end()});
  if (is_help(command) || args.help) {
    std::cout << kHelpText;
    return kExitOk;
  }
  const auto run = command == "track"    ? &run_track
                   : command == "import" ? &run_import
                   : command == "list"   ? &run_list
                   : command == "doctor" ? &run_doctor
                                         : nullptr;
  if (run == nullptr) {
    std::cerr << "flameup: unknown command " << printable(command) << " (see flameup --help)\n";
    return kExitUsage;
  }
  if (!args.error.empty()) {
    std::cerr << "flameup: " << printable(args.error) << "\n";
    return kExitUsage;
  }
  return run(options_for(args), args);
}
