#include "import_tally.hpp"

#include <ostream>

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

}  // namespace

void ImportTally::note(const std::string& message) {
  std::lock_guard<std::mutex> lock(mutex_);
  errors_ << "flameup import: " << message << "\n";
}

void ImportTally::invalid_line(long line, const std::string& why) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++counts_.invalid;
  report(line, why);
}

void ImportTally::accepted(const std::string& id, long line) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++counts_.accepted;
  if (const auto early = early_failures_.find(id); early != early_failures_.end()) {
    if (!early->second.empty()) report(line, early->second);
    early_failures_.erase(early);
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
    const std::string failure = failure_text(outcome);
    if (const auto it = line_of_.find(outcome.id); it != line_of_.end()) {
      if (!failure.empty()) report(it->second, failure);
      line_of_.erase(it);
    } else {
      early_failures_.emplace(outcome.id, failure);
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
      errors_ << "flameup import: " << describe(error, 0) << " (delivery waits, then goes on)\n";
    }
  }
  changed_.notify_all();
}

ImportTally::WaitResult ImportTally::wait(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock<std::mutex> lock(mutex_);
  const bool settled = changed_.wait_until(
      lock, deadline, [&] { return auth_error_ || counts_.outcomes() >= counts_.accepted; });
  if (auth_error_) return WaitResult::auth_failed;
  return settled ? WaitResult::all_done : WaitResult::timed_out;
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
  errors_ << "line " << line << ": " << printable(what) << "\n";
}

}  // namespace flameup::cli
