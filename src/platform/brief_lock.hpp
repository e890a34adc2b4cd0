#pragma once
// Taking a mutex that its other user holds only for moments (short in-memory work, no I/O): a
// thread that finds it taken spins through such a moment instead of being put to sleep at
// once, as std::mutex does. A sleep and the wake-up after it made such calls some of the
// slowest the caller saw; the spin is bounded, then the thread waits as usual.

#include <mutex>

namespace flameup::detail {

/// Tells the CPU that this thread is spinning (it yields the core's shared resources).
inline void spin_pause() noexcept {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

/// Locks @p mu, trying it up to kSpins times (a CPU pause between tries) before waiting.
inline std::unique_lock<std::mutex> lock_briefly_held(std::mutex& mu) {
  constexpr int kSpins = 256;
  for (int i = 0; i < kSpins; ++i) {
    if (mu.try_lock()) return std::unique_lock<std::mutex>(mu, std::adopt_lock);
    spin_pause();
  }
  return std::unique_lock<std::mutex>(mu);
}

}  // namespace flameup::detail
