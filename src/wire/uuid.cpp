#include "wire/uuid.hpp"

#include <atomic>
#include <cstdint>

#include "platform/thread_rng.hpp"

namespace flameup::detail {

void uuid_v4(char* out) noexcept {
  static constexpr char kHex[] = "0123456789abcdef";
  std::uint64_t high = 0;
  std::uint64_t low = 0;
  try {
    auto& engine = thread_rng();
    high = engine();
    low = engine();
  } catch (...) {
    // std::random_device can throw when the system has no entropy source. Keys must still be
    // unique within the process: fall back to a counter mixed with the output address.
    static std::atomic<std::uint64_t> counter{0x9E3779B97F4A7C15ULL};
    high = counter.fetch_add(0x9E3779B97F4A7C15ULL) ^ reinterpret_cast<std::uintptr_t>(out);
    low = counter.fetch_add(0xBF58476D1CE4E5B9ULL);
  }
  // Version 4 in the high nibble of byte 6, variant 10xx in byte 8 (RFC 4122 section 4.4).
  high = (high & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;
  low = (low & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;

  std::size_t pos = 0;
  auto put = [&](std::uint64_t value, int first_nibble, int count) {
    for (int i = 0; i < count; ++i) {
      const int shift = 60 - 4 * (first_nibble + i);
      out[pos++] = kHex[(value >> shift) & 0xFU];
    }
  };
  put(high, 0, 8);
  out[pos++] = '-';
  put(high, 8, 4);
  out[pos++] = '-';
  put(high, 12, 4);
  out[pos++] = '-';
  put(low, 0, 4);
  out[pos++] = '-';
  put(low, 4, 12);
}

std::string uuid_v4() {
  std::string text(kUuidLength, '\0');
  uuid_v4(text.data());
  return text;
}

}  // namespace flameup::detail
