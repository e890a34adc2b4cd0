#include "text/redactor.hpp"

#include <string>

#include <gtest/gtest.h>

#include "key_spellings.hpp"
#include "sentinel_key.hpp"

using flameup::detail::is_api_key_char;
using flameup::detail::Redactor;
using flameup::testing::base64;
using flameup::testing::key_spellings;
using flameup::testing::kSentinelKey;

namespace {

std::string redacted(const Redactor& redactor, std::string text) {
  redactor.redact(text);
  return text;
}

}  // namespace

TEST(Redactor, EverySpellingOfTheKeyIsReplacedWhole) {
  const Redactor redactor(kSentinelKey);
  for (const auto& spelling : key_spellings(kSentinelKey)) {
    EXPECT_EQ(redacted(redactor, "before " + spelling.text + " after"), "before [redacted] after")
        << spelling.name << ": " << spelling.text;
    EXPECT_EQ(redacted(redactor, spelling.text), "[redacted]") << spelling.name;
    // Glued to other text, several times.
    EXPECT_EQ(redacted(redactor, "(" + spelling.text + ")(" + spelling.text + ")"),
              "([redacted])([redacted])")
        << spelling.name;
  }
}

TEST(Redactor, Base64OfTheKeyAtAnyOffsetInTheEncodedText) {
  const Redactor redactor(kSentinelKey);
  for (std::size_t prefix = 0; prefix < 6; ++prefix) {
    const std::string header = std::string(prefix, 'u') + ":" + kSentinelKey + "!";
    for (const bool url : {false, true}) {
      const std::string encoded = base64(header, url);
      EXPECT_EQ(redacted(redactor, "Authorization: Basic " + encoded + ", sorry"),
                "Authorization: Basic [redacted], sorry")
          << prefix << " " << encoded;
    }
  }
}

TEST(Redactor, OnlyTheKeyIsReplaced) {
  const Redactor redactor(kSentinelKey);
  const std::string almost = kSentinelKey.substr(0, kSentinelKey.size() - 1);
  for (const std::string& text :
       {std::string("Invalid or missing API key"), almost, "%" + almost, std::string("\\u0077"),
        base64("Bearer " + almost), std::string("ws_test_"), std::string(),
        std::string("[redacted]"), std::string("\\"), std::string("%"), std::string("\\u00")}) {
    EXPECT_EQ(redacted(redactor, text), text);
  }
}

// A spelling may start with any letter case of the key's first character, or with an escape
// of it: each of these starts is looked at, whatever case the key itself was given in.
TEST(Redactor, ASpellingMayStartWithTheFirstCharacterInEitherCaseOrEscaped) {
  const Redactor redactor("Kx_secret_value1");
  for (const std::string& spelling :
       {std::string("Kx_secret_value1"), std::string("kX_SECRET_VALUE1"),
        std::string("%4bx_secret_value1"), std::string("\\u006Bx_secret_value1"),
        std::string("\\kx_secret_value1")}) {
    EXPECT_EQ(redacted(redactor, "<" + spelling + ">"), "<[redacted]>") << spelling;
    EXPECT_EQ(redacted(redactor, "Basic " + base64("u:" + spelling)), "Basic [redacted]") << spelling;
  }
  EXPECT_EQ(redacted(redactor, "jx_secret_value1"), "jx_secret_value1");
}

TEST(Redactor, AnEmptyKeyRedactsNothing) {
  EXPECT_EQ(redacted(Redactor(""), "anything at all"), "anything at all");
  EXPECT_EQ(redacted(Redactor(), ""), "");
}

// `\x78` spells an `x`, and so does `\x` alone: both readings are followed.
TEST(Redactor, AmbiguousEscapesAreFollowedBothWays) {
  const Redactor redactor("x78q.x");
  EXPECT_EQ(redacted(redactor, "<\\x78q.x>"), "<[redacted]>");    // `\x` then "78q.x"
  EXPECT_EQ(redacted(redactor, "<\\x7878q.x>"), "<[redacted]>");  // `\x78` then "78q.x"
}

TEST(Redactor, TheSecretPartOfAPrefixedKeyAlone) {
  const std::string secret = "0123456789abcdef0123456789abcdef";
  const Redactor redactor("ws_live_acme_x1y2." + secret);
  EXPECT_EQ(redacted(redactor, "secret " + secret + " echoed"), "secret [redacted] echoed");
  EXPECT_EQ(redacted(redactor, "key ws_live_acme_x1y2." + secret), "key [redacted]");
  // The prefix alone names the key without being secret; a short part is not redacted alone.
  EXPECT_EQ(redacted(redactor, "ws_live_acme_x1y2"), "ws_live_acme_x1y2");
  EXPECT_EQ(redacted(Redactor("ws_test_a.shortsecret"), "shortsecret"), "shortsecret");
}

TEST(Redactor, ApiKeyCharacters) {
  for (const char c : std::string("azAZ09._-")) EXPECT_TRUE(is_api_key_char(c)) << c;
  for (const char c : std::string(" %\\/+=:;\"'~@\x7f\x80\xff"))
    EXPECT_FALSE(is_api_key_char(c)) << c;
  EXPECT_FALSE(is_api_key_char('\0'));
}
