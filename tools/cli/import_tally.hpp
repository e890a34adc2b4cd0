#pragma once
// What happened to each line of an import: counts per outcome, a stderr line naming the input
// line of every event that was not delivered, where a rerun may resume (ResumePoint), and the
// waits of the reading thread (for room, for the last outcome, for a stop request).
//
// Outcomes arrive on the library's delivery thread, possibly before the reading thread has
// even recorded that enqueue() accepted the event, so both sides meet under one mutex.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include <flameup/outcome.hpp>

#include "import_state.hpp"
#include "resume_point.hpp"
#include "status_output.hpp"

namespace flameup::cli {

struct ImportCounts {
  long accepted = 0;   ///< Events enqueue() took: each gets exactly one outcome.
  long delivered = 0;  ///< Recorded by the server.
  long rejected = 0;   ///< Refused by the server (400/422/...).
  long expired = 0;    ///< Too old before they could be delivered.
  long dropped = 0;    ///< Given up on (the import stopped or timed out first).
  long invalid = 0;    ///< Lines that are not a valid event: never sent.
  long blank = 0;      ///< Blank lines: skipped.
  long skipped = 0;    ///< Lines done by an earlier run (from the state file): not read again.

  long outcomes() const { return delivered + rejected + expired + dropped; }
  /// Lines finished by this run.
  long finished() const { return outcomes() + invalid + blank; }
  long failed() const { return rejected + expired + dropped + invalid; }
};

class ImportTally {
 public:
  /// Problems are reported on @p errors, one "line N: ..." line each. The lines of @p done
  /// were finished by an earlier run; reading resumes after them.
  ImportTally(StatusOutput& errors, const ImportState& done);

  /// Prints "flameup import: @p message" on the error stream, never amid another line.
  void note(const std::string& message);
  // The reading thread's calls, one per line read, in order; @p prefix_hash is the hash of
  // the input up to and including the line.
  /// Line @p line is blank.
  void blank_line(long line, std::uint64_t prefix_hash);
  /// Line @p line is not a valid event.
  void invalid_line(long line, std::uint64_t prefix_hash, const std::string& why);
  /// enqueue() accepted line @p line's event as @p id.
  void accepted(const std::string& id, long line, std::uint64_t prefix_hash);
  /// The library's outcome callback (delivery thread).
  void on_outcome(const Outcome& outcome);
  /// The library's delivery error callback (delivery thread): an auth error ends the import,
  /// since delivery would only resume with another key.
  void on_delivery_error(const Error& error);

  /// Asks the import to stop (the signal handling thread): no more lines are read.
  void request_stop(int signal);
  /// The signal that asked the import to stop, or 0.
  int stop_signal() const;

  enum class WaitResult { all_done, auth_failed, timed_out, stopped };
  /// Waits until every accepted event has an outcome, an auth error arrives, or @p deadline;
  /// and, if @p stop_ends_wait, a stop request.
  WaitResult wait(std::chrono::steady_clock::time_point deadline, bool stop_ends_wait);
  /// Waits until fewer than @p most events await their outcome (all_done), or as wait().
  WaitResult wait_for_room(long most, std::chrono::steady_clock::time_point deadline);
  /// The prefix of the input that is done, for the state file.
  ImportState done() const;

  /// The auth error that stopped delivery, or a none Error.
  Error auth_error() const;
  ImportCounts counts() const;

 private:
  struct Ending {
    LineEnd end;
    std::string failure;  // empty when delivered
  };
  void report(long line, const std::string& what);  // needs mutex_
  WaitResult wait_until(std::chrono::steady_clock::time_point deadline, bool stop_ends_wait,
                        long most);

  StatusOutput& errors_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  ImportCounts counts_;
  Error auth_error_;
  int stop_signal_ = 0;
  ResumePoint resume_;
  std::map<std::string, long> line_of_;       // accepted, outcome not yet seen
  std::map<std::string, Ending> early_ends_;  // outcome seen before accepted()
};

}  // namespace flameup::cli
