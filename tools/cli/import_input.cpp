#include "import_input.hpp"

#include <sys/stat.h>

#include <iostream>

namespace flameup::cli {

bool ImportInput::open(const std::string& path, std::string& error) {
  path_ = path;
  if (path == "-") {
    in_ = &std::cin;
    return true;
  }
  file_.open(path, std::ios::binary);
  if (!file_) {
    error = "cannot read " + path;
    return false;
  }
  in_ = &file_;
  return true;
}

long ImportInput::count_lines() const {
  struct stat info {};
  if (path_ == "-" || ::stat(path_.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) return -1;
  std::ifstream file(path_, std::ios::binary);
  long lines = 0;
  char last = '\n';
  char buffer[64 * 1024];
  while (file.read(buffer, sizeof buffer) || file.gcount() > 0) {
    const auto count = static_cast<std::size_t>(file.gcount());
    for (std::size_t i = 0; i < count; ++i) lines += buffer[i] == '\n';
    last = buffer[count - 1];
  }
  return lines + (last != '\n');
}

bool ImportInput::skip_done(const ImportState& done, std::string& error) {
  std::string text;
  while (line_ < done.lines) {
    if (!next(text)) {
      error = "the input has fewer lines (" + std::to_string(line_) +
              ") than the state file says were done (" + std::to_string(done.lines) + ")";
      return false;
    }
  }
  if (hash_ != done.prefix_hash) {
    error = "the first " + std::to_string(done.lines) +
            " lines of the input changed since the state file was written";
    return false;
  }
  return true;
}

bool ImportInput::next(std::string& text) {
  if (!std::getline(*in_, text)) return false;
  ++line_;
  hash_ = hash_bytes("\n", hash_bytes(text, hash_));
  return true;
}

}  // namespace flameup::cli
