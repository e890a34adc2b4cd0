#pragma once
// The delivery engine's sense of time. The real clock reads std::chrono; unit tests inject a
// manual clock so backoff, rate-limit spreading and max_event_age are tested without sleeping.

#include <chrono>

namespace flameup::detail {

class EngineClock {
 public:
  using SteadyTime = std::chrono::steady_clock::time_point;
  using SystemTime = std::chrono::system_clock::time_point;

  virtual ~EngineClock() = default;
  /// Monotonic time: schedules, pauses, event ages.
  virtual SteadyTime now() const = 0;
  /// Wall-clock time: Retry-After dates and X-RateLimit-Reset (Unix seconds).
  virtual SystemTime system_now() const = 0;
};

class RealClock final : public EngineClock {
 public:
  SteadyTime now() const override { return std::chrono::steady_clock::now(); }
  SystemTime system_now() const override { return std::chrono::system_clock::now(); }
};

}  // namespace flameup::detail
