#!/usr/bin/env bash
# Builds the Debian packages with CPack from a built shared tree, checks what each one holds
# and declares, extracts them into a scratch root (dpkg-deb -x), builds and runs the package
# consumers against that root, runs the packaged CLI against the packaged emulator, and runs
# lintian, which must report no error (its warnings are printed).
# Usage: run_deb_test.sh SOURCE_DIR TREE
# TREE: a built shared-library tree with the tools, installed to /usr (the one
# run_package_tests.sh builds under <build>/package/shared, or the `deb` preset's).
set -euo pipefail
src=$1 tree=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

version=$(sed -n 's/^CMAKE_PROJECT_VERSION:[A-Z]*=//p' "$tree/CMakeCache.txt")
deb_version=$version-1
arch=$(dpkg --print-architecture)
triplet=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
libdir=usr/lib/$triplet

cpack --config "$tree/CPackConfig.cmake" -B "$work/debs" >/dev/null
deb() { echo "$work/debs/$1_${deb_version}_$arch.deb"; }
for package in libflameup0 libflameup-dev flameup-tools; do
  [[ -f $(deb "$package") ]] || fail "no $(basename "$(deb "$package")") in: $(ls "$work/debs")"
done

# field PACKAGE NAME: one control field of a package.
field() { dpkg-deb -f "$(deb "$1")" "$2"; }
# holds PACKAGE PATH...: each path is in PACKAGE.
holds() {
  local package=$1 listing path
  shift
  listing=$(dpkg-deb -c "$(deb "$package")" | awk '{print $6}')
  for path in "$@"; do
    grep -qx "./$path" <<<"$listing" || fail "$package lacks /$path"
  done
}
# depends_on PACKAGE PATTERN...: each extended regex matches one of PACKAGE's dependencies.
depends_on() {
  local package=$1 depends pattern
  shift
  depends=$(field "$package" Depends | tr ',' '\n' | sed 's/^ *//')
  for pattern in "$@"; do
    grep -qE "^($pattern)\$" <<<"$depends" || fail "$package: no '$pattern' in Depends: $depends"
  done
}

for package in libflameup0 libflameup-dev flameup-tools; do
  [[ $(field "$package" Version) == "$deb_version" ]] || fail "$package: version $(field "$package" Version)"
  [[ $(field "$package" Maintainer) =~ ^[^\<]+\ \<[^@\>]+@[^\>]+\>$ ]] || fail "$package: maintainer"
  holds "$package" "usr/share/doc/$package/copyright" "usr/share/doc/$package/changelog.Debian.gz"
done

holds libflameup0 "$libdir/libflameup.so.0" "$libdir/libflameup.so.$version"
depends_on libflameup0 'libcurl4 \(>= [^)]+\)' 'libc6 \(>= [^)]+\)' 'libstdc\+\+6 \(>= [^)]+\)'
dpkg-deb --ctrl-tarfile "$(deb libflameup0)" | tar -xO ./shlibs | grep -qx "libflameup 0 libflameup0 (>= $deb_version)" ||
  fail "libflameup0 has no shlibs entry for libflameup.so.0"

holds libflameup-dev usr/include/flameup/flameup.hpp usr/include/flameup/export.hpp \
  usr/include/flameup/version.hpp "$libdir/libflameup.so" "$libdir/pkgconfig/flameup.pc" \
  "$libdir/cmake/flameup/flameupConfig.cmake" "$libdir/cmake/flameup/flameupTargets.cmake"
depends_on libflameup-dev "libflameup0 \\(= $deb_version\\)" 'nlohmann-json3-dev \(>= 3.10\)' \
  'libcurl4-openssl-dev \(>= 7.87\) \| libcurl-dev'

holds flameup-tools usr/bin/flameup usr/bin/flameup-devserver
depends_on flameup-tools "libflameup0 \\(= $deb_version\\)" 'libcpp-httplib[0-9.]+ \(>= [^)]+\)'

# Nothing but the three packages' files: no test program, no static archive.
for package in libflameup0 libflameup-dev flameup-tools; do
  dpkg-deb -c "$(deb "$package")" | awk '{print $6}'
done | grep -E '\.a$|_tests?$|^\./usr/local' && fail "a package holds a file it should not"

# --- Extracted, the packages are enough to build, link and run ---------------------------
root=$work/root
for package in libflameup0 libflameup-dev flameup-tools; do
  dpkg-deb -x "$(deb "$package")" "$root"
done
soname=$(readelf -d "$root/$libdir/libflameup.so.$version" | sed -nE 's/.*\(SONAME\).*\[(.*)\]/\1/p')
[[ $soname == libflameup.so.0 ]] || fail "SONAME is '$soname'"
export LD_LIBRARY_PATH=$root/$libdir

# run_consumer PROGRAM: PROGRAM runs, on the extracted libflameup.so.0.
run_consumer() {
  ldd "$1" | grep -F "$root/$libdir/libflameup.so.0" >/dev/null || fail "$1 does not load the packaged library"
  "$1"
}
cmake -S "$src/tests/package/find_package" -B "$work/fp" -G Ninja \
  -DCMAKE_PREFIX_PATH="$root/usr" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF >/dev/null
cmake --build "$work/fp" >/dev/null
run_consumer "$work/fp/consumer"

# flameup.pc names /usr: the sysroot variable points pkg-config at the extracted tree.
# shellcheck disable=SC2046
c++ -std=c++17 -o "$work/pc" "$src/tests/package/consumer.cpp" \
  $(PKG_CONFIG_SYSROOT_DIR=$root PKG_CONFIG_PATH=$root/$libdir/pkgconfig pkg-config --cflags --libs flameup)
run_consumer "$work/pc"

# The packaged CLI records an event in the packaged emulator.
tracked=$("$src/scripts/with-emulator.sh" "$root/usr/bin/flameup-devserver" \
  env FLAMEUP_API_KEY=ws_test_package.0000 FLAMEUP_WORKSPACE_ID=ws_package \
  "$root/usr/bin/flameup" track --user package_user --event package_check)
grep -q 'evt_' <<<"$tracked" || fail "the packaged CLI did not record an event: $tracked"

# --- lintian: no error; warnings are listed, not fatal ------------------------------------
lintian --fail-on error --tag-display-limit 0 "$work"/debs/*.deb || fail "lintian reported errors"
echo "deb package test passed: $(cd "$work/debs" && echo *.deb)"
