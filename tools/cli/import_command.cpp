// flameup import: enqueue every line of a JSONL file, wait for every outcome, and count them;
// with progress on stderr, a state file to resume from, and a clean stop on Ctrl-C/SIGTERM.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>

#include <flameup/client.hpp>
#include <flameup/track_event.hpp>

#include "commands.hpp"
#include "content_hash.hpp"
#include "error_text.hpp"
#include "event_input.hpp"
#include "import_input.hpp"
#include "import_progress.hpp"
#include "import_state.hpp"
#include "import_tally.hpp"
#include "stop_signals.hpp"

namespace flameup::cli {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using std::chrono::steady_clock;

constexpr long kDefaultTimeoutSeconds = 600;
constexpr long kMaxTimeoutSeconds = 7L * 24 * 3600;  // a week
// enqueue() blocks for room in slices this long, so that a full queue never hides an auth
// error (after which the queue would never drain) for longer than this.
constexpr milliseconds kEnqueueSlice{1000};
// At most this many events await their outcome: reading runs only this far ahead of
// delivery, so a stop waits for few events and a kill -9 leaves few to send again.
constexpr long kMaxOutstanding = 32;
// After a stop request, how long the events already handed to the library may take.
constexpr seconds kStopGrace{10};
constexpr milliseconds kLiveInterval{500};
constexpr milliseconds kPlainInterval{10000};
constexpr double kMinIntervalSeconds = 0.05;
constexpr double kMaxIntervalSeconds = 3600;

struct ImportSettings {
  seconds timeout{kDefaultTimeoutSeconds};
  std::optional<milliseconds> interval;  // --progress-interval
  std::string state_path;                // empty: none
  bool restart = false;
};

std::optional<seconds> parse_timeout(const std::optional<std::string>& text) {
  if (!text) return seconds(kDefaultTimeoutSeconds);
  if (text->empty() || text->size() > 7 ||
      text->find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  const long value = std::stol(*text);
  if (value < 1 || value > kMaxTimeoutSeconds) return std::nullopt;
  return seconds(value);
}

std::optional<milliseconds> parse_interval(const std::string& text) {
  if (text.empty() || text.size() > 12 ||
      text.find_first_not_of("0123456789.") != std::string::npos) {
    return std::nullopt;
  }
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (*end != '\0' || !(value >= kMinIntervalSeconds && value <= kMaxIntervalSeconds)) {
    return std::nullopt;
  }
  return milliseconds(static_cast<long>(value * 1000));
}

// The settings from the command line, or nullopt after printing why they are unusable.
std::optional<ImportSettings> settings_from_args(const CliArgs& args) {
  ImportSettings settings;
  const auto timeout = parse_timeout(args.get("--timeout"));
  if (!timeout) {
    std::cerr << "flameup import: --timeout must be a whole number of seconds from 1 to "
              << kMaxTimeoutSeconds << "\n";
    return std::nullopt;
  }
  settings.timeout = *timeout;
  if (const auto text = args.get("--progress-interval")) {
    settings.interval = parse_interval(*text);
    if (!settings.interval) {
      std::cerr << "flameup import: --progress-interval must be a number of seconds from "
                << kMinIntervalSeconds << " to " << kMaxIntervalSeconds << "\n";
      return std::nullopt;
    }
  }
  const std::string& path = args.positional[0];
  settings.state_path = args.get("--state").value_or(path == "-" ? "" : path + ".progress");
  settings.restart = args.has_flag("--restart");
  return settings;
}

// The library settings that make sense for a bulk import.
ClientOptions import_options(ClientOptions options, ImportTally& tally, StatusOutput& errors,
                             seconds timeout) {
  options.on_outcome = [&tally](const Outcome& outcome) { tally.on_outcome(outcome); };
  options.on_delivery_error = [&tally](const Error& error) { tally.on_delivery_error(error); };
  // --verbose: the SDK's lines go above the live progress line, not through it.
  options.logger = [&errors](LogLevel level, std::string_view message) {
    errors.line(std::string("flameup [") + to_string(level) + "] " + std::string(message));
  };
  // A file is larger than the queue: wait for room rather than refuse lines.
  options.overflow_policy = OverflowPolicy::block;
  options.enqueue_block_timeout = kEnqueueSlice;
  // The --timeout deadline decides when to give up, not the age of a queued event.
  options.max_event_age = std::max<milliseconds>(options.max_event_age, timeout);
  return options;
}

// Enqueues @p event, waiting for room while the import may go on. False: stop reading.
bool enqueue_line(Client& client, const TrackEvent& event, const ImportInput& input,
                  ImportTally& tally, steady_clock::time_point deadline) {
  if (tally.wait_for_room(kMaxOutstanding, deadline) != ImportTally::WaitResult::all_done) {
    return false;
  }
  for (;;) {
    const EnqueueResult result = client.enqueue(event);
    if (result.accepted()) {
      tally.accepted(result.id, input.line(), input.prefix_hash());
      return true;
    }
    if (result.status == EnqueueStatus::invalid) {
      tally.invalid_line(input.line(), input.prefix_hash(), describe(result.error, 0));
      return true;
    }
    if (result.status != EnqueueStatus::queue_full || tally.auth_error() ||
        tally.stop_signal() != 0 || steady_clock::now() >= deadline) {
      return false;
    }
  }
}

// False if it stopped before the end of the input.
bool read_and_enqueue(ImportInput& input, Client& client, ImportTally& tally,
                      steady_clock::time_point deadline) {
  std::string text;
  while (tally.stop_signal() == 0 && !tally.auth_error() && input.next(text)) {
    if (text.find_first_not_of(" \t\r") == std::string::npos) {
      tally.blank_line(input.line(), input.prefix_hash());
      continue;
    }
    TrackEvent event;
    std::string error;
    const auto json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!event_from_json(json, event, error)) {
      tally.invalid_line(input.line(), input.prefix_hash(),
                         json.is_discarded() ? "not valid JSON" : error);
      continue;
    }
    event.idempotency_key = line_key(input.line(), text);
    if (!enqueue_line(client, event, input, tally, deadline)) {
      tally.note("stopped reading at line " + std::to_string(input.line()));
      return false;
    }
  }
  if (tally.stop_signal() == 0 && !tally.auth_error()) return true;
  tally.note("stopped reading at line " + std::to_string(input.line() + 1));
  return false;
}

// After a stop request: the events already handed to the library get a bounded time.
void finish_after_stop(ImportTally& tally, steady_clock::time_point deadline) {
  const long waiting = tally.counts().accepted - tally.counts().outcomes();
  tally.note(std::string(signal_name(tally.stop_signal())) + ": stopping; waiting up to " +
             std::to_string(kStopGrace.count()) + " s for the " + std::to_string(waiting) +
             " events in flight");
  tally.wait(std::min(deadline, steady_clock::now() + kStopGrace), false);
}

// Reads, waits for the outcomes, and closes the client (what is left becomes "dropped").
// False if it stopped before the end of the input.
bool import_all(ImportInput& input, const ClientOptions& options, ImportTally& tally,
                seconds timeout) {
  const auto deadline = steady_clock::now() + timeout;
  Client client(options);
  const bool read_all = read_and_enqueue(input, client, tally, deadline);
  switch (tally.wait(deadline, /*stop_ends_wait=*/true)) {
    case ImportTally::WaitResult::all_done:
      if (tally.stop_signal() != 0) finish_after_stop(tally, deadline);
      break;
    case ImportTally::WaitResult::stopped:
      finish_after_stop(tally, deadline);
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
  client.close(milliseconds(0));
  return read_all;
}

// The state to resume from (none with --restart or without a state file), checked against
// the input and written once, so that an unwritable state file stops the import before it
// sends anything. Nullopt after printing why it cannot go on.
std::optional<ImportState> resume_state(const ImportSettings& settings, ImportInput& input) {
  ImportState done;
  if (settings.state_path.empty()) return done;
  std::string error;
  if (!settings.restart) {
    if (auto loaded = load_import_state(settings.state_path, error)) {
      done = *loaded;
    } else if (!error.empty()) {
      std::cerr << "flameup import: " << printable(error) << " (--restart ignores it)\n";
      return std::nullopt;
    }
  }
  if (!input.skip_done(done, error)) {
    std::cerr << "flameup import: " << printable(error) << "; " << printable(settings.state_path)
              << " belongs to another input (--restart ignores it)\n";
    return std::nullopt;
  }
  if (!save_import_state(settings.state_path, done, error)) {
    std::cerr << "flameup import: " << printable(error) << " (choose another with --state)\n";
    return std::nullopt;
  }
  return done;
}

ProgressSettings progress_settings(const ImportSettings& settings, const ImportInput& input) {
  ProgressSettings progress;
  progress.live = ::isatty(STDERR_FILENO) == 1;
  progress.interval = settings.interval.value_or(progress.live ? kLiveInterval : kPlainInterval);
  progress.total_lines = input.count_lines();
  progress.state_path = settings.state_path;
  return progress;
}

int exit_status(const ImportTally& tally, bool read_all) {
  if (const int signal = tally.stop_signal()) return kExitSignalBase + signal;
  const ImportCounts counts = tally.counts();
  const ImportState earlier = tally.done();
  const bool all_delivered = read_all && counts.invalid == 0 && earlier.rejected == 0 &&
                             earlier.invalid == 0 && counts.delivered == counts.accepted;
  return all_delivered ? kExitOk : kExitFailure;
}

void print_summary(const ImportCounts& counts, const ImportState& resumed_from) {
  if (resumed_from.lines > 0) {
    std::cerr << "flameup import: skipped lines 1-" << resumed_from.lines
              << ", done by an earlier run (" << resumed_from.delivered << " delivered, "
              << resumed_from.rejected << " rejected, " << resumed_from.invalid << " invalid)\n";
  }
  std::cout << "delivered: " << counts.delivered << "\nrejected: " << counts.rejected
            << "\nexpired: " << counts.expired << "\ndropped: " << counts.dropped
            << "\ninvalid: " << counts.invalid << "\nskipped: " << counts.skipped << "\n";
}

}  // namespace

int run_import(const ClientOptions& base_options, const CliArgs& args) {
  if (const std::string problem =
          args.problem({"--timeout", "--state", "--restart", "--progress-interval"}, 1);
      !problem.empty()) {
    std::cerr << "flameup import: " << printable(problem)
              << " (usage: flameup import FILE.jsonl)\n";
    return kExitUsage;
  }
  const auto settings = settings_from_args(args);
  if (!settings) return kExitUsage;
  if (const Error problem = validate(base_options)) {
    std::cerr << "flameup import: " << describe(problem, 0) << "\n";
    return kExitUsage;
  }
  ImportInput input;
  std::string error;
  if (!input.open(args.positional[0], error)) {
    std::cerr << "flameup import: " << printable(error) << "\n";
    return kExitUsage;
  }
  const auto resumed_from = resume_state(*settings, input);
  if (!resumed_from) return kExitUsage;

  StatusOutput errors(std::cerr);
  ImportTally tally(errors, *resumed_from);
  const StopSignals signals([&tally](int signal) { tally.request_stop(signal); });
  ImportProgress progress(tally, errors, progress_settings(*settings, input));
  const bool read_all =
      import_all(input, import_options(base_options, tally, errors, settings->timeout), tally,
                 settings->timeout);
  progress.finish();
  print_summary(tally.counts(), *resumed_from);
  return exit_status(tally, read_all);
}

}  // namespace flameup::cli
