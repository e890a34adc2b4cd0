#pragma once
// A hint to the CPU: bring a cache line in now, for writing, because this thread writes it
// soon. The hint reads nothing and never faults, whatever the address (memory another thread
// owns, or memory already freed): only the pointer itself must be valid to hold.

namespace flameup::detail {

/// The line size the hints assume (every x86-64 and most ARM64 cores).
constexpr unsigned kCacheLineBytes = 64;

/// Asks for the cache line holding @p address; does nothing for nullptr.
inline void prefetch_for_write(const void* address) noexcept {
#if defined(__GNUC__) || defined(__clang__)
  if (address != nullptr) __builtin_prefetch(address, 1);
#else
  (void)address;
#endif
}

}  // namespace flameup::detail
