#include "key_spellings.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <mutex>
#include <unordered_map>

#include "text/redactor.hpp"

namespace flameup::testing {
namespace {

constexpr std::size_t kLeakWindow = 12;

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string each_char(std::string_view text, const char* format) {
  std::string out;
  for (const char c : text) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, format,
                  static_cast<unsigned>(static_cast<unsigned char>(c)));
    out += buffer;
  }
  return out;
}

}  // namespace

std::string base64(std::string_view bytes, bool url) {
  const char* alphabet = url ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
                             : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (const char c : bytes) {
    buffer = (buffer << 8U) | static_cast<unsigned char>(c);
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += alphabet[(buffer >> static_cast<unsigned>(bits)) & 0x3FU];
    }
  }
  if (bits > 0) out += alphabet[(buffer << static_cast<unsigned>(6 - bits)) & 0x3FU];
  if (!url) out.append((4 - out.size() % 4) % 4, '=');
  return out;
}

std::string json_escaped(std::string_view spelling) { return each_char(spelling, "\\u%04x"); }

std::vector<KeySpelling> key_spellings(const std::string& key) {
  std::string upper = key;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::string underscores_encoded;
  for (const char c : key) underscores_encoded += c == '_' ? std::string("%5F") : std::string(1, c);
  const std::size_t half = key.size() / 2;
  std::vector<KeySpelling> spellings = {
      {"raw", key},
      {"upper case", upper},
      {"percent-encoded", each_char(key, "%%%02X")},
      {"percent-encoded, lower-case hex", each_char(key, "%%%02x")},
      {"'_' percent-encoded", underscores_encoded},
      {"\\u escapes", each_char(key, "\\u%04x")},
      {"\\x escapes", each_char(key, "\\x%02x")},
      {"backslash before each character", each_char(key, "\\%c")},
      {"mixed", key.substr(0, half) + "\\u" + each_char(key.substr(half, 1), "%04x") +
                    each_char(key.substr(half + 1, 3), "%%%02X") + key.substr(half + 4)},
  };
  for (const std::string& header :
       {"Bearer " + key, key + ":", ":" + key, "x:" + key, "xy:" + key}) {
    spellings.push_back({"base64 of '" + header + "'", base64(header)});
    spellings.push_back({"base64url of '" + header + "'", base64(header, true)});
  }
  return spellings;
}

namespace {

// Every 12-character window of every spelling (lower case), with the spelling's name;
// spellings shorter than that whole. Built once per key: scans then cost a hash look-up per
// position of the text.
struct LeakWindows {
  std::unordered_map<std::string, std::string> names;
  std::size_t shortest = kLeakWindow;
};

const LeakWindows& leak_windows(const std::string& key) {
  static std::mutex mutex;
  static std::map<std::string, LeakWindows> by_key;
  std::lock_guard<std::mutex> lock(mutex);
  auto [it, inserted] = by_key.try_emplace(key);
  if (inserted) {
    for (const auto& spelling : key_spellings(key)) {
      const std::string text = lower(spelling.text);
      const std::size_t window = std::min(kLeakWindow, text.size());
      it->second.shortest = std::min(it->second.shortest, window);
      for (std::size_t at = 0; at + window <= text.size(); ++at) {
        it->second.names.emplace(text.substr(at, window), spelling.name);
      }
    }
  }
  return it->second;
}

}  // namespace

std::string find_key_leak(std::string_view text, const std::string& key) {
  const LeakWindows& windows = leak_windows(key);
  const std::string haystack = lower(text);
  for (std::size_t window = windows.shortest; window <= kLeakWindow; ++window) {
    for (std::size_t at = 0; at + window <= haystack.size(); ++at) {
      const auto found = windows.names.find(haystack.substr(at, window));
      if (found != windows.names.end()) return found->second + " (\"" + found->first + "\" found)";
    }
  }
  return {};
}

std::string cut_part_of(std::string_view text, std::string_view spelling) {
  if (text.size() >= 3 && text.substr(text.size() - 3) == "...") text.remove_suffix(3);
  std::size_t start = text.size();
  while (start > 0 && detail::is_key_spelling_char(text[start - 1])) --start;
  const std::string_view run = text.substr(start);
  return !run.empty() && spelling.substr(0, run.size()) == run ? std::string(run) : std::string();
}

}  // namespace flameup::testing
