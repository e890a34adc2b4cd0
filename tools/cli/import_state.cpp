#include "import_state.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace flameup::cli {
namespace {

constexpr const char kFormat[] = "flameup-import-state 1";
// No count in a state file may exceed this: a larger one is a damaged file.
constexpr long kMaxCount = 1'000'000'000'000L;

bool count_field(const nlohmann::json& json, const char* name, long& out) {
  const auto it = json.find(name);
  if (it == json.end() || !it->is_number_integer()) return false;
  const auto value = it->get<std::int64_t>();
  if (value < 0 || value > kMaxCount) return false;
  out = static_cast<long>(value);
  return true;
}

std::optional<ImportState> parse_state(const std::string& text) {
  const auto json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object() || json.value("format", "") != kFormat) return std::nullopt;
  ImportState state;
  const std::string hash = json.value("prefix_hash", "");
  if (hash.size() != 16 || hash.find_first_not_of("0123456789abcdef") != std::string::npos) {
    return std::nullopt;
  }
  state.prefix_hash = std::stoull(hash, nullptr, 16);
  if (!count_field(json, "lines", state.lines) ||
      !count_field(json, "delivered", state.delivered) ||
      !count_field(json, "rejected", state.rejected) ||
      !count_field(json, "invalid", state.invalid) ||
      state.delivered + state.rejected + state.invalid > state.lines) {
    return std::nullopt;
  }
  return state;
}

bool write_all(int fd, const std::string& text) {
  std::size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    written += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

std::optional<ImportState> load_import_state(const std::string& path, std::string& error) {
  error.clear();
  std::ifstream file(path);
  if (!file) {
    if (::access(path.c_str(), F_OK) == 0) error = "cannot read the state file " + path;
    return std::nullopt;
  }
  std::ostringstream text;
  text << file.rdbuf();
  auto state = parse_state(text.str());
  if (!state) error = path + " is not a flameup import state file";
  return state;
}

bool save_import_state(const std::string& path, const ImportState& state, std::string& error) {
  const nlohmann::json json = {{"format", kFormat},
                               {"lines", state.lines},
                               {"prefix_hash", hex64(state.prefix_hash)},
                               {"delivered", state.delivered},
                               {"rejected", state.rejected},
                               {"invalid", state.invalid}};
  const std::string temporary = path + ".tmp";
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    error = "cannot write the state file " + temporary + ": " + std::strerror(errno);
    return false;
  }
  const bool written = write_all(fd, json.dump() + "\n") && ::fsync(fd) == 0;
  const int saved_errno = errno;
  ::close(fd);
  if (!written || ::rename(temporary.c_str(), path.c_str()) != 0) {
    error =
        "cannot write the state file " + path + ": " + std::strerror(written ? errno : saved_errno);
    ::unlink(temporary.c_str());
    return false;
  }
  return true;
}

}  // namespace flameup::cli
