#include "text/printable_text.hpp"

#include <cstddef>
#include <cstdint>

#include "text/utf8.hpp"

namespace flameup::detail {
namespace {

constexpr char kHex[] = "0123456789abcdef";

std::uint32_t code_point(std::string_view sequence) noexcept {
  const auto byte = [&](std::size_t i) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(sequence[i]));
  };
  switch (sequence.size()) {
    case 1:
      return byte(0);
    case 2:
      return ((byte(0) & 0x1FU) << 6) | (byte(1) & 0x3FU);
    case 3:
      return ((byte(0) & 0x0FU) << 12) | ((byte(1) & 0x3FU) << 6) | (byte(2) & 0x3FU);
    default:
      return ((byte(0) & 0x07U) << 18) | ((byte(1) & 0x3FU) << 12) | ((byte(2) & 0x3FU) << 6) |
             (byte(3) & 0x3FU);
  }
}

bool is_shown_escaped(std::uint32_t c) noexcept {
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029 ||
         (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

void append_byte_escape(std::string& out, unsigned char byte) {
  switch (byte) {
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
    default:
      break;
  }
  out += "\\x";
  out += kHex[byte >> 4U];
  out += kHex[byte & 0xFU];
}

void append_code_point_escape(std::string& out, std::uint32_t c) {
  out += "\\u";
  for (int shift = 12; shift >= 0; shift -= 4)
    out += kHex[(c >> static_cast<unsigned>(shift)) & 0xFU];
}

}  // namespace

std::string printable_text(std::string_view raw) {
  if (is_printable_text(raw)) return std::string(raw);
  std::string out;
  out.reserve(raw.size() + 16);
  for (std::size_t i = 0; i < raw.size();) {
    const std::size_t length = utf8_sequence_length(raw, i);
    if (length == 0) {
      append_byte_escape(out, static_cast<unsigned char>(raw[i]));
      ++i;
      continue;
    }
    const std::string_view sequence = raw.substr(i, length);
    const std::uint32_t c = code_point(sequence);
    if (!is_shown_escaped(c)) {
      out += sequence;
    } else if (c < 0x80) {
      append_byte_escape(out, static_cast<unsigned char>(c));
    } else {
      append_code_point_escape(out, c);
    }
    i += length;
  }
  return out;
}

bool is_printable_text(std::string_view text) noexcept {
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte >= 0x20 && byte < 0x7F) {  // printable ASCII, the common case
      ++i;
      continue;
    }
    const std::size_t length = utf8_sequence_length(text, i);
    if (length == 0 || is_shown_escaped(code_point(text.substr(i, length)))) return false;
    i += length;
  }
  return true;
}

}  // namespace flameup::detail
