#include "platform/ip_address.hpp"

#if defined(_WIN32)
#include <winsock2.h>
#include <ws2tcpip.h>
#elif defined(__unix__) || defined(__APPLE__)
#include <arpa/inet.h>
#include <netinet/in.h>
#else
#error "platform/ip_address.cpp: no inet_pton for this system; port parse_literal()"
#endif

#include <cstring>

namespace flameup::detail {
namespace {

// inet_pton needs a NUL-terminated string: copy into a fixed buffer (no allocation, so these
// stay noexcept). The longest IPv6 literal, with an embedded IPv4 tail, is 45 characters.
constexpr std::size_t kMaxLiteral = 64;

template <typename Bytes>
std::optional<Bytes> parse_literal(int family, std::string_view text) noexcept {
  if (text.empty() || text.size() >= kMaxLiteral || text.find('\0') != std::string_view::npos) {
    return std::nullopt;
  }
  char buffer[kMaxLiteral] = {};
  std::memcpy(buffer, text.data(), text.size());
  // in_addr and in6_addr hold the address in network order, which is the byte order of
  // Ipv4Bytes and Ipv6Bytes.
  unsigned char raw[sizeof(Bytes)] = {};
  if (::inet_pton(family, buffer, raw) != 1) return std::nullopt;
  Bytes bytes{};
  std::memcpy(bytes.data(), raw, bytes.size());
  return bytes;
}

}  // namespace

std::optional<Ipv4Bytes> parse_ipv4_literal(std::string_view text) noexcept {
  static_assert(sizeof(in_addr) == sizeof(Ipv4Bytes), "in_addr is 4 bytes");
  return parse_literal<Ipv4Bytes>(AF_INET, text);
}

std::optional<Ipv6Bytes> parse_ipv6_literal(std::string_view text) noexcept {
  static_assert(sizeof(in6_addr) == sizeof(Ipv6Bytes), "in6_addr is 16 bytes");
  return parse_literal<Ipv6Bytes>(AF_INET6, text);
}

bool is_loopback(const Ipv4Bytes& address) noexcept { return address[0] == 127; }

bool is_loopback(const Ipv6Bytes& address) noexcept {
  return address == Ipv6Bytes{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
}

}  // namespace flameup::detail
