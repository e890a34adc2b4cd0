#pragma once
// Test doubles for the delivery engine: a scriptable AsyncTransport and a manual clock.
//
// FakeTransport records every request and answers from a script (one reply per request, in
// order, then a default 200). Requests can be held open to model slow or silent servers; held
// requests complete only when the test releases them or the engine aborts them. Completions
// are handed out on poll(), like the real transport. With a ManualClock, poll() sleeps until
// the test advances the clock (or a completion/wakeup arrives), so timing is tested without
// sleeping.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "engine/engine_clock.hpp"
#include "http/transport.hpp"

namespace flameup::testing {

/// A clock that moves only when the test says so.
class ManualClock final : public detail::EngineClock {
 public:
  ManualClock();
  SteadyTime now() const override;
  SystemTime system_now() const override;
  /// Moves time forward and wakes whoever listens (the fake transport's poll).
  void advance(std::chrono::milliseconds by);
  void set_listener(std::function<void()> listener);

 private:
  mutable std::mutex mu_;
  SteadyTime steady_;
  SystemTime system_;
  std::function<void()> listener_;
};

/// Builders for common replies.
detail::HttpResponse ok_reply(const std::string& event_id = "evt_fake");
detail::HttpResponse status_reply(int status, std::string body = {},
                                  std::vector<std::pair<std::string, std::string>> headers = {});
detail::HttpResponse transport_failure(detail::TransportStatus status);

class FakeTransport : public std::enable_shared_from_this<FakeTransport> {
 public:
  struct Reply {
    detail::HttpResponse response;
    bool hold = false;  // stays in flight until released or aborted
  };
  struct StartedRequest {
    detail::HttpRequest request;
    detail::AsyncTransport::Tag tag = 0;
    std::chrono::steady_clock::time_point engine_time{};  // clock time at start()
  };

  /// @p clock: when set, poll() waits in the clock's time (advanced by the test).
  explicit FakeTransport(std::shared_ptr<ManualClock> clock = nullptr);
  ~FakeTransport();
  FakeTransport(const FakeTransport&) = delete;
  FakeTransport& operator=(const FakeTransport&) = delete;

  /// A factory for DeliveryEngine: every transport it makes talks to this fake (which must be
  /// owned by a shared_ptr).
  std::function<std::unique_ptr<detail::AsyncTransport>()> factory();

  // --- scripting ---
  void push_reply(detail::HttpResponse response, int times = 1);
  void push_hold(int times = 1);
  void set_default_reply(detail::HttpResponse response);
  /// Hold every request that has no scripted reply.
  void hold_by_default(bool hold);
  /// Completes up to @p n held requests (oldest first) with @p response. Returns how many.
  std::size_t release_held(detail::HttpResponse response, std::size_t n = static_cast<std::size_t>(-1));

  // --- observation ---
  std::size_t request_count() const;
  std::vector<StartedRequest> requests() const;
  bool wait_for_requests(std::size_t n, std::chrono::milliseconds timeout) const;
  /// Waits until @p n requests are held open at once.
  bool wait_for_held(std::size_t n, std::chrono::milliseconds timeout) const;
  std::size_t held_count() const;
  /// Waits until the worker is blocked in poll() with every completion handed over, i.e. it
  /// has processed everything that happened so far. Manual-clock tests call this before
  /// advancing the clock, so that the engine's schedule is based on the time it should be.
  bool wait_until_worker_waits(std::chrono::milliseconds timeout = std::chrono::seconds(5)) const;
  std::size_t max_in_flight_seen() const;
  std::size_t wakeup_calls() const;
  std::size_t aborted_count() const;
  std::size_t transports_made() const;

  // --- AsyncTransport, called through the proxy ---
  void start(detail::AsyncTransport::Tag tag, detail::HttpRequest request);
  void poll(std::chrono::milliseconds max_wait, std::vector<detail::AsyncTransport::Completion>& done);
  void wakeup();
  void abort_all(std::vector<detail::AsyncTransport::Completion>& done);
  std::size_t in_flight() const;

 private:
  void notify();

  std::shared_ptr<ManualClock> clock_;
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  std::deque<Reply> script_;
  Reply default_reply_;
  std::vector<StartedRequest> requests_;
  std::vector<detail::AsyncTransport::Completion> ready_;
  std::deque<detail::AsyncTransport::Tag> held_;
  bool wakeup_pending_ = false;
  bool in_poll_ = false;
  std::chrono::steady_clock::time_point poll_deadline_{};  // manual clock: when poll() returns
  std::size_t wakeups_ = 0;
  std::size_t aborted_ = 0;
  std::size_t max_in_flight_ = 0;
  std::size_t transports_made_ = 0;
  std::uint64_t clock_ticks_ = 0;  // bumped on every advance(): poll() re-checks time
};

}  // namespace flameup::testing
