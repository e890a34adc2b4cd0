#pragma once
// Text from a server is shown to people (log lines, terminals, dashboards). Before it goes
// anywhere, everything that could steer a terminal or forge a line is made visible instead.

#include <string>
#include <string_view>

namespace flameup::detail {

/// @p raw as printable, well-formed UTF-8 with no line breaks:
/// - C0 controls and DEL become `\n`, `\r`, `\t` or `\xNN` (so CR/LF cannot start a forged
///   log line, and ESC cannot start a terminal escape sequence);
/// - C1 controls (U+0080-U+009F), the Unicode line/paragraph separators (U+2028, U+2029) and
///   the bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069) become `\uXXXX`;
/// - each byte that is not part of well-formed UTF-8 becomes `\xNN`.
/// Everything else, multi-byte characters included, is kept. A backslash is kept as is: the
/// result is meant to be safe to show, not to be decoded back.
std::string printable_text(std::string_view raw);

/// True when printable_text(@p text) would return @p text unchanged.
bool is_printable_text(std::string_view text) noexcept;

}  // namespace flameup::detail
