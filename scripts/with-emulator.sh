#!/usr/bin/env bash
# Starts flameup-devserver on a free loopback port, runs COMMAND with FLAMEUP_BASE_URL pointing
# at it (and FLAMEUP_API_KEY unset, so examples take their local path), then stops the
# emulator: nothing is left running. Exits with COMMAND's status.
# Usage: scripts/with-emulator.sh DEVSERVER_BINARY COMMAND [ARGS...]
# EMULATOR_ARGS (optional): extra devserver options, split on blanks, e.g. "--api-key K"
# for an emulator that checks the key. Unset or empty: the emulator starts exactly as before.
set -euo pipefail
devserver=$1; shift

out=$(mktemp)
fifo=$(mktemp -u)
mkfifo "$fifo"
read -r -a extra_args <<<"${EMULATOR_ARGS:-}"
"$devserver" --port 0 "${extra_args[@]}" >"$fifo" 2>&1 &
server=$!
cleanup() { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -f "$out" "$fifo"; }
trap cleanup EXIT

# The first line is "flameup-devserver listening on http://127.0.0.1:PORT/api/v1"; the rest
# (one line per received event) is copied to $out in the background.
exec 3<"$fifo"
if ! IFS= read -r -t 20 first <&3; then
  echo "the emulator did not start" >&2; exit 1
fi
cat <&3 >"$out" &
copier=$!
base=$(sed -nE 's/.*listening on (http[^ ]*).*/\1/p' <<<"$first")
[ -n "$base" ] || { echo "unexpected emulator output: $first" >&2; exit 1; }
echo "local emulator at $base"

set +e
env -u FLAMEUP_API_KEY FLAMEUP_BASE_URL="$base" "$@"
status=$?
set -e
kill "$server" 2>/dev/null || true
wait "$server" 2>/dev/null || true
# The copy ends at the emulator's last line: wait for it, or that line could be missing.
wait "$copier" 2>/dev/null || true
echo "--- the emulator logged:"
cat "$out"
exit "$status"
