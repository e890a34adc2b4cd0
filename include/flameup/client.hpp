#pragma once
/// @file client.hpp
/// @brief flameup::Client, the entry point of the SDK.

#include <chrono>
#include <memory>

#include "flameup/client_options.hpp"
#include "flameup/enqueue_result.hpp"
#include "flameup/stats.hpp"
#include "flameup/export.hpp"

namespace flameup {

// Declared only: a translation unit that holds a Client (constructs it, flushes, closes,
// reads stats) does not pay for nlohmann/json. Code that builds events includes
// <flameup/track_event.hpp> (or <flameup/flameup.hpp>, everything).
struct TrackEvent;
struct TrackResult;
struct EventQuery;
struct ListResult;

/// @brief A Flameup client: synchronous track() and asynchronous enqueue().
///
/// Thread safety: every member function may be called from any number of threads at once,
/// except that a client must not be moved or destroyed while other threads use it.
/// No member function throws. Connections are kept alive and reused across calls.
///
/// Callbacks (`on_outcome`, `on_delivery_error`, `logger`) run on the delivery thread and may
/// call back into the client: enqueue() (never blocks there, even with OverflowPolicy::block:
/// a full queue refuses), track(), stats(), flush() (returns at once: true only if every
/// earlier event already has its outcome) and close() (returns at once; the client shuts
/// down when the callback returns). Destroying or moving the client from inside one of its
/// own callbacks is not supported.
///
/// Durations: any timeout or interval may be `std::chrono::milliseconds::max()`, meaning "no
/// limit" (it is treated as a hundred years); a negative timeout counts as zero.
class FLAMEUP_EXPORT Client {
 public:
  /// @brief Builds a client. Never throws for bad options: see options_error().
  explicit Client(ClientOptions options);
  /// @brief Calls close(options.close_timeout), then waits for any outcome callback still
  /// running (application code: the client cannot free what a callback is using), then
  /// releases everything.
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
  /// After close(), returns ErrorCode::closed without any I/O.
  TrackResult track(const TrackEvent& event) noexcept;

  /// @brief Reads one page of recorded events (`GET .../events`) and waits for the answer.
  ///
  /// Validates @p query before any I/O, then sends it over the same connections, with the
  /// same safety rules and the same retry policy as track() (network failures, 408, 429 and
  /// 5xx, honouring `Retry-After`, up to `max_attempts`). Needs a key with `events:read`.
  /// After close(), returns ErrorCode::closed without any I/O.
  ListResult list_events(const EventQuery& query) noexcept;

  /// @brief Validates and stamps the event, queues it for background delivery, returns at once.
  ///
  /// Does no I/O. Blocks only with OverflowPolicy::block, and then at most
  /// `enqueue_block_timeout`. Every accepted event later gets exactly one Outcome.
  EnqueueResult enqueue(TrackEvent event) noexcept;

  /// @brief Waits until every event accepted before this call has an outcome.
  ///
  /// While it waits, the engine sends what the rate-limit budget allows at once instead of
  /// spreading it over the window. Returns by its deadline, whatever the queue size.
  /// @return true if they all have one, false if @p timeout passed first.
  bool flush(std::chrono::milliseconds timeout) noexcept;

  /// @brief Switches tracking on or off at run time (a user's consent), for every thread at
  /// once. While off, track() and enqueue() send and store nothing and say so
  /// (ErrorCode::disabled, EnqueueStatus::disabled); events accepted before stay queued and
  /// are delivered. Starts as `ClientOptions::tracking_enabled`.
  void set_tracking_enabled(bool enabled) noexcept;
  /// @brief Whether tracking is on (see set_tracking_enabled()).
  bool tracking_enabled() const noexcept;

  /// @brief Durable mode: waits until the store holds exactly what it should as of this
  /// call: every event accepted before it is committed (or already delivered), and every
  /// event that had its outcome is gone from the file. Asks for a commit now.
  ///
  /// Returns by its deadline. From an outcome callback it does not wait.
  /// @return true once they are all committed; false if @p timeout passed first (e.g. the
  /// disk is full), and always false in memory mode (nothing is ever on disk).
  bool persist(std::chrono::milliseconds timeout) noexcept;

  /// @brief Stops accepting events, delivers what it can until @p timeout, then aborts what
  /// is in flight and gives every remaining event its outcome (dropped/shutdown).
  ///
  /// Durable mode: nothing is dropped. Events still undelivered at the deadline (in flight
  /// ones included) stay in the store, and get their outcome in the next Client opened on
  /// the same `storage_path`; close() commits what is pending before it returns (by the
  /// same deadline plus scheduling noise; the destructor waits for the commit).
  ///
  /// Returns by its deadline (plus scheduling noise), whatever the queue size, the number of
  /// threads closing at once, a stuck DNS lookup or a silent server; the earliest deadline of
  /// concurrent calls applies to the delivery. Returning before the deadline means every
  /// outcome was reported. At the deadline it returns regardless: outcome callbacks still
  /// pending then (slow application code) run afterwards on the delivery thread, and the
  /// destructor waits for them.
  /// Later track()/enqueue() calls return ErrorCode::closed. Idempotent.
  void close(std::chrono::milliseconds timeout) noexcept;

  /// @brief A snapshot of the delivery counters.
  Stats stats() const noexcept;

 private:
  // A nested class takes the visibility of its enclosing class: keep the pimpl unexported.
  class FLAMEUP_NO_EXPORT Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace flameup
