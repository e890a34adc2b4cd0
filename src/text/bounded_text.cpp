#include "text/bounded_text.hpp"

#include "text/redactor.hpp"

namespace flameup::detail {

void bound_text(std::string& text, std::size_t max) {
  if (text.size() <= max) return;
  std::size_t cut = max;  // text[cut] is the first byte dropped
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0U) == 0x80U) --cut;
  if (is_key_spelling_char(text[cut])) {
    while (cut > 0 && is_key_spelling_char(text[cut - 1])) --cut;
  }
  text.resize(cut);
  text += "...";
}

}  // namespace flameup::detail
