#include "content_hash.hpp"

namespace flameup::cli {

std::uint64_t hash_bytes(std::string_view bytes, std::uint64_t state) noexcept {
  constexpr std::uint64_t kPrime = 1099511628211ULL;
  for (const char c : bytes) {
    state ^= static_cast<unsigned char>(c);
    state *= kPrime;
  }
  return state;
}

std::string hex64(std::uint64_t value) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, value >>= 4) out[static_cast<std::size_t>(i)] = kHex[value & 0xFU];
  return out;
}

std::string line_key(long line, std::string_view text) {
  return "L" + std::to_string(line) + "-" + hex64(hash_bytes(text));
}

}  // namespace flameup::cli
