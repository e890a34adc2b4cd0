#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs what is missing, then builds and runs every
# test three times with warnings as errors: plain (dev, plus the package consumers, the Debian
# packages and the API docs), AddressSanitizer + UndefinedBehaviorSanitizer (asan), and
# ThreadSanitizer (tsan); then builds the library, CLI and unit tests with Clang + libc++
# (clang-libcxx) and runs those. Any failure or sanitizer report fails the run.
#
# A preset's tests mostly wait (on sockets, timers, child processes): while they run, the next
# preset builds, at a lower priority (nice) so that the tests keep the CPU they ask for.
# Usage: scripts/test.sh [preset...]   (default: dev asan tsan clang-libcxx)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh clang

presets=("$@")
[ ${#presets[@]} -gt 0 ] || presets=(dev asan tsan clang-libcxx)

build() {  # build PRESET [nice]: configure and build one preset
  local runner=() started=$SECONDS
  [ "${2:-}" = nice ] && runner=(nice -n 10)
  cmake --preset "$1" >/dev/null
  "${runner[@]}" cmake --build --preset "$1" || return
  echo "=== $1: built in $((SECONDS - started)) s"
}

run_tests() {  # run_tests PRESET LOG: runs the preset's tests; LOG gets the output and status
  local runner=()
  # ThreadSanitizer needs a low-entropy address space on kernels with high mmap randomness.
  if [ "$1" = tsan ] && setarch "$(uname -m)" -R true 2>/dev/null; then
    runner=(setarch "$(uname -m)" -R)
  fi
  local status=0 started=$SECONDS
  "${runner[@]}" ctest --preset "$1" -j2 >"$2" 2>&1 || status=$?
  echo "=== $1: tests ran in $((SECONDS - started)) s" >>"$2"
  echo "$status" >"$2.status"
}

passed=0 failed=0
fail() {
  echo "$1"
  echo "${passed} passed, $((failed > 0 ? failed : 1)) failed"
  exit 1
}

logs=$(mktemp -d)
tests_pid=""
cleanup() {
  [ -n "$tests_pid" ] && kill "$tests_pid" 2>/dev/null && wait "$tests_pid" 2>/dev/null
  rm -rf "$logs"
  return 0
}
trap cleanup EXIT

echo "=== ${presets[0]}: configure and build"
build "${presets[0]}" || fail "${presets[0]}: build failed"
for i in "${!presets[@]}"; do
  preset=${presets[$i]} next=${presets[$((i + 1))]:-}
  log=$logs/$preset
  echo "=== $preset: test"
  run_tests "$preset" "$log" &
  tests_pid=$!
  built=0
  if [ -n "$next" ]; then
    echo "=== $next: configure and build (while $preset's tests run)"
    build "$next" nice || built=$?
  fi
  wait "$tests_pid" || true
  tests_pid=""
  cat "$log"
  summary=$(grep -E 'tests passed, [0-9]+ tests failed out of [0-9]+' "$log" || true)
  total=$(sed -E 's/.* out of ([0-9]+).*/\1/' <<<"$summary")
  bad=$(sed -E 's/.*, ([0-9]+) tests failed.*/\1/' <<<"$summary")
  passed=$((passed + ${total:-0} - ${bad:-0})); failed=$((failed + ${bad:-0}))
  [ "$(cat "$log.status")" -eq 0 ] || fail "$preset: ctest failed"
  [ "$built" -eq 0 ] || fail "$next: build failed"
done
echo "${passed} passed, ${failed} failed (${SECONDS} s)"
