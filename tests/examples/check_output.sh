#!/usr/bin/env bash
# Runs COMMAND, shows its output, and fails unless COMMAND exits 0 and its output (stdout and
# stderr) has a line matching each PATTERN and, for a PATTERN written !PATTERN, none.
# PATTERNs are extended regular expressions.
# Usage: check_output.sh PATTERN... -- COMMAND [ARGS...]
set -uo pipefail
patterns=()
while (( $# )) && [[ $1 != -- ]]; do patterns+=("$1"); shift; done
[[ ${1:-} == -- ]] && (( $# > 1 )) || { echo "usage: $0 PATTERN... -- COMMAND [ARGS...]" >&2; exit 2; }
shift
out=$(mktemp)
trap 'rm -f "$out"' EXIT

"$@" >"$out" 2>&1
status=$?
cat "$out"
failed=0
(( status == 0 )) || { echo "FAIL: exit status $status" >&2; failed=1; }
for pattern in "${patterns[@]}"; do
  if [[ $pattern == '!'* ]]; then
    if grep -Eq -- "${pattern:1}" "$out"; then
      echo "FAIL: a line matches ${pattern:1}" >&2; failed=1
    fi
  elif ! grep -Eq -- "$pattern" "$out"; then
    echo "FAIL: no line matches $pattern" >&2; failed=1
  fi
done
exit "$failed"
