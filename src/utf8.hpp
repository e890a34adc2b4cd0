#pragma once
// UTF-8 well-formedness (RFC 3629): the server's JSON parser rejects anything else, so the
// SDK refuses it before any I/O instead of sending a body the server cannot read.

#include <string_view>

namespace flameup::detail {

/// True when @p text is well-formed UTF-8: no overlong forms, no surrogates, nothing above
/// U+10FFFF, no truncated sequences.
bool is_valid_utf8(std::string_view text) noexcept;

}  // namespace flameup::detail
