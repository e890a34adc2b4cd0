#pragma once
// What the route handlers share: options, recorded events and requests, the rate windows, the
// fault queue and the signal that releases held handlers. Every member is thread-safe on its
// own; httplib runs the handlers on a thread pool.

#include <cstdint>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>
#include <utility>

#include "devserver.hpp"
#include "event_store.hpp"
#include "fault_queue.hpp"
#include "ids.hpp"
#include "rate_window.hpp"
#include "release_signal.hpp"
#include "request_log.hpp"

namespace flameup::devserver::detail {

/// set_rate_limit_headers(): values that replace the computed X-RateLimit-* headers.
struct RateHeaderOverride {
  std::optional<long> remaining;
  std::optional<std::int64_t> reset_unix;
};

struct ServerState {
  explicit ServerState(ServerOptions opts)
      : options(std::move(opts)),
        requests(options.max_logged_requests),
        rate(options.rate_limit_per_minute) {}

  RateHeaderOverride rate_override() const {
    std::lock_guard<std::mutex> lock(override_mutex);
    return override_values;
  }
  void set_rate_override(RateHeaderOverride values) {
    std::lock_guard<std::mutex> lock(override_mutex);
    override_values = values;
  }

  /// One line on options.log (never holding the API key).
  void log_line(const std::string& line) {
    if (options.log == nullptr) return;
    std::lock_guard<std::mutex> lock(log_mutex);
    *options.log << line << std::endl;  // flushed: a reader may be waiting on a pipe
  }

  const ServerOptions options;
  EventStore store;
  RequestLog requests;
  RateWindow rate;
  FaultQueue faults;
  ReleaseSignal release;
  IdGenerator ids;

 private:
  mutable std::mutex override_mutex;
  RateHeaderOverride override_values;
  std::mutex log_mutex;
};

}  // namespace flameup::devserver::detail
