#pragma once
// Files only this user may read: the durable store lives in a 0700 directory, its files are
// created 0600. The POSIX calls live in private_files.cpp and nowhere else.

#include <string>

namespace flameup::detail {

/// Creates @p path (and missing parents) with @p mode when absent. Returns "" or the reason.
std::string make_directories(const std::string& path, unsigned mode);

/// Creates @p path empty with mode 0600 unless it exists. Returns "" or the reason.
std::string create_private_file(const std::string& path);

/// Renames @p from to @p to when @p from exists. Returns "" (also when absent) or the reason.
std::string move_file(const std::string& from, const std::string& to);

}  // namespace flameup::detail
