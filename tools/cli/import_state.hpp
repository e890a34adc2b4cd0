#pragma once
// The state file that makes `flameup import` resumable: how many leading lines of the input
// are done (each delivered, rejected, invalid or blank), a hash of those lines' bytes, and
// how they ended. A rerun skips those lines after checking that they are unchanged.
//
// Lines past that prefix may have been delivered too (outcomes arrive out of order): a rerun
// sends them again with the same per-line idempotency keys, and a de-duplicating server
// records them once.

#include <cstdint>
#include <optional>
#include <string>

#include "content_hash.hpp"

namespace flameup::cli {

struct ImportState {
  long lines = 0;                          ///< lines 1..lines are done
  std::uint64_t prefix_hash = kEmptyHash;  ///< hash_bytes over those lines, each with its '\n'
  long delivered = 0;
  long rejected = 0;
  long invalid = 0;  ///< not a valid event: never sent

  bool operator==(const ImportState& other) const {
    return lines == other.lines && prefix_hash == other.prefix_hash &&
           delivered == other.delivered && rejected == other.rejected && invalid == other.invalid;
  }
};

/// The state in @p path: nullopt with @p error empty when there is no such file, nullopt
/// with @p error set when it is unreadable or not a state file.
std::optional<ImportState> load_import_state(const std::string& path, std::string& error);

/// Replaces @p path with @p state atomically (a temporary file beside it, flushed to disk,
/// then renamed over it): a crash leaves either the old state or the new one. False (with
/// @p error) if it could not.
bool save_import_state(const std::string& path, const ImportState& state, std::string& error);

}  // namespace flameup::cli
