#pragma once
// JSON from a server, shown as text to people. Never re-serialised as JSON: JSON escaping
// (a backslash doubled, a character written \uXXXX) would hide an echoed API key from
// redaction, which must see the decoded text.

#include <string>

#include <nlohmann/json.hpp>

namespace flameup::detail {

/// @p value as text: a string as it is (decoded), a number, boolean or null as JSON, an
/// array as its items joined with "; ", an object as `{name: value, ...}`. Nesting deeper
/// than a few levels shows as "...".
std::string json_text(const nlohmann::json& value);

/// The member @p name of @p object if it is a string, else "" (also when @p object is not an
/// object).
std::string string_member(const nlohmann::json& object, const char* name);

}  // namespace flameup::detail
