#pragma once
// Random identifiers shaped like the real service's: "evt_<hex>" and "req_<hex>".

#include <mutex>
#include <random>
#include <string>

namespace flameup::devserver::detail {

class IdGenerator {
 public:
  IdGenerator();
  /// prefix + 16 random hex digits, e.g. "evt_3f9c0a1b2c3d4e5f". Thread-safe.
  std::string next(const char* prefix);

 private:
  std::mutex mutex_;
  std::mt19937_64 engine_;
};

}  // namespace flameup::devserver::detail
