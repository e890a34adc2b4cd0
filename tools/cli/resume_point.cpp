#include "resume_point.hpp"

namespace flameup::cli {

void ResumePoint::read(long line, std::uint64_t prefix_hash, LineEnd end) {
  // Lines arrive in order: line == done_.lines + after_.size() + 1.
  (void)line;
  after_.push_back({prefix_hash, end});
  advance();
}

void ResumePoint::settle(long line, LineEnd end) {
  const long index = line - done_.lines - 1;
  if (index < 0 || index >= static_cast<long>(after_.size())) return;
  after_[static_cast<std::size_t>(index)].end = end;
  advance();
}

void ResumePoint::advance() {
  while (!after_.empty()) {
    const Line& first = after_.front();
    switch (first.end) {
      case LineEnd::open:
      case LineEnd::undelivered:
        return;
      case LineEnd::delivered:
        ++done_.delivered;
        break;
      case LineEnd::rejected:
        ++done_.rejected;
        break;
      case LineEnd::invalid:
        ++done_.invalid;
        break;
      case LineEnd::blank:
        break;
    }
    ++done_.lines;
    done_.prefix_hash = first.prefix_hash;
    after_.pop_front();
  }
}

}  // namespace flameup::cli
