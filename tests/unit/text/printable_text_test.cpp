#include "text/printable_text.hpp"

#include <string>

#include <gtest/gtest.h>

#include "text/utf8.hpp"

using flameup::detail::is_printable_text;
using flameup::detail::is_valid_utf8;
using flameup::detail::printable_text;

TEST(PrintableText, PrintableTextIsKeptAsIs) {
  for (const std::string& text :
       {std::string(), std::string("plain ASCII, with \\ and \"quotes\""),
        std::string("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"),  // é, €, an emoji
        std::string("\xC2\xA0\xC2\xA9")}) {                        // U+00A0, U+00A9: after C1
    EXPECT_EQ(printable_text(text), text);
    EXPECT_TRUE(is_printable_text(text));
  }
}

TEST(PrintableText, ControlCharactersBecomeEscapes) {
  EXPECT_EQ(printable_text("a\r\nflameup [error] forged"), "a\\r\\nflameup [error] forged");
  EXPECT_EQ(printable_text("\x1b[31mred\x1b[0m\t\x7f"), "\\x1b[31mred\\x1b[0m\\t\\x7f");
  EXPECT_EQ(printable_text(std::string("nul\0end", 7)), "nul\\x00end");
  EXPECT_EQ(printable_text("\x1b]0;title\x07"), "\\x1b]0;title\\x07");
}

TEST(PrintableText, C1ControlsSeparatorsAndBidiOverridesBecomeEscapes) {
  EXPECT_EQ(printable_text("\xC2\x85next line"), "\\u0085next line");  // NEL
  EXPECT_EQ(printable_text("\xC2\x9B"
                           "31m"),
            "\\u009b31m");  // CSI
  EXPECT_EQ(printable_text("\xC2\x80\xC2\x9F"), "\\u0080\\u009f");
  EXPECT_EQ(printable_text("a\xE2\x80\xA8"
                           "b\xE2\x80\xA9"),
            "a\\u2028b\\u2029");
  EXPECT_EQ(printable_text("\xE2\x80\xAE"
                           "txt.exe"),
            "\\u202etxt.exe");                                                // RLO
  EXPECT_EQ(printable_text("\xE2\x81\xA6x\xE2\x81\xA9"), "\\u2066x\\u2069");  // LRI, PDI
}

TEST(PrintableText, InvalidUtf8BecomesByteEscapes) {
  EXPECT_EQ(printable_text("\xFF\xFE ok"), "\\xff\\xfe ok");
  EXPECT_EQ(printable_text("\xC3\x28"), "\\xc3(");               // a lead byte without its tail
  EXPECT_EQ(printable_text("cut \xE2\x82"), "cut \\xe2\\x82");   // truncated sequence
  EXPECT_EQ(printable_text("\xED\xA0\x80"), "\\xed\\xa0\\x80");  // a UTF-16 surrogate
  EXPECT_EQ(printable_text("\xC0\xAF"), "\\xc0\\xaf");           // overlong '/'
}

TEST(PrintableText, TheResultIsAlwaysPrintableUtf8) {
  std::string every_byte;
  for (int b = 0; b < 256; ++b) every_byte += static_cast<char>(b);
  for (const std::string& text :
       {every_byte, every_byte + "\xE2\x80\xAE", std::string("\xF4\x90\x80\x80")}) {
    const std::string shown = printable_text(text);
    EXPECT_TRUE(is_valid_utf8(shown));
    EXPECT_TRUE(is_printable_text(shown));
    EXPECT_FALSE(is_printable_text(text));
  }
}
