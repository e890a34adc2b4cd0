#pragma once
// Reading IP address literals, the one thing the URL checks need from the system's socket
// headers (inet_pton lives in ip_address.cpp and nowhere else).

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace flameup::detail {

/// An IPv4 address, most significant byte first ("127.0.0.1" is {127, 0, 0, 1}).
using Ipv4Bytes = std::array<std::uint8_t, 4>;

/// An IPv6 address, most significant byte first ("::1" is fifteen zeros and a one).
using Ipv6Bytes = std::array<std::uint8_t, 16>;

/// The address @p text spells in the strict dotted-quad form (four decimal parts, no
/// trailing dot: the forms libcurl also reads as an address rather than a name), or nothing.
std::optional<Ipv4Bytes> parse_ipv4_literal(std::string_view text) noexcept;

/// The address @p text spells as an IPv6 literal without brackets or zone ("::1",
/// "2001:db8::7", "::ffff:10.0.0.1"), or nothing.
std::optional<Ipv6Bytes> parse_ipv6_literal(std::string_view text) noexcept;

/// Whether @p address is in 127.0.0.0/8.
bool is_loopback(const Ipv4Bytes& address) noexcept;

/// Whether @p address is ::1.
bool is_loopback(const Ipv6Bytes& address) noexcept;

}  // namespace flameup::detail
