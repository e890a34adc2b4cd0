#pragma once
// The flameup CLI's command line: "--name value" options and positional words.

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace flameup::cli {

struct CliArgs {
  std::map<std::string, std::string> options;  // "--user" -> "u1"
  std::vector<std::string> positional;
  bool help = false;
  std::string error;  // non-empty: the command line is unusable

  std::optional<std::string> get(const std::string& name) const {
    const auto it = options.find(name);
    if (it == options.end()) return std::nullopt;
    return it->second;
  }
};

/// Parses @p words; every "--name" except --help takes the following word as its value.
CliArgs parse_cli_args(const std::vector<std::string>& words);

}  // namespace flameup::cli
