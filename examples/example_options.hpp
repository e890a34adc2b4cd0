#pragma once
// The examples' client configuration: the real API when FLAMEUP_API_KEY is set, otherwise a
// local emulator (FLAMEUP_BASE_URL, or http://127.0.0.1:8080/api/v1; start one with
// `flameup-devserver --port 8080 --rate-limit 0`).
#include <flameup/flameup.hpp>

inline flameup::ClientOptions example_options() {
  flameup::ClientOptions options = flameup::ClientOptions::from_env();
  if (options.api_key.empty()) {
    // The emulator accepts any key unless started with --api-key: use an obviously fake one.
    options.api_key = "ws_test_local_demo.not-a-secret";
    if (options.workspace_id.empty()) options.workspace_id = "ws_local";
    if (options.base_url == flameup::ClientOptions{}.base_url) {
      options.base_url = "http://127.0.0.1:8080/api/v1";
    }
  }
  return options;
}
