#include "text/utf8.hpp"

#include <cstddef>

namespace flameup::detail {
namespace {

bool is_continuation(unsigned char byte) noexcept { return (byte & 0xC0U) == 0x80U; }

// Length of the sequence led by @p lead and the allowed range of its second byte (which is
// where overlongs, surrogates and values above U+10FFFF are excluded); 0 for an invalid lead.
struct LeadInfo {
  std::size_t length;
  unsigned char second_min;
  unsigned char second_max;
};

LeadInfo lead_info(unsigned char lead) noexcept {
  if (lead >= 0xC2 && lead <= 0xDF) return {2, 0x80, 0xBF};
  if (lead == 0xE0) return {3, 0xA0, 0xBF};                 // no overlong 3-byte forms
  if (lead >= 0xE1 && lead <= 0xEC) return {3, 0x80, 0xBF};
  if (lead == 0xED) return {3, 0x80, 0x9F};                 // no UTF-16 surrogates
  if (lead >= 0xEE && lead <= 0xEF) return {3, 0x80, 0xBF};
  if (lead == 0xF0) return {4, 0x90, 0xBF};                 // no overlong 4-byte forms
  if (lead >= 0xF1 && lead <= 0xF3) return {4, 0x80, 0xBF};
  if (lead == 0xF4) return {4, 0x80, 0x8F};                 // nothing above U+10FFFF
  return {0, 0, 0};
}

}  // namespace

std::size_t utf8_sequence_length(std::string_view text, std::size_t at) noexcept {
  if (at >= text.size()) return 0;
  const auto lead = static_cast<unsigned char>(text[at]);
  if (lead < 0x80) return 1;
  const LeadInfo info = lead_info(lead);
  if (info.length == 0 || text.size() - at < info.length) return 0;
  const auto second = static_cast<unsigned char>(text[at + 1]);
  if (second < info.second_min || second > info.second_max) return 0;
  for (std::size_t k = 2; k < info.length; ++k) {
    if (!is_continuation(static_cast<unsigned char>(text[at + k]))) return 0;
  }
  return info.length;
}

bool is_valid_utf8(std::string_view text) noexcept {
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = utf8_sequence_length(text, i);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

}  // namespace flameup::detail
