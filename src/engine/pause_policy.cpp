#include "engine/pause_policy.hpp"

#include <algorithm>

#include "engine/backoff.hpp"
#include "engine/deadline.hpp"

namespace flameup::detail {

PausePolicy::PausePolicy(Options options, std::uint64_t seed)
    : options_{clamp_duration(options.initial_backoff), clamp_duration(options.max_backoff),
               clamp_duration(options.max_retry_after),
               clamp_duration(options.auth_retry_interval)},
      limiter_(options_.max_retry_after),
      rng_(seed) {}

void PausePolicy::on_rate_limit_figures(const RateLimitInfo& info, std::size_t still_in_flight,
                                        Time now, WallTime wall_now) {
  limiter_.observe(info, still_in_flight, now, wall_now);
}

bool PausePolicy::on_answer() {
  failures_.reset();
  rate_limited_.reset();
  const bool was_auth_paused = auth_paused_;
  auth_paused_ = false;
  return was_auth_paused;
}

void PausePolicy::on_transient_failure(Time started, Time now) {
  if (failures_.record(started, now)) {
    gate_until_ = now + probe_delay(failures_.length(now), options_.initial_backoff,
                                    options_.max_backoff, rng_);
  }
}

PausePolicy::Time PausePolicy::on_rate_limited(Time started, Time now,
                                               std::optional<std::chrono::milliseconds> retry_after) {
  rate_limited_.record(started, now);
  // The client's own backoff is a floor under the server's wait: Retry-After 0, a date in the
  // past (a server clock running behind) or a reset already gone cannot make a busy loop.
  const auto floor =
      pause_delay(rate_limited_.count(), options_.initial_backoff, options_.max_backoff, rng_);
  return limiter_.on_rate_limited(retry_after, now, floor);
}

bool PausePolicy::on_auth_failure(Time now) {
  auth_until_ = now + options_.auth_retry_interval;
  const bool newly = !auth_paused_;
  auth_paused_ = true;
  return newly;
}

std::size_t PausePolicy::allowance(Time now, std::size_t in_flight, std::size_t max_in_flight,
                                   std::size_t demand) const {
  if (in_flight >= max_in_flight) return 0;
  const std::size_t probe = in_flight == 0 ? 1 : 0;
  // After a 401/403, one request finds out whether the key works again.
  if (auth_paused_) return now >= auth_until_ ? probe : 0;
  if (now < gate_until_) return 0;
  if (limiter_.next_start(now, demand) > now) return 0;
  // While every recent request failed or was rate limited, one request at a time finds out
  // whether the server is back; its first success reopens the gate for everything queued.
  if (failures_.count() > 0 || rate_limited_.count() > 0) return probe;
  // While spreading, one start per turn; the next turn waits for the limiter's spacing.
  if (limiter_.shaping(now, demand)) return 1;
  std::size_t room = max_in_flight - in_flight;
  const std::int64_t budget = limiter_.budget(now);
  if (budget >= 0) room = std::min(room, static_cast<std::size_t>(budget));
  return room;
}

PausePolicy::Time PausePolicy::next_change(Time now, std::size_t demand) const {
  Time next = Time::max();
  const auto consider = [&](Time t) {
    if (t > now) next = std::min(next, t);
  };
  if (auth_paused_) consider(auth_until_);
  consider(gate_until_);
  consider(limiter_.next_start(now, demand));
  return next;
}

std::optional<PausePolicy::Time> PausePolicy::retry_time(std::uint32_t event_failures, Time expiry,
                                                         Time now) {
  // The only failure among recent requests: maybe this event is the problem. It waits its own
  // backoff (never past its expiry, so it comes due exactly when it expires) and the others
  // carry on. In an outage (several failures in a row) it keeps its place in line instead and
  // goes out as soon as a probe finds the server back: a per-event timer would hold the
  // backlog for up to max_backoff after recovery.
  if (failures_.count() != 1) return std::nullopt;
  const int failures = static_cast<int>(std::min<std::uint32_t>(event_failures, 1u << 30));
  const auto wait = backoff_delay(failures, options_.initial_backoff, options_.max_backoff, rng_);
  return std::min(now + wait, expiry);
}

}  // namespace flameup::detail
