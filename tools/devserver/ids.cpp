#include "ids.hpp"

#include <cstdint>
#include <cstdio>

namespace flameup::devserver::detail {

IdGenerator::IdGenerator() : engine_(std::random_device{}()) {}

std::string IdGenerator::next(const char* prefix) {
  std::uint64_t value = 0;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    value = engine_();
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(value));
  return std::string(prefix) + hex;
}

}  // namespace flameup::devserver::detail
