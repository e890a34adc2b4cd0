#include "cli_args.hpp"

namespace flameup::cli {

CliArgs parse_cli_args(const std::vector<std::string>& words) {
  CliArgs args;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& word = words[i];
    if (word == "--help" || word == "-h") {
      args.help = true;
    } else if (word.rfind("--", 0) == 0) {
      if (i + 1 >= words.size()) {
        args.error = word + " needs a value";
        return args;
      }
      args.options[word] = words[++i];
    } else {
      args.positional.push_back(word);
    }
  }
  return args;
}

}  // namespace flameup::cli
