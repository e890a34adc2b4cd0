#pragma once
// A fresh directory under the system's temporary directory, removed with everything in it
// when the object goes away.

#include <string>

namespace flameup::testing {

class TempDirectory {
 public:
  TempDirectory();
  ~TempDirectory();
  TempDirectory(const TempDirectory&) = delete;
  TempDirectory& operator=(const TempDirectory&) = delete;

  const std::string& path() const noexcept { return path_; }
  /// path() + "/" + @p name.
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace flameup::testing
