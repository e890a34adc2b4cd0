// flameup import: enqueue every line of a JSONL file, wait for every outcome, and count them.
#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <optional>

#include <flameup/client.hpp>
#include <flameup/track_event.hpp>

#include "commands.hpp"
#include "error_text.hpp"
#include "event_input.hpp"
#include "import_tally.hpp"

namespace flameup::cli {
namespace {

using std::chrono::seconds;
using std::chrono::steady_clock;

constexpr long kDefaultTimeoutSeconds = 600;
constexpr long kMaxTimeoutSeconds = 7L * 24 * 3600;  // a week
// enqueue() blocks for room in slices this long, so that a full queue never hides an auth
// error (after which the queue would never drain) for longer than this.
constexpr std::chrono::milliseconds kEnqueueSlice{1000};

std::optional<seconds> parse_timeout(const CliArgs& args) {
  const auto text = args.get("--timeout");
  if (!text) return seconds(kDefaultTimeoutSeconds);
  if (text->empty() || text->size() > 7 ||
      text->find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  const long value = std::stol(*text);
  if (value < 1 || value > kMaxTimeoutSeconds) return std::nullopt;
  return seconds(value);
}

// The library settings that make sense for a bulk import.
ClientOptions import_options(ClientOptions options, ImportTally& tally, seconds timeout) {
  options.on_outcome = [&tally](const Outcome& outcome) { tally.on_outcome(outcome); };
  options.on_delivery_error = [&tally](const Error& error) { tally.on_delivery_error(error); };
  // A file is larger than the queue: wait for room rather than refuse lines.
  options.overflow_policy = OverflowPolicy::block;
  options.enqueue_block_timeout = kEnqueueSlice;
  // The --timeout deadline decides when to give up, not the age of a queued event.
  options.max_event_age = std::max<std::chrono::milliseconds>(options.max_event_age, timeout);
  return options;
}

// Enqueues @p event, waiting for room while the import may go on. False: stop reading.
bool enqueue_line(Client& client, const TrackEvent& event, long line, ImportTally& tally,
                  steady_clock::time_point deadline) {
  for (;;) {
    const EnqueueResult result = client.enqueue(event);
    if (result.accepted()) {
      tally.accepted(result.id, line);
      return true;
    }
    if (result.status == EnqueueStatus::invalid) {
      tally.invalid_line(line, describe(result.error, 0));
      return true;
    }
    if (result.status != EnqueueStatus::queue_full || tally.auth_error() ||
        steady_clock::now() >= deadline) {
      tally.note("stopped reading at line " + std::to_string(line));
      return false;
    }
  }
}

// False if it stopped before the end of the input.
bool read_and_enqueue(std::istream& in, Client& client, ImportTally& tally,
                      steady_clock::time_point deadline) {
  std::string text;
  for (long line = 1; std::getline(in, text); ++line) {
    if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
    if (tally.auth_error()) {
      tally.note("stopped reading at line " + std::to_string(line));
      return false;
    }
    TrackEvent event;
    std::string error;
    const auto json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!event_from_json(json, event, error)) {
      tally.invalid_line(line, json.is_discarded() ? "not valid JSON" : error);
      continue;
    }
    if (!enqueue_line(client, event, line, tally, deadline)) return false;
  }
  return true;
}

// Reads, waits for the outcomes, and closes the client (what is left becomes "dropped").
// False if it stopped before the end of the input.
bool import_all(std::istream& in, const ClientOptions& options, ImportTally& tally,
                seconds timeout) {
  const auto deadline = steady_clock::now() + timeout;
  Client client(options);
  const bool read_all = read_and_enqueue(in, client, tally, deadline);
  switch (tally.wait(deadline)) {
    case ImportTally::WaitResult::all_done:
      break;
    case ImportTally::WaitResult::auth_failed:
      tally.note(describe(tally.auth_error(), 0) + "; giving up");
      break;
    case ImportTally::WaitResult::timed_out: {
      const Error last = client.stats().last_error;
      tally.note("--timeout of " + std::to_string(timeout.count()) + " s reached" +
                 (last ? "; last error: " + describe(last, 0) : std::string()));
      break;
    }
  }
  client.close(std::chrono::milliseconds(0));
  return read_all;
}

}  // namespace

int run_import(const ClientOptions& base_options, const CliArgs& args) {
  if (const std::string problem = args.problem({"--timeout"}, 1); !problem.empty()) {
    std::cerr << "flameup import: " << printable(problem)
              << " (usage: flameup import FILE.jsonl)\n";
    return kExitUsage;
  }
  const auto timeout = parse_timeout(args);
  if (!timeout) {
    std::cerr << "flameup import: --timeout must be a whole number of seconds from 1 to "
              << kMaxTimeoutSeconds << "\n";
    return kExitUsage;
  }
  if (const Error problem = validate(base_options)) {
    std::cerr << "flameup import: " << describe(problem, 0) << "\n";
    return kExitUsage;
  }
  const std::string& path = args.positional[0];
  std::ifstream file;
  if (path != "-") {
    file.open(path);
    if (!file) {
      std::cerr << "flameup import: cannot read " << printable(path) << "\n";
      return kExitUsage;
    }
  }
  ImportTally tally(std::cerr);
  const bool read_all = import_all(path == "-" ? std::cin : file,
                                   import_options(base_options, tally, *timeout), tally, *timeout);

  const ImportCounts counts = tally.counts();
  std::cout << "delivered: " << counts.delivered << "\nrejected: " << counts.rejected
            << "\nexpired: " << counts.expired << "\ndropped: " << counts.dropped
            << "\ninvalid: " << counts.invalid << "\n";
  const bool all_delivered = read_all && counts.invalid == 0 && counts.delivered == counts.accepted;
  return all_delivered ? kExitOk : kExitFailure;
}

}  // namespace flameup::cli
