#pragma once
// The Client's handle on its delivery engine: builds the engine (lazily: no thread or socket
// until the first enqueue; in durable mode at once, so that replay starts), prepares events
// on the caller's thread, and survives fork().
//
// fork (docs/reliability.md, row F24): the engine of the parent is bound to the generation counted by fork_guard. In
// a child, the first call sees a newer generation and installs a fresh engine and transport.
// The parent's engine is abandoned WITHOUT being touched: its worker thread does not exist in
// the child and its mutexes may have been locked at the moment of the fork, so destroying or
// closing it could deadlock. It is deliberately leaked (kept reachable from a global list so
// leak checkers stay quiet); the child's events never go through it.
//
// Durable mode: the store (its file, its lock, its thread) belongs to the process that
// created the client. A child's engine has no store and refuses events with a clear error
// rather than accept them without the durability the options promise.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>

#include "engine/delivery_engine.hpp"
#include "flameup/client_options.hpp"
#include "flameup/enqueue_result.hpp"
#include "flameup/stats.hpp"
#include "flameup/track_event.hpp"

namespace flameup::detail {

class ClientEngine {
 public:
  /// Everything a new engine needs; kept to rebuild the engine in a forked child.
  struct Parts {
    EngineOptions options;
    RequestFactory make_request;
    AsyncTransportFactory make_transport;
    std::shared_ptr<const EngineClock> clock;  // null: the real clock
    const Logger* logger = nullptr;
    std::size_t max_event_bytes = 32 * 1024;
  };

  explicit ClientEngine(Parts parts);
  /// Destroys this process's engine (close() should have been called); leaks a stale one.
  ~ClientEngine();
  ClientEngine(const ClientEngine&) = delete;
  ClientEngine& operator=(const ClientEngine&) = delete;

  /// Validates, stamps and serializes @p event here, on the caller's thread, then queues it.
  EnqueueResult enqueue(const TrackEvent& event) noexcept;
  bool flush(std::chrono::milliseconds timeout) noexcept;
  bool persist(std::chrono::milliseconds timeout) noexcept;
  void close(std::chrono::milliseconds timeout) noexcept;
  Stats stats() const noexcept;

 private:
  struct Slot {
    std::unique_ptr<DeliveryEngine> engine;
    std::uint64_t generation = 0;  // fork generation the engine belongs to
  };

  /// This process's engine, replacing a stale (pre-fork) one first. Null only if out of memory.
  DeliveryEngine* current() const noexcept;
  std::unique_ptr<Slot> make_slot(std::uint64_t generation) const;

  const Parts parts_;
  const std::uint64_t home_generation_;  // the process that created the client
  mutable std::atomic<Slot*> slot_{nullptr};
};

}  // namespace flameup::detail
