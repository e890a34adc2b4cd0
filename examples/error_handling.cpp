// Error handling: nothing in flameup throws. Every failure comes back as a flameup::Error
// (a category, a message, the server's own code and per-field details), inside the
// TrackResult, EnqueueResult or Outcome that the call returns. This program walks through
// the failures an application meets and what each looks like.
//
// The authentication case needs a server that checks keys: run it against
// `flameup-devserver --api-key ws_test_local_demo.not-a-secret`.
#include <flameup/flameup.hpp>

#include <chrono>
#include <cstdio>

#include "example_options.hpp"

namespace {

// Everything an Error carries. The message never contains the API key.
void print_error(const char* what, const flameup::Error& error) {
  std::printf("%s: %s: %s\n", what, flameup::to_string(error.code), error.message.c_str());
  if (!error.server_code.empty()) std::printf("  server code: %s\n", error.server_code.c_str());
  for (const auto& [field, problem] : error.field_errors) {
    std::printf("  field %s: %s\n", field.c_str(), problem.c_str());
  }
}

flameup::TrackEvent page_view() {
  return flameup::TrackEvent{"user_123", "page_viewed", {{"page", "/pricing"}}, std::nullopt};
}

// 1. Configuration: the client is constructed anyway; options_error() says what is wrong
// and every call returns that same error without any I/O. validate() checks beforehand.
bool configuration_error() {
  flameup::ClientOptions options = example_options();
  options.workspace_id.clear();
  const flameup::Error error = flameup::validate(options);
  print_error("configuration", error);
  flameup::Client client(options);  // logs the same error once, at level error
  return error.code == flameup::ErrorCode::invalid_options &&
         client.track(page_view()).error.code == flameup::ErrorCode::invalid_options;
}

// 2. Validation: an invalid event is refused before any I/O; the message names the field.
bool validation_error(flameup::Client& client) {
  flameup::TrackEvent nameless = page_view();
  nameless.event.clear();
  const flameup::TrackResult tracked = client.track(nameless);
  print_error("track", tracked.error);
  const flameup::EnqueueResult queued = client.enqueue(nameless);
  std::printf("enqueue: %s\n", flameup::to_string(queued.status));
  return tracked.error.code == flameup::ErrorCode::invalid_event &&
         queued.status == flameup::EnqueueStatus::invalid;
}

// 3. Authentication: a wrong or revoked key gets 401 (`unauthorized`), which track() does
// not retry. The delivery engine pauses instead and probes again every auth_retry_interval.
bool authentication_error() {
  flameup::ClientOptions options = example_options();
  options.api_key = "ws_test_revoked.key";
  options.log_level = flameup::LogLevel::off;  // the engine would warn about the pause
  flameup::Client client(options);
  const flameup::TrackResult result = client.track(page_view());
  print_error("wrong key", result.error);
  std::printf("  HTTP %d after %d attempt(s), request id %s\n", result.http_status,
              result.attempts, result.request_id.c_str());
  return result.error.code == flameup::ErrorCode::unauthorized;
}

// 4. A full queue: enqueue() refuses at once with `queue_full` (OverflowPolicy::drop_newest,
// the default) rather than grow without bound or block the caller. In-flight events count.
bool queue_full() {
  flameup::ClientOptions options = example_options();
  options.max_queue_events = 2;
  flameup::Client client(options);
  int refused = 0;
  for (int i = 0; i < 100; ++i) {
    const flameup::EnqueueResult queued = client.enqueue(page_view());
    if (queued.status == flameup::EnqueueStatus::queue_full) ++refused;
  }
  client.flush(std::chrono::seconds(10));
  std::printf("queue full: %d of 100 refused, %llu counted in stats().dropped.queue_full\n",
              refused, static_cast<unsigned long long>(client.stats().dropped.queue_full));
  return refused > 0;
}

}  // namespace

int main() {
  flameup::Client client(example_options());
  if (client.options_error()) {
    print_error("configuration", client.options_error());
    return 1;
  }
  bool as_expected = configuration_error();
  as_expected = validation_error(client) && as_expected;
  as_expected = authentication_error() && as_expected;
  as_expected = queue_full() && as_expected;

  // And the success path, for comparison: ok() is true and error.code is `none`.
  const flameup::TrackResult result = client.track(page_view());
  std::printf("valid event: %s (event id %s)\n", flameup::to_string(result.error.code),
              result.event_id.c_str());
  return as_expected && result.ok() ? 0 : 1;
}
