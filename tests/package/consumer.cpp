// A consumer of the installed (or add_subdirectory'd) SDK: it must compile with only
// <flameup/flameup.hpp>, link flameup::flameup, and behave. It checks the parts that need no
// server: the version, validation before I/O, and configuration errors.
#include <flameup/flameup.hpp>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <utility>

int main() {
  if (std::strlen(flameup::kVersion) == 0) return 1;

  flameup::ClientOptions options;
  options.api_key = "ws_test_consumer.0000";
  options.workspace_id = "ws_consumer";
  options.base_url = "http://127.0.0.1:9/api/v1";  // never contacted: the event is invalid
  options.log_level = flameup::LogLevel::off;
  flameup::Client client(options);
  if (client.options_error()) {
    std::fprintf(stderr, "unexpected options error: %s\n", client.options_error().message.c_str());
    return 2;
  }

  flameup::TrackEvent event;  // no user_id: refused before any I/O
  event.event = "consumer_check";
  const flameup::TrackResult result = client.track(event);
  if (result.ok() || result.error.code != flameup::ErrorCode::invalid_event ||
      result.attempts != 0 || result.error.message.find("user_id") == std::string::npos) {
    std::fprintf(stderr, "validation did not refuse the event: %s\n", result.error.message.c_str());
    return 3;
  }

  flameup::ClientOptions remote_http = options;
  remote_http.base_url = "http://example.com/api/v1";
  if (flameup::validate(remote_http).code != flameup::ErrorCode::invalid_options) return 4;

  // Every other exported function, so that one left unexported fails to link against a shared
  // libflameup.
  if (std::strlen(flameup::to_string(flameup::ErrorCode::none)) == 0 ||
      std::strlen(flameup::to_string(flameup::EnqueueStatus::accepted)) == 0 ||
      std::strlen(flameup::to_string(flameup::LogLevel::warn)) == 0 ||
      std::strlen(flameup::to_string(flameup::OutcomeKind::delivered)) == 0 ||
      std::strlen(flameup::to_string(flameup::DropReason::evicted)) == 0) {
    return 5;
  }
  const auto epoch = std::chrono::system_clock::time_point{};
  if (flameup::parse_timestamp(flameup::format_timestamp(epoch)) != epoch) return 6;
  (void)flameup::ClientOptions::from_env();
  if (client.enqueue(event).status != flameup::EnqueueStatus::invalid) return 7;
  flameup::EventQuery bad_query;  // refused before any I/O
  bad_query.limit = 0;
  if (client.list_events(bad_query).error.code != flameup::ErrorCode::invalid_query) return 9;
  if (!client.flush(std::chrono::seconds(5)) || client.stats().delivered != 0) return 8;
  flameup::Client moved(std::move(client));
  client = std::move(moved);
  client.close(std::chrono::milliseconds(0));

  std::printf("flameup %s consumer ok\n", flameup::kVersion);
  return 0;
}
