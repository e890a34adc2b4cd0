#include "error_text.hpp"

namespace flameup::cli {
namespace {

void append_escaped(std::string& out, unsigned char byte) {
  static constexpr char kHex[] = "0123456789abcdef";
  switch (byte) {
    case '\n': out += "\\n"; return;
    case '\r': out += "\\r"; return;
    case '\t': out += "\\t"; return;
    default: break;
  }
  out += "\\x";
  out += kHex[byte >> 4];
  out += kHex[byte & 0xFU];
}

// Drops a UTF-8 sequence the cut at the end of @p text split in two.
void drop_split_sequence(std::string& text) {
  std::size_t start = text.size();
  while (start > 0 && (static_cast<unsigned char>(text[start - 1]) & 0xC0U) == 0x80U) --start;
  if (start == 0) return;
  const auto lead = static_cast<unsigned char>(text[start - 1]);
  const std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  if (text.size() - (start - 1) < length) text.resize(start - 1);
}

}  // namespace

std::string printable(std::string_view text, std::size_t max) {
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) {
      append_escaped(out, byte);
    } else {
      out += c;
    }
  }
  if (out.size() > max) {
    out.resize(max);
    drop_split_sequence(out);
    out += "...";
  }
  return out;
}

std::string describe(const Error& error, int http_status) {
  std::string text = std::string(to_string(error.code)) + ": " + error.message;
  if (http_status != 0) text += " (HTTP " + std::to_string(http_status) + ")";
  for (const auto& [field, detail] : error.field_errors) {
    text.append("; ").append(field).append(": ").append(detail);
  }
  return printable(text);
}

}  // namespace flameup::cli
