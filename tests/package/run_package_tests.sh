#!/usr/bin/env bash
# Installs the SDK built in BUILD_DIR into a temporary prefix, then builds and runs two
# consumers: one with find_package (plus a pkg-config compile), one with add_subdirectory.
# Usage: run_package_tests.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
src=$1 build=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake --install "$build" --prefix "$work/prefix" >/dev/null

# Public headers must not expose the transport.
if grep -rnE 'curl|httplib' "$work/prefix/include/flameup"; then
  echo "FAIL: installed headers mention curl/httplib" >&2; exit 1
fi

cmake -S "$src/tests/package/find_package" -B "$work/fp" -G Ninja \
  -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/fp" >/dev/null
"$work/fp/consumer"

cmake -S "$src/tests/package/subdirectory" -B "$work/sub" -G Ninja \
  -DFLAMEUP_SOURCE_DIR="$src" >/dev/null
cmake --build "$work/sub" >/dev/null
"$work/sub/consumer"

# pkg-config consumers: compile and link the same program from the .pc file alone.
export PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig:$work/prefix/lib/x86_64-linux-gnu/pkgconfig"
# shellcheck disable=SC2046
c++ -std=c++17 -o "$work/pc_consumer" "$src/tests/package/consumer.cpp" \
  $(pkg-config --cflags --libs --static flameup)
"$work/pc_consumer"
echo "package tests passed"
