#pragma once
// Which sanitizer runtime this test program is built with. GCC announces one with
// __SANITIZE_ADDRESS__ / __SANITIZE_THREAD__; Clang (up to 19 at least) defines neither and
// answers __has_feature instead. FLAMEUP_TEST_ASAN and FLAMEUP_TEST_TSAN are 1 under the
// matching sanitizer, 0 otherwise.

#if defined(__SANITIZE_ADDRESS__)
#define FLAMEUP_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FLAMEUP_TEST_ASAN 1
#endif
#endif
#ifndef FLAMEUP_TEST_ASAN
#define FLAMEUP_TEST_ASAN 0
#endif

#if defined(__SANITIZE_THREAD__)
#define FLAMEUP_TEST_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define FLAMEUP_TEST_TSAN 1
#endif
#endif
#ifndef FLAMEUP_TEST_TSAN
#define FLAMEUP_TEST_TSAN 0
#endif

// 1 where the sanitizer runtimes lock themselves around fork() and follow the threads a
// forked child of a multi-threaded process starts: Clang 19's, under which this suite's fork
// tests were run and passed (the asan and tsan presets use it; earlier Clangs are untried).
// GCC 12's do neither.
#if defined(__clang__) && __clang_major__ >= 19
#define FLAMEUP_TEST_FORK_SAFE_SANITIZERS 1
#else
#define FLAMEUP_TEST_FORK_SAFE_SANITIZERS 0
#endif
