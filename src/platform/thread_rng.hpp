#pragma once
// A per-thread random engine for idempotency keys and backoff jitter: no lock, no system
// call in the common case, reseeded after fork() so a child never repeats its parent's keys.

#include <random>

namespace flameup::detail {

/// The calling thread's generator, seeded from std::random_device on first use (and again in
/// a forked child). May throw if std::random_device has no entropy source.
std::mt19937_64& thread_rng();

}  // namespace flameup::detail
