#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs what is missing, then builds and runs every
# test three times with warnings as errors: plain (dev, plus the package consumers),
# AddressSanitizer + UndefinedBehaviorSanitizer (asan), and ThreadSanitizer (tsan); then
# builds the library, CLI and unit tests with Clang + libc++ (clang-libcxx) and runs those.
# Any failure or sanitizer report fails the run.
# Usage: scripts/test.sh [preset...]   (default: dev asan tsan clang-libcxx)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh clang

presets=("$@")
[ ${#presets[@]} -gt 0 ] || presets=(dev asan tsan clang-libcxx)

passed=0 failed=0
for preset in "${presets[@]}"; do
  echo "=== $preset: configure and build"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset"
  echo "=== $preset: test"
  runner=()
  # ThreadSanitizer needs a low-entropy address space on kernels with high mmap randomness.
  if [ "$preset" = tsan ] && setarch "$(uname -m)" -R true 2>/dev/null; then
    runner=(setarch "$(uname -m)" -R)
  fi
  log=$(mktemp)
  set +e
  "${runner[@]}" ctest --preset "$preset" -j2 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  set -e
  summary=$(grep -E 'tests passed, [0-9]+ tests failed out of [0-9]+' "$log" || true)
  rm -f "$log"
  total=$(sed -E 's/.* out of ([0-9]+).*/\1/' <<<"$summary")
  bad=$(sed -E 's/.*, ([0-9]+) tests failed.*/\1/' <<<"$summary")
  passed=$((passed + ${total:-0} - ${bad:-0})); failed=$((failed + ${bad:-0}))
  if [ "$status" -ne 0 ]; then
    echo "$preset: ctest failed"
    echo "${passed} passed, $((failed > 0 ? failed : 1)) failed"
    exit 1
  fi
done
echo "${passed} passed, ${failed} failed"
