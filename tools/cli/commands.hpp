#pragma once
// The flameup CLI's commands. Each returns the process exit code and never prints the API key.

#include <flameup/client_options.hpp>

#include "cli_args.hpp"

namespace flameup::cli {

/// flameup track --user U --event E [--properties JSON] [--timestamp T]
int run_track(const ClientOptions& options, const CliArgs& args);
/// flameup import FILE.jsonl (one {"userId","event","properties","timestamp"} per line)
int run_import(const ClientOptions& options, const CliArgs& args);
/// flameup list [--limit N] [--user U] [--event E]
int run_list(const ClientOptions& options, const CliArgs& args);

}  // namespace flameup::cli
