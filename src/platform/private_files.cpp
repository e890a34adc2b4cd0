#include "platform/private_files.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace flameup::detail {
namespace {

bool is_directory(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

}  // namespace

std::string make_directories(const std::string& path, unsigned mode) {
  if (path.empty()) return "the path is empty";
  if (is_directory(path)) return {};
  const auto slash = path.find_last_of('/', path.size() > 1 ? path.size() - 2 : 0);
  if (slash != std::string::npos && slash > 0) {
    if (std::string why = make_directories(path.substr(0, slash), mode); !why.empty()) return why;
  }
  if (::mkdir(path.c_str(), static_cast<mode_t>(mode)) != 0 && errno != EEXIST) {
    return "cannot create " + path + ": " + std::strerror(errno);
  }
  return is_directory(path) ? std::string() : path + " is not a directory";
}

std::string create_private_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return "cannot create " + path + ": " + std::strerror(errno);
  ::close(fd);
  return {};
}

std::string move_file(const std::string& from, const std::string& to) {
  if (std::rename(from.c_str(), to.c_str()) != 0 && errno != ENOENT) {
    return "cannot rename " + from + ": " + std::strerror(errno);
  }
  return {};
}

}  // namespace flameup::detail
