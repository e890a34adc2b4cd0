#!/usr/bin/env bash
# Installs the Debian 12 packages flameup-cpp needs, only those that are missing.
# Usage: scripts/install-deps.sh [build|package|test|clang|bench]   (default: test)
# package: what building the Debian packages needs (scripts/make-deb.sh): dpkg-shlibdeps
# (dpkg-dev) and file. test: also GoogleTest, doxygen (the docs target), lintian (the
# package test) and libspdlog-dev (only for examples/spdlog_logger, skipped without it).
# clang: what the test set needs plus Clang 19 and its sanitizer runtimes (the asan and tsan
# presets), and Clang, libc++ and GoogleTest's sources (the clang-libcxx preset builds
# GoogleTest against libc++ itself).
set -euo pipefail

packages=(g++ cmake ninja-build pkg-config ca-certificates
          libcurl4-openssl-dev nlohmann-json3-dev libsqlite3-dev libcpp-httplib-dev)
package_tools=(dpkg-dev file)
test_tools=(libgtest-dev libgmock-dev openssl libspdlog-dev doxygen lintian "${package_tools[@]}")
case "${1:-test}" in
  build) ;;
  package) packages+=("${package_tools[@]}") ;;
  test)  packages+=("${test_tools[@]}") ;;
  clang) packages+=("${test_tools[@]}" clang-19 libclang-rt-19-dev clang libc++-dev libc++abi-dev googletest) ;;
  bench) packages+=(libbenchmark-dev nginx-light curl) ;;
  *) echo "usage: $0 [build|package|test|clang|bench]" >&2; exit 2 ;;
esac

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing: ${missing[*]}"
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
