#include "import_progress.hpp"

#include <algorithm>

#include "progress_text.hpp"

namespace flameup::cli {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

constexpr milliseconds kSaveInterval{1000};

}  // namespace

ImportProgress::ImportProgress(const ImportTally& tally, StatusOutput& out,
                               ProgressSettings settings)
    : tally_(tally), out_(out), settings_(std::move(settings)), saved_(tally.done()) {
  thread_ = std::thread([this] { run(); });
}

ImportProgress::~ImportProgress() { finish(); }

void ImportProgress::finish() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
  save();
  if (settings_.live) {
    show();
    out_.end_live();
  }
}

void ImportProgress::run() {
  auto next_show = start_ + settings_.interval;
  auto next_save = start_ + kSaveInterval;
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    wake_.wait_until(lock, std::min(next_show, next_save), [&] { return stopping_; });
    if (stopping_) return;
    const auto now = steady_clock::now();
    lock.unlock();
    if (now >= next_save) {
      save();
      next_save = now + kSaveInterval;
    }
    if (now >= next_show) {
      show();
      next_show = now + settings_.interval;
    }
    lock.lock();
  }
}

void ImportProgress::show() {
  const ImportCounts counts = tally_.counts();
  ProgressNumbers numbers;
  numbers.done_this_run = counts.finished();
  numbers.done = counts.skipped + numbers.done_this_run;
  numbers.total = settings_.total_lines;
  numbers.failed = counts.failed();
  numbers.elapsed = steady_clock::now() - start_;
  const std::string text = progress_text(numbers);
  if (settings_.live) {
    out_.live(text);
  } else {
    out_.line(text);
  }
}

void ImportProgress::save() {
  if (settings_.state_path.empty() || save_failed_) return;
  const ImportState done = tally_.done();
  if (done == saved_) return;
  std::string error;
  if (!save_import_state(settings_.state_path, done, error)) {
    save_failed_ = true;  // said once; the import goes on, a rerun resumes from older state
    out_.line("flameup import: " + error);
    return;
  }
  saved_ = done;
}

}  // namespace flameup::cli
