#pragma once
// The flameup CLI's command line: "--name value" / "--name=value" options, a few flags that
// take no value, and positional words.

#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace flameup::cli {

struct CliArgs {
  std::map<std::string, std::string> options;  // "--user" -> "u1"
  std::vector<std::string> flags;              // "--verbose"
  std::vector<std::string> positional;
  bool help = false;
  std::string error;  // non-empty: the command line is unusable

  std::optional<std::string> get(const std::string& name) const;
  bool has_flag(const std::string& name) const;

  /// What is wrong with this command line for a command that takes the options in
  /// @p allowed (besides the common --base-url, --workspace, --ca-file, --verbose) and exactly
  /// @p positional_count positional words; empty if nothing. Commands check this so that a
  /// typo (--limt 5) fails instead of being silently ignored.
  std::string problem(std::initializer_list<const char*> allowed,
                      std::size_t positional_count) const;
};

/// Parses @p words. "--help"/"-h", "--verbose" and "--restart" take no value; every other
/// "--name" takes the following word (or the text after '=') as its value.
CliArgs parse_cli_args(const std::vector<std::string>& words);

}  // namespace flameup::cli
