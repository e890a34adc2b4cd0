#pragma once
// Server text is copied into results, outcomes and log lines: it is kept bounded whatever the
// server sends, and a cut never leaves part of an encoded API key behind.

#include <cstddef>
#include <string>

namespace flameup::detail {

/// The longest server-supplied text kept in any field of a result, outcome or stats.
constexpr std::size_t kMaxTextBytes = 1024;

/// Cuts @p text to at most @p max bytes and appends "..." when it was longer. The cut never
/// splits a UTF-8 sequence, and never keeps the first part of a run of characters an encoded
/// key can be made of (is_key_spelling_char()): a key the Redactor could not see whole at the
/// cut must not survive in part. A text that is one such run up to the cut keeps nothing
/// before the "...".
void bound_text(std::string& text, std::size_t max = kMaxTextBytes);

}  // namespace flameup::detail
