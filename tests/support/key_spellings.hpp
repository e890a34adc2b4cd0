#pragma once
// The ways a server can echo an API key back, for the tests that check none of them leaks:
// each spelling of a key, and a scan of any text for the key or any of those spellings.

#include <string>
#include <string_view>
#include <vector>

namespace flameup::testing {

/// Standard base64 (with padding) of @p bytes; `url` gives the URL-safe alphabet, unpadded.
std::string base64(std::string_view bytes, bool url = false);

/// One way of writing a key, and its name for failure messages.
struct KeySpelling {
  std::string name;
  std::string text;
};

/// @p key as is, in upper case, percent-encoded (all, and only its '_'), as `\uXXXX`, `\xXX`
/// and backslash-escaped characters, mixed, and base64/base64url of the texts an echoed
/// `Authorization` header holds (`Bearer <key>`, `<key>:` and `:<key>` as in Basic) at
/// every alignment. Every text is a plain JSON string value (no quote or control character),
/// and none contains the key verbatim except "raw".
std::vector<KeySpelling> key_spellings(const std::string& key);

/// @p spelling as a JSON string literal would carry it after JSON escaping: every character
/// written `\u00XX` (a JSON parser decodes it back to @p spelling).
std::string json_escaped(std::string_view spelling);

/// The first leak of @p key found in @p text, described, or "" when there is none. A leak is
/// any spelling of key_spellings() (case-insensitively), or any 12 characters in a row of
/// the key or of one of its spellings: a partial key is a leak too.
std::string find_key_leak(std::string_view text, const std::string& key);

/// The run of characters a key or its spellings are made of that @p text ends with (before
/// a final "..."), when it is the start of @p spelling: a key left in part at a cut. ""
/// otherwise. Catches what find_key_leak() cannot: a part shorter than 12 characters.
std::string cut_part_of(std::string_view text, std::string_view spelling);

}  // namespace flameup::testing
