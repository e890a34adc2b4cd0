#pragma once
// Failures in a row, as the client-wide pauses count them.
//
// Requests that were already on the wire when a failure came back fail for the same reason
// at about the same moment: max_in_flight of them answering 503 together are one piece of
// news, not eight. Only a failure of a request started after the previous counted failure
// lengthens the streak, so the pause grows once per probe, and a burst of concurrent failures
// cannot jump it straight to max_backoff.

#include <chrono>
#include <limits>

namespace flameup::detail {

class FailureStreak {
 public:
  using Time = std::chrono::steady_clock::time_point;

  /// A failure at @p now of a request started at @p started. Returns true if it lengthened
  /// the streak (the caller then sets a new, longer pause).
  bool record(Time started, Time now) noexcept {
    if (count_ > 0 && started <= last_counted_) return false;
    if (count_ == 0) began_ = now;
    if (count_ < std::numeric_limits<int>::max()) ++count_;
    last_counted_ = now;
    return true;
  }

  /// A success: the streak is over.
  void reset() noexcept { count_ = 0; }

  int count() const noexcept { return count_; }

  /// How long the streak has lasted at @p now (zero when there is none).
  Time::duration length(Time now) const noexcept {
    return count_ > 0 ? now - began_ : Time::duration::zero();
  }

 private:
  int count_ = 0;
  Time began_{};
  Time last_counted_{};
};

}  // namespace flameup::detail
