#pragma once
// The stable hash behind `flameup import`'s idempotency keys and its state file's check that
// the input did not change: 64-bit FNV-1a, chosen because it is fully specified (the same on
// every machine and build, unlike std::hash) and needs no library. It is no defence against
// an adversary: a key only has to tell one line of a file from another.

#include <cstdint>
#include <string>
#include <string_view>

namespace flameup::cli {

/// FNV-1a's offset basis: the hash of no bytes.
constexpr std::uint64_t kEmptyHash = 14695981039346656037ULL;

/// Continues the FNV-1a hash @p state over @p bytes.
std::uint64_t hash_bytes(std::string_view bytes, std::uint64_t state = kEmptyHash) noexcept;

/// The 16 lower-case hex digits of @p value.
std::string hex64(std::uint64_t value);

/// The idempotency key of line @p line (1-based) whose bytes, without the newline, are
/// @p text: "L<line>-<hex64(hash_bytes(text))>", at most 28 characters. The same line at the
/// same position of any file gets the same key, so a rerun is recorded once.
std::string line_key(long line, std::string_view text);

}  // namespace flameup::cli
