#include "cli_args.hpp"

#include <algorithm>

namespace flameup::cli {
namespace {

bool is_flag(const std::string& word) { return word == "--verbose" || word == "--restart"; }

}  // namespace

std::optional<std::string> CliArgs::get(const std::string& name) const {
  const auto it = options.find(name);
  if (it == options.end()) return std::nullopt;
  return it->second;
}

bool CliArgs::has_flag(const std::string& name) const {
  return std::find(flags.begin(), flags.end(), name) != flags.end();
}

std::string CliArgs::problem(std::initializer_list<const char*> allowed,
                             std::size_t positional_count) const {
  const auto known = [&](const std::string& name) {
    return name == "--base-url" || name == "--workspace" || name == "--ca-file" ||
           name == "--verbose" ||
           std::any_of(allowed.begin(), allowed.end(),
                       [&](const char* candidate) { return name == candidate; });
  };
  for (const auto& entry : options) {
    if (!known(entry.first)) return "unknown option " + entry.first;
  }
  for (const auto& flag : flags) {
    if (!known(flag)) return "unknown option " + flag;
  }
  if (positional.size() > positional_count) return "unexpected argument " + positional.back();
  if (positional.size() < positional_count) return "missing argument";
  return {};
}

CliArgs parse_cli_args(const std::vector<std::string>& words) {
  CliArgs args;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& word = words[i];
    if (word == "--help" || word == "-h") {
      args.help = true;
    } else if (is_flag(word)) {
      args.flags.push_back(word);
    } else if (word.rfind("--", 0) == 0 && word.size() > 2) {
      if (const auto equals = word.find('='); equals != std::string::npos) {
        args.options[word.substr(0, equals)] = word.substr(equals + 1);
      } else if (i + 1 < words.size()) {
        args.options[word] = words[++i];
      } else {
        args.error = word + " needs a value";
        return args;
      }
    } else {
      // "-" alone is a positional word: import reads standard input from it.
      args.positional.push_back(word);
    }
  }
  return args;
}

}  // namespace flameup::cli
