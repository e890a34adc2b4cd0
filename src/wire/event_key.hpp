#pragma once
// An event's idempotency key, held inline: at most 36 bytes (a UUID in its 8-4-4-4-12 text
// form, the longest key event validation accepts), so that keeping one costs no allocation.
// The engine keeps one in every queued event, the durable store one per record it tracks.

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>

namespace flameup::detail {

class EventKey {
 public:
  static constexpr std::size_t kMaxLength = 36;

  EventKey() = default;
  /// Keeps the first kMaxLength bytes of @p key (validation refuses longer ones).
  explicit EventKey(std::string_view key) noexcept { assign(key); }

  void assign(std::string_view key) noexcept {
    size_ = static_cast<std::uint8_t>(std::min(key.size(), kMaxLength));
    std::copy_n(key.data(), size_, bytes_.data());
  }
  std::string_view view() const noexcept { return {bytes_.data(), size_}; }

  friend bool operator==(const EventKey& a, const EventKey& b) noexcept {
    return a.view() == b.view();
  }

 private:
  std::array<char, kMaxLength> bytes_{};
  std::uint8_t size_ = 0;
};

struct EventKeyHash {
  std::size_t operator()(const EventKey& key) const noexcept {
    return std::hash<std::string_view>{}(key.view());
  }
};

}  // namespace flameup::detail
