#pragma once
// Defence in depth for "the API key never leaks": the SDK writes the key only into the
// Authorization header, but a server or proxy may echo that header back, in an error body or
// a header, raw or encoded. Every string the SDK hands out (results, outcomes, stats, log
// lines) passes through a Redactor first.
//
// validate() accepts only keys made of is_api_key_char() characters. For such a key the
// Redactor finds every spelling a server can produce with the usual encodings, mixed freely
// inside one occurrence and in any letter case: the key as is; percent-encoded (`%77`);
// backslash escapes (`\u0077`, `\x77`, `\w`) as left by JSON, C or a re-serialisation; and
// base64 or base64url of a text that contains it (an echoed `Basic` or `Bearer` header).
// Strings from JSON bodies are decoded by the JSON parser before they get here.

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace flameup::detail {

/// The characters an API key may hold: ASCII letters, digits, '.', '_' and '-'. Real keys
/// look like `ws_live_<workspace>_<random>.<64 hex>`.
bool is_api_key_char(char c) noexcept;

/// The characters any spelling the Redactor recognises is made of: the key characters plus
/// '%', '\\', '+', '/' and '='. A text cut in the middle of a run of them may have cut an
/// encoded key in two, so cuts never keep part of such a run (see bound_text()).
bool is_key_spelling_char(char c) noexcept;

class Redactor {
 public:
  /// What replaces the key.
  static constexpr std::string_view kMark = "[redacted]";

  /// An empty @p api_key redacts nothing. When the key has the `{prefix}.{secret}` form,
  /// its secret part alone (16 characters or more after the last '.') is redacted as well.
  explicit Redactor(std::string_view api_key = {});

  /// Replaces every spelling of the key in @p text with kMark.
  void redact(std::string& text) const;

 private:
  /// End of the longest spelling of @p secret that starts at @p at in @p text, or npos.
  static std::size_t spelling_end(std::string_view text, std::size_t at, std::string_view secret);
  /// False when no spelling of any secret can start with @p c (the common case, decided by a
  /// table rather than by trying each secret).
  bool may_start(char c) const noexcept;
  /// True when @p text holds a spelling of any secret.
  bool contains_secret(std::string_view text) const;
  void redact_spellings(std::string& text) const;
  void redact_base64(std::string& text) const;

  std::vector<std::string> secrets_;
  std::array<bool, 256> starts_{};  // by unsigned char: may_start()
};

}  // namespace flameup::detail
