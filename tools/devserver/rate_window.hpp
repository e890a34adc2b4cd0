#pragma once
// Per-key fixed-window rate limiting, as the real service does it: each key gets
// `limit` requests per 60 s window; the window starts with the key's first request. Ended
// windows are forgotten, so a long session with many keys keeps only the recent ones.

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace flameup::devserver::detail {

struct RateDecision {
  bool allowed = true;
  long limit = 0;
  long remaining = 0;
  std::int64_t reset_unix = 0;      // end of the current window, Unix seconds
  std::int64_t retry_after_s = 0;   // seconds until the window ends (at least 1)
};

class RateWindow {
 public:
  /// @param limit requests per window; 0 turns limiting off (every request allowed).
  explicit RateWindow(long limit, std::int64_t window_seconds = 60);

  bool enabled() const { return limit_ > 0; }
  long limit() const { return limit_; }

  /// Counts one request for @p key at @p now_unix (seconds) and says whether it is allowed.
  RateDecision take(const std::string& key, std::int64_t now_unix);

  /// Keys with a window in memory: at most those seen in the last two windows.
  std::size_t tracked_keys() const;

 private:
  void forget_ended_windows(std::int64_t now_unix);  // mutex_ held

  struct Window {
    std::int64_t start = 0;
    long used = 0;
  };
  long limit_;
  std::int64_t window_seconds_;
  mutable std::mutex mutex_;
  std::map<std::string, Window> windows_;
  std::int64_t next_sweep_unix_ = 0;
};

}  // namespace flameup::devserver::detail
