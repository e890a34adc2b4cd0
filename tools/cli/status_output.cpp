#include "status_output.hpp"

#include <ostream>

namespace flameup::cli {
namespace {

constexpr const char kEraseLine[] = "\r\x1b[K";

}  // namespace

void StatusOutput::line(const std::string& text) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!live_.empty()) out_ << kEraseLine;
  out_ << text << "\n";
  if (!live_.empty()) out_ << live_;
  out_.flush();
}

void StatusOutput::live(const std::string& text) {
  std::lock_guard<std::mutex> lock(mutex_);
  live_ = text;
  out_ << kEraseLine << live_;
  out_.flush();
}

void StatusOutput::end_live() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (live_.empty()) return;
  out_ << "\n";
  out_.flush();
  live_.clear();
}

}  // namespace flameup::cli
