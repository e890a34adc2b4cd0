#!/usr/bin/env bash
# The demo: builds the quickstart example and runs it.
# - With FLAMEUP_API_KEY and FLAMEUP_WORKSPACE_ID set, it talks to the real API
#   (or FLAMEUP_BASE_URL).
# - Otherwise it starts flameup-devserver on a free loopback port, runs the quickstart
#   against it, and stops the emulator: nothing is left running.
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

out=$(mktemp)
"$build/tools/devserver/flameup-devserver" --port 0 >"$out" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -f "$out"' EXIT

# The emulator prints "flameup-devserver listening on http://127.0.0.1:PORT/api/v1" first.
base=""
for _ in $(seq 1 100); do
  base=$(sed -nE 's/.*listening on (http[^ ]*).*/\1/p' "$out" | head -n1)
  [ -n "$base" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$out"; exit 1; }
  sleep 0.1
done
[ -n "$base" ] || { echo "the emulator did not start"; cat "$out"; exit 1; }
echo "local emulator at $base"

FLAMEUP_BASE_URL="$base" "$build/examples/quickstart"
echo "--- the emulator received:"
grep -v 'listening on' "$out" || true
