#!/usr/bin/env bash
# The demo: builds the quickstart example and runs it.
# - With FLAMEUP_API_KEY and FLAMEUP_WORKSPACE_ID set, it talks to the real API
#   (or FLAMEUP_BASE_URL).
# - Otherwise it starts flameup-devserver on a free loopback port, runs the quickstart
#   against it, and stops the emulator: nothing is left running (scripts/with-emulator.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh build

build=build/demo
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DFLAMEUP_BUILD_TESTS=OFF \
  -DFLAMEUP_BUILD_EXAMPLES=ON -DFLAMEUP_BUILD_TOOLS=ON >/dev/null
cmake --build "$build" --target quickstart flameup-devserver

if [ -n "${FLAMEUP_API_KEY:-}" ]; then
  echo "FLAMEUP_API_KEY is set: tracking against ${FLAMEUP_BASE_URL:-the Flameup API}"
  exec "$build/examples/quickstart"
fi

scripts/with-emulator.sh "$build/tools/devserver/flameup-devserver" "$build/examples/quickstart"
