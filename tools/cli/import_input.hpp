#pragma once
// The input of `flameup import`: a file or standard input, read line by line, with the hash
// of everything read so far (for the state file), and the skip of the lines an earlier run
// finished, checked against that run's hash.

#include <cstdint>
#include <fstream>
#include <istream>
#include <string>

#include "content_hash.hpp"
#include "import_state.hpp"

namespace flameup::cli {

class ImportInput {
 public:
  /// Opens @p path ("-": standard input). False (with @p error) if it cannot be read.
  bool open(const std::string& path, std::string& error);
  /// The number of lines of a regular file (a last line without a newline counts), or -1
  /// for standard input, a pipe or a device, which cannot be read twice.
  long count_lines() const;
  /// Reads past the first @p done.lines lines, checking that they hash to
  /// @p done.prefix_hash. False (with @p error) if the input is shorter or differs.
  bool skip_done(const ImportState& done, std::string& error);

  /// The next line (without its newline) into @p text; false at the end.
  bool next(std::string& text);
  /// 1-based number of the line next() returned last.
  long line() const { return line_; }
  /// The hash of the input up to and including that line (each line hashed with a '\n').
  std::uint64_t prefix_hash() const { return hash_; }

 private:
  std::string path_;
  std::ifstream file_;
  std::istream* in_ = nullptr;
  long line_ = 0;
  std::uint64_t hash_ = kEmptyHash;
};

}  // namespace flameup::cli
