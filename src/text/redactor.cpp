#include "text/redactor.hpp"

#include <algorithm>
#include <array>
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

// Each byte's 6-bit value in base64 (the standard and URL-safe alphabets alike), or -1 when
// it is in neither. A table: every result and log line is scanned for runs of these.
struct Base64Table {
  std::array<signed char, 256> value{};
  constexpr Base64Table() {
    for (auto& v : value) v = -1;
    for (int i = 0; i < 26; ++i) {
      value[static_cast<std::size_t>('A' + i)] = static_cast<signed char>(i);
      value[static_cast<std::size_t>('a' + i)] = static_cast<signed char>(26 + i);
    }
    for (int i = 0; i < 10; ++i) value[static_cast<std::size_t>('0' + i)] = static_cast<signed char>(52 + i);
    value['+'] = value['-'] = 62;
    value['/'] = value['_'] = 63;
  }
};
constexpr Base64Table kBase64;

int base64_value(char c) noexcept { return kBase64.value[static_cast<unsigned char>(c)]; }

bool is_base64_char(char c) noexcept { return base64_value(c) >= 0; }

// Decodes base64 (either alphabet, no padding) into @p bytes, replacing what it held; trailing
// bits that make no byte are dropped. @p run holds base64 characters only.
void base64_decode(std::string_view run, std::string& bytes) {
  bytes.resize(run.size() * 3 / 4);
  char* out = bytes.data();
  unsigned buffer = 0;
  unsigned bits = 0;
  for (const char c : run) {
    buffer = (buffer << 6U) | static_cast<unsigned>(base64_value(c));
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      *out++ = static_cast<char>((buffer >> bits) & 0xFFU);
    }
  }
  bytes.resize(static_cast<std::size_t>(out - bytes.data()));
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
  starts_['%'] = starts_['\\'] = true;
  for (const auto& secret : secrets_) {
    const char first = lower(secret.front());
    starts_[static_cast<unsigned char>(first)] = true;
    if (first >= 'a' && first <= 'z') starts_[static_cast<unsigned char>(first - 'a' + 'A')] = true;
  }
}

bool Redactor::may_start(char c) const noexcept { return starts_[static_cast<unsigned char>(c)]; }

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
    if (!may_start(text[at])) continue;
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
    if (!may_start(text[at])) {
      ++at;
      continue;
    }
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
  // Reused for every decoding on this thread: results and log lines pass through here on
  // every request, and most runs decode to nothing of interest.
  thread_local std::string decoded;
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
      base64_decode(run.substr(std::min(offset, run.size())), decoded);
      hides_secret = contains_secret(decoded);
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
