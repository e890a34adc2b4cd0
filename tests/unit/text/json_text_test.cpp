#include "text/json_text.hpp"

#include <string>

#include <gtest/gtest.h>

using flameup::detail::json_text;
using nlohmann::json;

TEST(JsonText, StringsAreShownDecodedNeverReEscaped) {
  const auto value = json::parse(R"({"a\u0062": ["x\u0079", "back\\slash \"quoted\" \\u0052"],
                                     "n": 1.5, "t": true, "z": null})");
  EXPECT_EQ(json_text(value), R"({ab: xy; back\slash "quoted" \u0052, n: 1.5, t: true, z: null})");
  EXPECT_EQ(json_text(json("plain")), "plain");
  EXPECT_EQ(json_text(json::array()), "");
  EXPECT_EQ(json_text(json::object()), "{}");
}

TEST(JsonText, DeepNestingIsCutShort) {
  json value = "deep";
  for (int i = 0; i < 100000; ++i) value = json::array({std::move(value)});
  EXPECT_EQ(json_text(value), "...");
  value = json::parse(R"([[["three"]]])");
  EXPECT_EQ(json_text(value), "three");
}
