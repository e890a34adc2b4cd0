#!/usr/bin/env bash
# Builds the Debian packages into build/deb/packages/: libflameup0 (the shared library),
# libflameup-dev (headers, CMake package, pkg-config file) and flameup-tools (flameup,
# flameup-devserver). A Release build installed to /usr (the `deb` preset); installs what
# it is missing with apt first. Install them with
#   apt-get install ./build/deb/packages/*.deb
# Usage: scripts/make-deb.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh package
cmake --preset deb >/dev/null
cmake --build --preset deb
cpack --preset deb
