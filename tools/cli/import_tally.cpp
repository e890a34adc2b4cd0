#include "import_tally.hpp"

#include "error_text.hpp"

namespace flameup::cli {
namespace {

// How an undelivered event ended, for its "line N: ..." report; empty when delivered.
std::string failure_text(const Outcome& outcome) {
  if (outcome.kind == OutcomeKind::delivered) return {};
  std::string text = to_string(outcome.kind);
  if (outcome.kind == OutcomeKind::dropped) {
    text += std::string(" (") + to_string(outcome.drop_reason) + ")";
  }
  if (outcome.error) text += ": " + describe(outcome.error, outcome.http_status);
  return text;
}

LineEnd line_end(OutcomeKind kind) {
  switch (kind) {
    case OutcomeKind::delivered:
      return LineEnd::delivered;
    case OutcomeKind::rejected:
      return LineEnd::rejected;
    case OutcomeKind::expired:
    case OutcomeKind::dropped:
      break;
  }
  return LineEnd::undelivered;  // a rerun sends it again
}

}  // namespace

ImportTally::ImportTally(StatusOutput& errors, const ImportState& done)
    : errors_(errors), resume_(done) {
  counts_.skipped = done.lines;
}

void ImportTally::note(const std::string& message) {
  std::lock_guard<std::mutex> lock(mutex_);
  errors_.line("flameup import: " + message);
}

void ImportTally::blank_line(long line, std::uint64_t prefix_hash) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++counts_.blank;
  resume_.read(line, prefix_hash, LineEnd::blank);
}

void ImportTally::invalid_line(long line, std::uint64_t prefix_hash, const std::string& why) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++counts_.invalid;
  resume_.read(line, prefix_hash, LineEnd::invalid);
  report(line, why);
}

void ImportTally::accepted(const std::string& id, long line, std::uint64_t prefix_hash) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++counts_.accepted;
  resume_.read(line, prefix_hash, LineEnd::open);
  if (const auto early = early_ends_.find(id); early != early_ends_.end()) {
    if (!early->second.failure.empty()) report(line, early->second.failure);
    resume_.settle(line, early->second.end);
    early_ends_.erase(early);
    return;
  }
  line_of_.emplace(id, line);
}

void ImportTally::on_outcome(const Outcome& outcome) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    switch (outcome.kind) {
      case OutcomeKind::delivered:
        ++counts_.delivered;
        break;
      case OutcomeKind::rejected:
        ++counts_.rejected;
        break;
      case OutcomeKind::expired:
        ++counts_.expired;
        break;
      case OutcomeKind::dropped:
        ++counts_.dropped;
        break;
    }
    std::string failure = failure_text(outcome);
    if (const auto it = line_of_.find(outcome.id); it != line_of_.end()) {
      if (!failure.empty()) report(it->second, failure);
      resume_.settle(it->second, line_end(outcome.kind));
      line_of_.erase(it);
    } else {
      early_ends_.emplace(outcome.id, Ending{line_end(outcome.kind), std::move(failure)});
    }
  }
  changed_.notify_all();
}

void ImportTally::on_delivery_error(const Error& error) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (error.code == ErrorCode::unauthorized || error.code == ErrorCode::forbidden) {
      auth_error_ = error;
    } else {
      errors_.line("flameup import: " + describe(error, 0) + " (delivery waits, then goes on)");
    }
  }
  changed_.notify_all();
}

void ImportTally::request_stop(int signal) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stop_signal_ == 0) stop_signal_ = signal;
  }
  changed_.notify_all();
}

int ImportTally::stop_signal() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return stop_signal_;
}

ImportTally::WaitResult ImportTally::wait(std::chrono::steady_clock::time_point deadline,
                                          bool stop_ends_wait) {
  return wait_until(deadline, stop_ends_wait, 1);
}

ImportTally::WaitResult ImportTally::wait_for_room(long most,
                                                   std::chrono::steady_clock::time_point deadline) {
  return wait_until(deadline, true, most);
}

ImportTally::WaitResult ImportTally::wait_until(std::chrono::steady_clock::time_point deadline,
                                                bool stop_ends_wait, long most) {
  std::unique_lock<std::mutex> lock(mutex_);
  const auto room = [&] { return counts_.accepted - counts_.outcomes() < most; };
  const bool settled = changed_.wait_until(lock, deadline, [&] {
    return auth_error_ || (stop_ends_wait && stop_signal_ != 0) || room();
  });
  if (auth_error_) return WaitResult::auth_failed;
  if (room()) return WaitResult::all_done;
  if (settled) return WaitResult::stopped;
  return WaitResult::timed_out;
}

ImportState ImportTally::done() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return resume_.done();
}

Error ImportTally::auth_error() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return auth_error_;
}

ImportCounts ImportTally::counts() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return counts_;
}

void ImportTally::report(long line, const std::string& what) {
  errors_.line("line " + std::to_string(line) + ": " + printable(what));
}

}  // namespace flameup::cli
