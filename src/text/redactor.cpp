#include "text/redactor.hpp"

#include <algorithm>
#include <cstddef>

namespace flameup::detail {
namespace {

constexpr std::size_t kMinSecretPartChars = 16;
constexpr std::size_t kLongestSpelling = 6;  // `\uXXXX`

bool is_ascii_alnum(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

char lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

int hex_digit(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The value of the @p count hex digits at @p at, or -1 when they are not all there.
long hex_at(std::string_view text, std::size_t at, std::size_t count) noexcept {
  if (at > text.size() || text.size() - at < count) return -1;
  long value = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const int digit = hex_digit(text[at + i]);
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

// The lengths (as a bit set: bit n for n bytes) of the ways @p text spells the key character
// @p want at @p at: itself in either case, `%77`, `\w`, `\x77` or `\u0077`.
unsigned spellings(std::string_view text, std::size_t at, char want) noexcept {
  const auto spells = [want](long value) {
    return value >= 0 && value < 0x80 && lower(static_cast<char>(value)) == lower(want);
  };
  unsigned lengths = 0;
  const char c = text[at];
  if (lower(c) == lower(want)) lengths |= 1U << 1U;
  if (c == '%' && spells(hex_at(text, at + 1, 2))) lengths |= 1U << 3U;
  if (c == '\\' && at + 1 < text.size()) {
    const char next = text[at + 1];
    if (lower(next) == lower(want)) lengths |= 1U << 2U;
    if (next == 'x' && spells(hex_at(text, at + 2, 2))) lengths |= 1U << 4U;
    if ((next == 'u' || next == 'U') && spells(hex_at(text, at + 2, 4))) lengths |= 1U << 6U;
  }
  return lengths;
}

bool is_base64_char(char c) noexcept {
  return is_ascii_alnum(c) || c == '+' || c == '/' || c == '-' || c == '_';
}

unsigned base64_value(char c) noexcept {
  if (c >= 'A' && c <= 'Z') return static_cast<unsigned>(c - 'A');
  if (c >= 'a' && c <= 'z') return static_cast<unsigned>(c - 'a' + 26);
  if (c >= '0' && c <= '9') return static_cast<unsigned>(c - '0' + 52);
  return (c == '+' || c == '-') ? 62U : 63U;  // standard and URL-safe alphabets alike
}

// Decodes base64 (either alphabet, no padding); trailing bits that make no byte are dropped.
std::string base64_decode(std::string_view run) {
  std::string bytes;
  bytes.reserve(run.size() * 3 / 4);
  unsigned buffer = 0;
  unsigned bits = 0;
  for (const char c : run) {
    buffer = (buffer << 6U) | base64_value(c);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes += static_cast<char>((buffer >> bits) & 0xFFU);
    }
  }
  return bytes;
}

}  // namespace

bool is_api_key_char(char c) noexcept {
  return is_ascii_alnum(c) || c == '.' || c == '_' || c == '-';
}

bool is_key_spelling_char(char c) noexcept {
  return is_api_key_char(c) || c == '%' || c == '\\' || c == '+' || c == '/' || c == '=';
}

Redactor::Redactor(std::string_view api_key) {
  if (api_key.empty()) return;
  secrets_.emplace_back(api_key);
  const std::size_t dot = api_key.rfind('.');
  if (dot != std::string_view::npos && api_key.size() - dot - 1 >= kMinSecretPartChars) {
    secrets_.emplace_back(api_key.substr(dot + 1));
  }
}

void Redactor::redact(std::string& text) const {
  if (secrets_.empty() || text.empty()) return;
  redact_spellings(text);
  redact_base64(text);
}

std::size_t Redactor::spelling_end(std::string_view text, std::size_t at, std::string_view secret) {
  if (at >= text.size()) return std::string::npos;
  // The common case, cheaply: nothing can start here.
  const char c = text[at];
  if (c != '%' && c != '\\' && lower(c) != lower(secret.front())) return std::string::npos;
  if (spellings(text, at, secret.front()) == 0) return std::string::npos;
  // One place can start several spellings (`\x41` is an `A`, `\x` alone an escaped `x`):
  // follow every one of them. The sets are reused: most starts fail within a character or
  // two, and allocating for each would cost more than the matching.
  thread_local std::vector<std::size_t> ends;
  thread_local std::vector<std::size_t> next;
  ends.assign(1, at);
  for (const char want : secret) {
    next.clear();
    for (const std::size_t from : ends) {
      if (from >= text.size()) continue;
      const unsigned lengths = spellings(text, from, want);
      for (std::size_t length = 1; length <= kLongestSpelling; ++length) {
        const std::size_t end = from + length;
        if (((lengths >> length) & 1U) != 0 &&
            std::find(next.begin(), next.end(), end) == next.end()) {
          next.push_back(end);
        }
      }
    }
    if (next.empty()) return std::string::npos;
    ends.swap(next);
  }
  return *std::max_element(ends.begin(), ends.end());
}

bool Redactor::contains_secret(std::string_view text) const {
  for (std::size_t at = 0; at < text.size(); ++at) {
    for (const auto& secret : secrets_) {
      if (spelling_end(text, at, secret) != std::string::npos) return true;
    }
  }
  return false;
}

void Redactor::redact_spellings(std::string& text) const {
  std::string out;
  std::size_t copied = 0;
  for (std::size_t at = 0; at < text.size();) {
    std::size_t end = std::string::npos;
    for (const auto& secret : secrets_) {
      const std::size_t e = spelling_end(text, at, secret);
      if (e != std::string::npos && (end == std::string::npos || e > end)) end = e;
    }
    if (end == std::string::npos) {
      ++at;
      continue;
    }
    out.append(text, copied, at - copied).append(kMark);
    at = copied = end;
  }
  if (copied == 0) return;
  out.append(text, copied, std::string::npos);
  text.swap(out);
}

void Redactor::redact_base64(std::string& text) const {
  std::size_t shortest = std::string::npos;
  for (const auto& secret : secrets_) shortest = std::min(shortest, secret.size());
  const std::size_t min_run = shortest * 4 / 3;
  if (text.size() < min_run) return;
  std::string out;
  std::size_t copied = 0;
  for (std::size_t at = 0; at < text.size();) {
    if (!is_base64_char(text[at])) {
      ++at;
      continue;
    }
    std::size_t end = at;
    while (end < text.size() && is_base64_char(text[end])) ++end;
    const std::string_view run(text.data() + at, end - at);
    while (end < text.size() && text[end] == '=') ++end;
    bool hides_secret = false;
    // The key may start anywhere in the encoded text: one of the four alignments decodes it.
    for (std::size_t offset = 0; offset < 4 && !hides_secret && run.size() >= min_run; ++offset) {
      hides_secret = contains_secret(base64_decode(run.substr(std::min(offset, run.size()))));
    }
    if (hides_secret) {
      out.append(text, copied, at - copied).append(kMark);
      copied = end;
    }
    at = end;
  }
  if (copied == 0) return;
  out.append(text, copied, std::string::npos);
  text.swap(out);
}

}  // namespace flameup::detail
