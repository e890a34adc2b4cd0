#include "progress_text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace flameup::cli {
namespace {

// An ETA past this says only "more than a week": the rate is far too low to be a forecast.
constexpr long kMaxEtaSeconds = 7L * 24 * 3600;

std::string two_digits(long value) { return (value < 10 ? "0" : "") + std::to_string(value); }

std::string rate_text(double per_second) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", per_second);
  return text;
}

}  // namespace

std::string format_duration(std::chrono::seconds duration) {
  const long total = std::max<long>(0, static_cast<long>(duration.count()));
  const long hours = total / 3600, minutes = total / 60 % 60, seconds = total % 60;
  if (hours > 0) return std::to_string(hours) + "h" + two_digits(minutes) + "m";
  if (minutes > 0) return std::to_string(minutes) + "m" + two_digits(seconds) + "s";
  return std::to_string(seconds) + "s";
}

std::string progress_text(const ProgressNumbers& numbers) {
  const double elapsed = std::chrono::duration<double>(numbers.elapsed).count();
  const double rate = elapsed > 0 ? static_cast<double>(numbers.done_this_run) / elapsed : 0.0;
  std::string text = "import: " + std::to_string(numbers.done);
  if (numbers.total >= 0) {
    const long total = std::max(numbers.total, numbers.done);
    const long percent = total > 0 ? numbers.done * 100 / total : 100;
    text += "/" + std::to_string(total) + " lines (" + std::to_string(percent) + "%)";
  } else {
    text += " lines";
  }
  text += ", " + rate_text(rate) + " lines/s";
  if (numbers.total >= 0 && numbers.done < numbers.total) {
    const double eta = rate > 0 ? static_cast<double>(numbers.total - numbers.done) / rate : -1;
    text += ", ETA ";
    if (eta < 0) {
      text += "unknown";
    } else if (eta > kMaxEtaSeconds) {
      text += "over a week";
    } else {
      text += format_duration(std::chrono::seconds(std::lround(eta)));
    }
  }
  text += ", " + std::to_string(numbers.failed) + " failed";
  return text;
}

}  // namespace flameup::cli
