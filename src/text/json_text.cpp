#include "text/json_text.hpp"

namespace flameup::detail {
namespace {

// Deeper structures are not worth showing, and the recursion stays shallow whatever the
// server sends.
constexpr int kMaxDepth = 8;

void append_text(const nlohmann::json& value, int depth, std::string& out) {
  if (value.is_string()) {
    out += value.get_ref<const std::string&>();
    return;
  }
  if (!value.is_structured()) {
    out += value.dump();  // a number, boolean or null: no strings, so nothing escaped
    return;
  }
  if (depth >= kMaxDepth) {
    out += "...";
    return;
  }
  const bool object = value.is_object();
  if (object) out += '{';
  bool first = true;
  for (const auto& item : value.items()) {
    if (!first) out += object ? ", " : "; ";
    first = false;
    if (object) out.append(item.key()).append(": ");
    append_text(item.value(), depth + 1, out);
  }
  if (object) out += '}';
}

}  // namespace

std::string json_text(const nlohmann::json& value) {
  std::string out;
  append_text(value, 0, out);
  return out;
}

std::string string_member(const nlohmann::json& object, const char* name) {
  if (!object.is_object()) return {};
  const auto it = object.find(name);
  if (it == object.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

}  // namespace flameup::detail
