#include "wire/url.hpp"

#include <algorithm>

#include "platform/ip_address.hpp"

namespace flameup::detail {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// ASCII only, on purpose: std::isalnum depends on the application's locale.
bool is_unreserved(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '-' || c == '.' || c == '_' || c == '~';
}

bool is_host_char(unsigned char c) { return is_unreserved(c) || c == '%'; }

bool parse_port(std::string_view text, int& port) {
  if (text.empty() || text.size() > 5) return false;
  int value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  if (value < 1 || value > 65535) return false;
  port = value;
  return true;
}

// Splits "host[:port]" / "[v6][:port]" into out.host / out.port.
bool parse_authority(std::string_view authority, BaseUrl& out, std::string& why) {
  if (authority.empty()) {
    why = "missing host";
    return false;
  }
  if (authority.find('@') != std::string_view::npos) {
    why = "must not contain user info ('@'): pass credentials as api_key";
    return false;
  }
  std::string_view host = authority;
  std::string_view port;
  if (authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) {
      why = "unterminated IPv6 literal";
      return false;
    }
    host = authority.substr(1, close - 1);
    const auto rest = authority.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') {
        why = "unexpected text after IPv6 literal";
        return false;
      }
      port = rest.substr(1);
      if (port.empty()) {
        why = "empty port";
        return false;
      }
    }
    if (!parse_ipv6_literal(host)) {
      why = "invalid IPv6 literal";
      return false;
    }
  } else {
    const auto colon = authority.find(':');
    if (colon != std::string_view::npos) {
      host = authority.substr(0, colon);
      port = authority.substr(colon + 1);
      if (port.empty()) {
        why = "empty port";
        return false;
      }
    }
    if (host.empty() || !std::all_of(host.begin(), host.end(), [](char c) {
          return is_host_char(static_cast<unsigned char>(c));
        })) {
      why = "invalid host";
      return false;
    }
  }
  if (!port.empty() && !parse_port(port, out.port)) {
    why = "invalid port";
    return false;
  }
  out.host = std::string(host);
  out.authority = std::string(authority);
  return true;
}

}  // namespace

bool has_control_char(std::string_view text) noexcept {
  return std::any_of(text.begin(), text.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 || byte == 0x7F;
  });
}

bool parse_base_url(std::string_view text, BaseUrl& out, std::string& why) {
  out = BaseUrl{};
  if (text.empty()) {
    why = "must not be empty";
    return false;
  }
  if (has_control_char(text) || text.find(' ') != std::string_view::npos) {
    why = "must not contain spaces or control characters";
    return false;
  }
  const auto separator = text.find("://");
  if (separator == std::string_view::npos) {
    why = "must start with https:// or http://";
    return false;
  }
  out.scheme = lower(text.substr(0, separator));
  if (out.scheme != "https" && out.scheme != "http") {
    why = "scheme must be https or http";
    return false;
  }
  const auto rest = text.substr(separator + 3);
  if (rest.find_first_of("?#") != std::string_view::npos) {
    why = "must not contain a query or fragment";
    return false;
  }
  const auto slash = rest.find('/');
  const auto authority = rest.substr(0, slash);
  if (!parse_authority(authority, out, why)) return false;
  std::string_view path = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  out.path = std::string(path);
  return true;
}

ParsedBaseUrl ParsedBaseUrl::of(std::string_view text) {
  ParsedBaseUrl parsed;
  parse_base_url(text, parsed.url, parsed.problem);  // every failure says why
  return parsed;
}

bool is_localhost_name(std::string_view host) {
  const std::string name = lower(host);
  return name == "localhost" || name == "localhost.";
}

bool is_loopback_host(std::string_view host) {
  if (is_localhost_name(host)) return true;
  // Only the strict IPv4 forms count (four decimal parts; no trailing dot): the ones libcurl
  // also reads as an address rather than a name to resolve.
  if (const auto v4 = parse_ipv4_literal(host)) return is_loopback(*v4);
  if (const auto v6 = parse_ipv6_literal(host)) return is_loopback(*v6);
  return false;
}

int effective_port(const BaseUrl& base) {
  if (base.port > 0) return base.port;
  return base.scheme == "https" ? 443 : 80;
}

std::string workspace_id_problem(std::string_view workspace_id) {
  if (workspace_id.empty()) return "must not be empty";
  if (workspace_id == "." || workspace_id == "..") return "must not be '.' or '..'";
  if (has_control_char(workspace_id)) return "must not contain control characters (CR, LF, NUL...)";
  return {};
}

std::string percent_encode_segment(std::string_view segment) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(segment.size());
  for (const char c : segment) {
    const auto byte = static_cast<unsigned char>(c);
    if (is_unreserved(byte)) {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xFU];
    }
  }
  return out;
}

std::string events_url(const BaseUrl& base, std::string_view workspace_id) {
  return base.scheme + "://" + base.authority + base.path + "/workspaces/" +
         percent_encode_segment(workspace_id) + "/events";
}

}  // namespace flameup::detail
