// forbidden-list-server: the in-process emulator with one fault that never runs out: the list
// route answers 403, as the real service does for a key that may track but lacks
// `events:read`. The track route works as usual. For the CLI tests: prints
// "forbidden-list-server listening on <base url>" and runs until SIGINT or SIGTERM.
#include <climits>
#include <iostream>

#include "devserver.hpp"
#include "stop_signals.hpp"

int main() {
  const sigset_t stop_signals = flameup::testing::block_stop_signals();

  flameup::devserver::ServerOptions options;
  options.rate_limit_per_minute = 0;
  flameup::devserver::Server server(options);
  if (server.start() <= 0) {
    std::cerr << "forbidden-list-server: could not listen\n";
    return 1;
  }
  flameup::devserver::Fault forbidden;
  forbidden.route = flameup::devserver::Fault::Route::list;
  forbidden.count = INT_MAX;
  forbidden.status = 403;
  forbidden.body =
      R"({"error": {"code": "forbidden", "message": "API key lacks the events:read scope"}})";
  server.add_fault(forbidden);
  std::cout << "forbidden-list-server listening on " << server.base_url() << std::endl;
  flameup::testing::wait_for_stop_signal(stop_signals);
  return 0;
}
