#!/usr/bin/env bash
# Installs the SDK twice, as a static and as a shared library, each into a temporary prefix,
# and against each builds and runs the consumers: find_package, pkg-config and the
# flameup::testing suite; add_subdirectory once (static). The shared install also has its
# exported symbols checked.
# Usage: run_package_tests.sh SOURCE_DIR BUILD_DIR
#
# BUILD_DIR (the tree ctest runs in) supplies the install of its own kind; the other kind is
# built, library only, under BUILD_DIR/package/, which is kept so that a rerun is
# incremental. Compilers go through ccache when it is installed.
set -euo pipefail
src=$1 build=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [[ -z ${CMAKE_CXX_COMPILER_LAUNCHER:-} ]] && command -v ccache >/dev/null; then
  export CMAKE_CXX_COMPILER_LAUNCHER=ccache
fi

cache_value() { sed -n "s/^$1:[A-Z]*=//p" "$build/CMakeCache.txt"; }
build_type=$(cache_value CMAKE_BUILD_TYPE)
case $(cache_value BUILD_SHARED_LIBS | tr '[:lower:]' '[:upper:]') in
  ON | TRUE | YES | Y | 1) own_kind=shared ;;
  *) own_kind=static ;;
esac
shared_flag() { [[ $1 == shared ]] && echo ON || echo OFF; }
# The library is compiled the way the tree under test is (a unity build or file by file).
unity=$(cache_value CMAKE_UNITY_BUILD)
unity=${unity:-OFF}

# configure_library DIR KIND: a library-only build of SOURCE_DIR.
configure_library() {
  local dir=$1 kind=$2
  cmake -S "$src" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE="$build_type" \
    -DBUILD_SHARED_LIBS="$(shared_flag "$kind")" -DFLAMEUP_BUILD_TESTS=OFF \
    -DFLAMEUP_BUILD_TOOLS=OFF -DFLAMEUP_BUILD_EXAMPLES=OFF -DFLAMEUP_INSTALL=ON \
    -DFLAMEUP_BUILD_TESTING_COMPONENT=ON -DCMAKE_UNITY_BUILD="$unity" \
    -DFLAMEUP_WARNINGS_AS_ERRORS="$(cache_value FLAMEUP_WARNINGS_AS_ERRORS)" >/dev/null
}

# install_kind KIND: installs KIND into $work/KIND.
install_kind() {
  local kind=$1 dir=$build
  if [[ $kind != "$own_kind" ]]; then
    dir=$build/package/$kind
    configure_library "$dir" "$kind"
    cmake --build "$dir" >/dev/null
  fi
  cmake --install "$dir" --prefix "$work/$kind" >/dev/null
}

# check_consumers KIND: builds and runs every consumer against the KIND install.
check_consumers() {
  local kind=$1 prefix=$work/$1
  echo "== $kind"
  # Public headers must not expose the transport.
  if grep -rnE 'curl|httplib' "$prefix/include/flameup"; then
    echo "FAIL: installed headers mention curl/httplib" >&2; exit 1
  fi
  local shared_library
  shared_library=$(find "$prefix" -name 'libflameup.so')
  if [[ $kind == shared ]]; then
    "$src/tests/abi/check_exports.sh" "$shared_library"
  elif [[ -n $shared_library ]]; then
    echo "FAIL: the static install has a shared library" >&2; exit 1
  fi

  check_static_define "$kind" "$prefix"

  cmake -S "$src/tests/package/find_package" -B "$work/fp-$kind" -G Ninja \
    -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
  cmake --build "$work/fp-$kind" >/dev/null
  run_consumer "$kind" "$work/fp-$kind/consumer"

  # pkg-config: compile and link the same program from the .pc file alone.
  local pc_path=$prefix/lib/pkgconfig:$prefix/lib/x86_64-linux-gnu/pkgconfig static_flag=
  [[ $kind == static ]] && static_flag=--static
  # shellcheck disable=SC2046
  c++ -std=c++17 -o "$work/pc-$kind" "$src/tests/package/consumer.cpp" \
    $(PKG_CONFIG_PATH=$pc_path pkg-config --cflags --libs $static_flag flameup)
  LD_LIBRARY_PATH=$(pc_libdir "$pc_path") run_consumer "$kind" "$work/pc-$kind"

  check_testing_component "$kind" "$prefix"

  # add_subdirectory compiles the library once more, inside the consumer's build: done for
  # the static kind only (what add_subdirectory builds by default), to keep the suite's
  # time down; the shared library built from source is the dev tree's own.
  [[ $kind == static ]] || return 0
  local sub=$build/package/subdirectory-$kind
  cmake -S "$src/tests/package/subdirectory" -B "$sub" -G Ninja \
    -DCMAKE_BUILD_TYPE="$build_type" -DBUILD_SHARED_LIBS="$(shared_flag "$kind")" \
    -DCMAKE_UNITY_BUILD="$unity" -DFLAMEUP_SOURCE_DIR="$src" >/dev/null
  cmake --build "$sub" >/dev/null
  run_consumer "$kind" "$sub/consumer"
}

# check_static_define KIND PREFIX: consumers of a static install, and only those, are given
# FLAMEUP_STATIC_DEFINE (empty export macros) by both the CMake package and flameup.pc.
check_static_define() {
  local kind=$1 prefix=$2 file files
  mapfile -t files < <(find "$prefix" -name flameupTargets.cmake -o -name flameup.pc)
  (( ${#files[@]} == 2 )) || { echo "FAIL: expected flameupTargets.cmake and flameup.pc" >&2; exit 1; }
  for file in "${files[@]}"; do
    if grep -v "^#" "$file" | grep FLAMEUP_STATIC_DEFINE >/dev/null; then
      [[ $kind == static ]] || { echo "FAIL: $file defines FLAMEUP_STATIC_DEFINE" >&2; exit 1; }
    else
      [[ $kind == shared ]] || { echo "FAIL: $file lacks FLAMEUP_STATIC_DEFINE" >&2; exit 1; }
    fi
  done
}

# check_testing_component KIND PREFIX: an application's GoogleTest suite that uses
# flameup::testing (find_package(flameup COMPONENTS testing)) builds and passes; a shared
# libflameup_testing exports nothing but flameup::testing.
check_testing_component() {
  local kind=$1 prefix=$2 library
  library=$(find "$prefix" -name 'libflameup_testing.so')
  if [[ $kind == shared ]]; then
    "$src/tests/abi/check_exports.sh" "$library" >/dev/null
    # flameup:: names outside flameup::testing (also as template arguments) are internal.
    if nm -D --defined-only -C "$library" | grep 'flameup::' | grep -v 'flameup::testing::'; then
      echo "FAIL: libflameup_testing exports more than flameup::testing" >&2; exit 1
    fi
  elif [[ -n $library ]]; then
    echo "FAIL: the static install has a shared libflameup_testing" >&2; exit 1
  fi
  cmake -S "$src/tests/package/testing" -B "$work/testing-$kind" -G Ninja \
    -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
  cmake --build "$work/testing-$kind" >/dev/null
  run_consumer "$kind" "$work/testing-$kind/emulator_test" --gtest_brief=1
  check_testing_component_absent "$kind" "$prefix"
}

# check_testing_component_absent KIND PREFIX: in a copy of the install without the component,
# flameup is still found; asking for the component optionally finds nothing, requiring it
# fails with a message that says why.
check_testing_component_absent() {
  local kind=$1 stripped=$work/no-testing-$1 log=$work/required-testing-$1.log
  cp -a "$2" "$stripped"
  find "$stripped" -name 'flameupTestingTargets*.cmake' -delete
  cmake -S "$src/tests/package/optional_component" -B "$work/optional-$kind" -G Ninja \
    -DCMAKE_PREFIX_PATH="$stripped" >/dev/null
  if cmake -S "$src/tests/package/testing" -B "$work/required-$kind" -G Ninja \
       -DCMAKE_PREFIX_PATH="$stripped" >"$log" 2>&1; then
    echo "FAIL: COMPONENTS testing was found in an install without it" >&2; exit 1
  fi
  grep 'installed without its testing component' "$log" >/dev/null \
    || { cat "$log" >&2; echo "FAIL: no reason given for the missing component" >&2; exit 1; }
}

pc_libdir() { PKG_CONFIG_PATH=$1 pkg-config --variable=libdir flameup; }

# run_consumer KIND PROGRAM: runs PROGRAM and checks it links libflameup the KIND way.
run_consumer() {
  local kind=$1 program=$2; shift 2
  # grep without -q: an early exit would fail the pipeline on ldd's broken pipe (pipefail).
  if ldd "$program" | grep 'libflameup\.so' >/dev/null; then
    [[ $kind == shared ]] || { echo "FAIL: $program links libflameup.so" >&2; exit 1; }
  else
    [[ $kind == static ]] || { echo "FAIL: $program does not link libflameup.so" >&2; exit 1; }
  fi
  "$program" "$@"
}

for kind in static shared; do
  install_kind "$kind"
  check_consumers "$kind"
done
echo "package tests passed"
