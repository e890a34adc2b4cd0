#pragma once
// UTF-8 well-formedness (RFC 3629): the server's JSON parser rejects anything else, so the
// SDK refuses it before any I/O instead of sending a body the server cannot read.

#include <cstddef>
#include <string_view>

namespace flameup::detail {

/// True when @p text is well-formed UTF-8: no overlong forms, no surrogates, nothing above
/// U+10FFFF, no truncated sequences.
bool is_valid_utf8(std::string_view text) noexcept;

/// The length (1 to 4) of the well-formed UTF-8 sequence that starts at @p at in @p text, or
/// 0 when the bytes there are not one (a stray continuation byte, a truncated sequence...).
std::size_t utf8_sequence_length(std::string_view text, std::size_t at) noexcept;

}  // namespace flameup::detail
