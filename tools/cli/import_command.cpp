// flameup import: enqueue every line of a JSONL file, flush, and count the outcomes.
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>

#include <flameup/client.hpp>

#include "commands.hpp"
#include "event_input.hpp"

namespace flameup::cli {

int run_import(const ClientOptions& base_options, const CliArgs& args) {
  if (args.positional.size() != 1) {
    std::cerr << "flameup import: give exactly one FILE.jsonl\n";
    return 2;
  }
  std::ifstream in(args.positional[0]);
  if (!in) {
    std::cerr << "flameup import: cannot read " << args.positional[0] << "\n";
    return 2;
  }
  std::mutex mutex;
  std::map<std::string, long> outcomes;  // kind -> count
  ClientOptions options = base_options;
  options.on_outcome = [&](const Outcome& outcome) {
    std::lock_guard<std::mutex> lock(mutex);
    ++outcomes[to_string(outcome.kind)];
  };
  long bad_lines = 0;
  long refused = 0;
  {
    Client client(options);
    std::string text;
    for (long number = 1; std::getline(in, text); ++number) {
      if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
      TrackEvent event;
      std::string error;
      const auto line = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
      if (!event_from_json(line, event, error)) {
        std::cerr << "line " << number << ": " << error << "\n";
        ++bad_lines;
        continue;
      }
      const EnqueueResult result = client.enqueue(std::move(event));
      if (!result.accepted()) {
        std::cerr << "line " << number << ": " << to_string(result.status) << ": "
                  << result.error.message << "\n";
        ++refused;
      }
    }
    client.flush(options.close_timeout);
    client.close(options.close_timeout);
  }
  std::lock_guard<std::mutex> lock(mutex);
  long delivered = 0;
  for (const auto& [kind, count] : outcomes) {
    std::cout << kind << ": " << count << "\n";
    if (kind == std::string(to_string(OutcomeKind::delivered))) delivered = count;
  }
  std::cout << "bad lines: " << bad_lines << "\nrefused by enqueue: " << refused << "\n";
  long total = bad_lines + refused;
  for (const auto& [kind, count] : outcomes) total += count;
  return delivered == total ? 0 : 1;
}

}  // namespace flameup::cli
