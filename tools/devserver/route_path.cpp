#include "route_path.hpp"

namespace flameup::devserver::detail {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

constexpr const char kPrefix[] = "/api/v1/workspaces/";
constexpr const char kSuffix[] = "/events";

}  // namespace

std::optional<std::string> percent_decode(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size()) return std::nullopt;
    const int high = hex_value(text[i + 1]);
    const int low = hex_value(text[i + 2]);
    if (high < 0 || low < 0) return std::nullopt;
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return out;
}

std::optional<std::string> workspace_from_target(const std::string& target) {
  const std::string path = target.substr(0, target.find('?'));
  const std::string prefix = kPrefix;
  const std::string suffix = kSuffix;
  if (path.size() <= prefix.size() + suffix.size()) return std::nullopt;
  if (path.compare(0, prefix.size(), prefix) != 0) return std::nullopt;
  if (path.compare(path.size() - suffix.size(), suffix.size(), suffix) != 0) return std::nullopt;
  const std::string segment =
      path.substr(prefix.size(), path.size() - prefix.size() - suffix.size());
  // A raw "/" means more than one segment: not this route.
  if (segment.find('/') != std::string::npos) return std::nullopt;
  auto decoded = percent_decode(segment);
  if (!decoded || decoded->empty()) return std::nullopt;
  return decoded;
}

}  // namespace flameup::devserver::detail
