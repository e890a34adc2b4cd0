// Durable mode: events accepted while the service is unreachable survive the process and are
// delivered by the next one. The example plays both runs in one program: the first client
// is offline (its base URL points at a closed port), stores five events and closes; the
// second, on the same storage directory and online, replays and delivers them.
//
// Usage: durable_mode [STORAGE_DIR]   (default: a fresh directory under /tmp, removed at the end)
#include <flameup/flameup.hpp>

#include <stdlib.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <string>

#include "example_options.hpp"

int main(int argc, char** argv) {
  std::string dir = argc > 1 ? argv[1] : std::string();
  const bool temporary = dir.empty();
  if (temporary) {
    std::string pattern = (std::filesystem::temp_directory_path() / "flameup-durable-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) return 1;
    dir = pattern + "/store";
  }

  // --- First run: offline. Accepted events go to disk; close() drops nothing. -----------
  {
    flameup::ClientOptions options = example_options();
    options.base_url = "http://127.0.0.1:1/api/v1";  // nothing listens there: offline
    options.storage_path = dir;
    options.close_timeout = std::chrono::milliseconds(0);
    options.log_level = flameup::LogLevel::off;  // the connection errors are expected here
    flameup::Client offline(options);
    if (offline.options_error()) {
      std::fprintf(stderr, "configuration error: %s\n", offline.options_error().message.c_str());
      return 1;
    }
    for (int i = 0; i < 5; ++i) {
      offline.enqueue({"user_" + std::to_string(i), "app_opened", {{"offline", true}}, std::nullopt});
    }
    // persist() waits until the store holds them (a commit happens every few milliseconds
    // anyway; this makes it certain before the "process" ends).
    const bool on_disk = offline.persist(std::chrono::seconds(5));
    std::printf("offline: %zu events stored (%s)\n", offline.stats().stored,
                on_disk ? "committed" : "NOT committed");
  }  // the destructor closes: in durable mode the undelivered events stay in the store

  // --- Second run: online, same directory. Replay starts at construction. ---------------
  std::mutex mu;
  std::condition_variable cv;
  int recovered = 0;
  flameup::ClientOptions options = example_options();
  options.storage_path = dir;
  options.on_outcome = [&](const flameup::Outcome& outcome) {
    std::lock_guard<std::mutex> lock(mu);
    if (outcome.recovered && outcome.kind == flameup::OutcomeKind::delivered) ++recovered;
    cv.notify_all();
  };
  flameup::Client online(options);
  {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait_for(lock, std::chrono::seconds(30), [&] { return recovered >= 5; });
  }
  online.persist(std::chrono::seconds(5));  // the delivered events have left the store
  std::printf("online: %d events from the previous run delivered, %zu left in the store\n",
              recovered, online.stats().stored);
  online.close(std::chrono::seconds(5));
  if (temporary) {
    std::error_code ignored;
    std::filesystem::remove_all(std::filesystem::path(dir).parent_path(), ignored);
  }
  return recovered == 5 ? 0 : 1;
}
