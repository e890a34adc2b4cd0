#pragma once
// What happened to each line of an import: counts per outcome, a stderr line naming the input
// line of every event that was not delivered, and the wait for the last outcome.
//
// Outcomes arrive on the library's delivery thread, possibly before the reading thread has
// even recorded that enqueue() accepted the event, so both sides meet under one mutex.

#include <chrono>
#include <condition_variable>
#include <iosfwd>
#include <map>
#include <mutex>
#include <string>

#include <flameup/outcome.hpp>

namespace flameup::cli {

struct ImportCounts {
  long accepted = 0;   ///< Events enqueue() took: each gets exactly one outcome.
  long delivered = 0;  ///< Recorded by the server.
  long rejected = 0;   ///< Refused by the server (400/422/...).
  long expired = 0;    ///< Too old before they could be delivered.
  long dropped = 0;    ///< Given up on (the import stopped or timed out first).
  long invalid = 0;    ///< Lines that are not a valid event: never sent.

  long outcomes() const { return delivered + rejected + expired + dropped; }
};

class ImportTally {
 public:
  /// Problems are reported on @p errors, one "line N: ..." line each.
  explicit ImportTally(std::ostream& errors) : errors_(errors) {}

  /// Prints "flameup import: @p message" on the error stream, never amid another line.
  void note(const std::string& message);
  /// Line @p line is not a valid event (reading thread).
  void invalid_line(long line, const std::string& why);
  /// enqueue() accepted line @p line's event as @p id (reading thread).
  void accepted(const std::string& id, long line);
  /// The library's outcome callback (delivery thread).
  void on_outcome(const Outcome& outcome);
  /// The library's delivery error callback (delivery thread): an auth error ends the import,
  /// since delivery would only resume with another key.
  void on_delivery_error(const Error& error);

  enum class WaitResult { all_done, auth_failed, timed_out };
  /// Waits until every accepted event has an outcome, an auth error arrives, or @p deadline.
  WaitResult wait(std::chrono::steady_clock::time_point deadline);

  /// The auth error that stopped delivery, or a none Error.
  Error auth_error() const;
  ImportCounts counts() const;

 private:
  void report(long line, const std::string& what);  // needs mutex_

  std::ostream& errors_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  ImportCounts counts_;
  Error auth_error_;
  std::map<std::string, long> line_of_;                // accepted, outcome not yet seen
  std::map<std::string, std::string> early_failures_;  // outcome seen before accepted()
};

}  // namespace flameup::cli
