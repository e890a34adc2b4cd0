#pragma once
/// @file client.hpp
/// @brief flameup::Client, the entry point of the SDK.

#include <chrono>
#include <memory>

#include "flameup/client_options.hpp"
#include "flameup/enqueue_result.hpp"
#include "flameup/stats.hpp"
#include "flameup/track_event.hpp"
#include "flameup/track_result.hpp"

namespace flameup {

/// @brief A Flameup client: synchronous track() and asynchronous enqueue().
///
/// Thread safety: every member function may be called from any number of threads at once,
/// except that a client must not be moved or destroyed while other threads use it.
/// No member function throws. Connections are kept alive and reused across calls.
class Client {
 public:
  /// @brief Builds a client. Never throws for bad options: see options_error().
  explicit Client(ClientOptions options);
  /// @brief Calls close(options.close_timeout), then releases everything.
  ~Client();
  Client(Client&&) noexcept;             ///< Moves the client; the source becomes closed.
  Client& operator=(Client&&) noexcept;  ///< Closes this client, then takes over @p other.
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  /// @brief The configuration error, if the options were invalid (else a none Error).
  const Error& options_error() const noexcept;

  /// @brief Sends one event and waits for the answer, retrying per the retry policy.
  ///
  /// Validates and stamps the event, POSTs it, retries network failures, 408, 429 and 5xx
  /// (honouring `Retry-After`) up to `max_attempts`, and returns the typed result.
  TrackResult track(const TrackEvent& event) noexcept;

  /// @brief Validates and stamps the event, queues it for background delivery, returns at once.
  ///
  /// Does no I/O. Blocks only with OverflowPolicy::block, and then at most
  /// `enqueue_block_timeout`. Every accepted event later gets exactly one Outcome.
  EnqueueResult enqueue(TrackEvent event) noexcept;

  /// @brief Waits until every event accepted before this call has an outcome.
  /// @return true if they all have one, false if @p timeout passed first.
  bool flush(std::chrono::milliseconds timeout) noexcept;

  /// @brief Stops accepting events, delivers what it can until @p timeout, then aborts what
  /// is in flight and gives every remaining event its outcome (dropped/shutdown).
  ///
  /// Never waits past the deadline, even on a stuck DNS lookup or a silent server. Idempotent.
  void close(std::chrono::milliseconds timeout) noexcept;

  /// @brief A snapshot of the delivery counters.
  Stats stats() const noexcept;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace flameup
