// flameup-devserver: the Flameup API emulator as a program.
#include <pthread.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "devserver.hpp"

namespace {

constexpr const char kUsage[] =
    R"(Usage: flameup-devserver [OPTIONS]

A local emulator of the Flameup API: POST and GET /api/v1/workspaces/{workspaceId}/events,
with the real service's authentication, validation, rate limit and error bodies.

Options:
  --host H          address to listen on (default 127.0.0.1)
  --port N          port to listen on; 0 picks a free one (default 8787)
  --api-key K       accept only this Bearer key (repeatable); without any --api-key,
                    every non-empty key is accepted
  --rate-limit N    requests per minute per key, fixed 60 s window; 0 turns it off
                    (default 120, as the real service)
  --store FILE      append recorded events to FILE (JSONL, mode 0600) and reload them
                    at start; idempotency keys survive restarts
  --tls-cert FILE   serve HTTPS with this PEM certificate (needs --tls-key)
  --tls-key FILE    the certificate's PEM private key
  --delay-ms N      answer every track request N milliseconds late (a slow server;
                    default 0)
  --clock-offset S  shift the time in every Date header by S seconds (negative: behind)
  --quiet           do not print a line per received event
  --help            show this help

The first line on stdout is "flameup-devserver listening on <base url>", with the real
port. Then, unless --quiet, one line per received event (never the API key).
SIGINT or SIGTERM stops the server cleanly.
)";

struct Arguments {
  flameup::devserver::ServerOptions options;
  int delay_ms = 0;
  bool quiet = false;
  bool help = false;
  std::string error;
};

bool parse_int(const std::string& text, int& out) {
  try {
    std::size_t used = 0;
    const int value = std::stoi(text, &used);
    if (used != text.size() || value < 0) return false;
    out = value;
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

bool parse_signed(const std::string& text, long& out) {
  try {
    std::size_t used = 0;
    const long value = std::stol(text, &used);
    // A year each way: far enough for any clock test, and no overflow in the arithmetic.
    if (used != text.size() || value < -31'536'000L || value > 31'536'000L) return false;
    out = value;
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

Arguments parse_arguments(int argc, char** argv) {
  Arguments args;
  args.options.port = 8787;
  // Only tests linking the library read the request log: the program keeps no request, so
  // its memory does not grow with the requests it refuses.
  args.options.max_logged_requests = 0;
  const std::vector<std::string> words(argv + 1, argv + argc);
  for (std::size_t i = 0; i < words.size() && args.error.empty(); ++i) {
    const std::string& word = words[i];
    const bool has_value = i + 1 < words.size();
    const auto value = [&]() -> std::string { return has_value ? words[++i] : ""; };
    if (word == "--help" || word == "-h") {
      args.help = true;
    } else if (word == "--quiet") {
      args.quiet = true;
    } else if (!has_value) {
      args.error = word == "--host" || word == "--port" || word == "--api-key" ||
                           word == "--rate-limit" || word == "--store" ||
                           word == "--tls-cert" || word == "--tls-key" ||
                           word == "--delay-ms" || word == "--clock-offset"
                       ? word + " needs a value"
                       : "unknown option " + word;
    } else if (word == "--host") {
      args.options.host = value();
    } else if (word == "--port") {
      if (!parse_int(value(), args.options.port)) args.error = "--port needs a number";
    } else if (word == "--api-key") {
      args.options.api_keys.push_back(value());
    } else if (word == "--rate-limit") {
      if (!parse_int(value(), args.options.rate_limit_per_minute)) {
        args.error = "--rate-limit needs a number";
      }
    } else if (word == "--store") {
      args.options.store_path = value();
    } else if (word == "--tls-cert") {
      args.options.tls_cert_path = value();
    } else if (word == "--tls-key") {
      args.options.tls_key_path = value();
    } else if (word == "--delay-ms") {
      if (!parse_int(value(), args.delay_ms) || args.delay_ms > 600'000) {
        args.error = "--delay-ms needs a number from 0 to 600000";
      }
    } else if (word == "--clock-offset") {
      long offset = 0;
      if (!parse_signed(value(), offset)) {
        args.error = "--clock-offset needs a number of seconds within a year either way";
      }
      args.options.clock_offset = std::chrono::seconds(offset);
    } else {
      args.error = "unknown option " + word;
    }
  }
  return args;
}

}  // namespace

int main(int argc, char** argv) {
  Arguments args = parse_arguments(argc, argv);
  if (args.help) {
    std::cout << kUsage;
    return 0;
  }
  if (!args.error.empty()) {
    std::cerr << "flameup-devserver: " << args.error << "\n(see --help)\n";
    return 2;
  }
  if (!args.quiet) args.options.log = &std::cout;

  // Block the stop signals before any server thread exists (threads inherit the mask), then
  // wait for them here with sigwait: no asynchronous handler needed.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  flameup::devserver::Server server(args.options);
  if (server.start() < 0) {
    std::cerr << "flameup-devserver: cannot listen on " << args.options.host << ":"
              << args.options.port
              << " (port taken, store file not writable, or TLS files unusable)\n";
    return 1;
  }
  if (args.delay_ms > 0) {
    flameup::devserver::Fault slow;
    slow.kind = flameup::devserver::Fault::Kind::delay;
    slow.count = -1;  // every request
    slow.delay = std::chrono::milliseconds(args.delay_ms);
    server.add_fault(slow);
  }
  std::cout << "flameup-devserver listening on " << server.base_url() << std::endl;

  int received = 0;
  sigwait(&stop_signals, &received);
  server.stop();
  std::cout << "flameup-devserver stopped" << std::endl;
  return 0;
}
