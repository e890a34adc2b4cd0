#pragma once
// The flameup CLI's commands. Each returns the process exit code and never prints the API key.

#include <flameup/client_options.hpp>

#include "cli_args.hpp"

namespace flameup::cli {

/// Exit codes, the same for every command (documented in flameup --help).
constexpr int kExitOk = 0;       ///< Everything asked for was done.
constexpr int kExitFailure = 1;  ///< The server or the network said no, or not all was delivered.
constexpr int kExitUsage = 2;    ///< Bad command line or configuration: nothing was sent.
/// `import` stopped by a signal exits with this plus the signal number: 130 (SIGINT, Ctrl-C),
/// 143 (SIGTERM), the shell's own convention.
constexpr int kExitSignalBase = 128;

/// flameup track --user U --event E [--properties JSON] [--timestamp T]
int run_track(const ClientOptions& options, const CliArgs& args);
/// flameup import FILE.jsonl|- [--timeout SECONDS] [--state FILE] [--restart]
///                [--progress-interval SECONDS]
int run_import(const ClientOptions& options, const CliArgs& args);
/// flameup doctor: every check of flameup::diagnose(), in order.
int run_doctor(const ClientOptions& options, const CliArgs& args);
/// flameup list [--limit N] [--offset N] [--user U] [--event E] [--since T] [--until T]
int run_list(const ClientOptions& options, const CliArgs& args);

}  // namespace flameup::cli
