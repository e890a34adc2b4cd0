#!/usr/bin/env bash
# docs/reliability.md names the tests that hold each promise: every name it gives (`Suite.Test`,
# `Suite.*`, `cli.case`) must be a test this build has, so the page cannot drift from the suite.
# Usage: reliability_names_test.sh <docs/reliability.md> <build dir> <gtest binary>...
set -euo pipefail
doc=$1 build=$2
shift 2
known=$(mktemp)
trap 'rm -f "$known"' EXIT
for binary in "$@"; do
  "$binary" --gtest_list_tests | awk '/^[^ ]/{suite=$1} /^  /{print suite $1}' >>"$known"
done
ctest --test-dir "$build" -N | grep -oE 'cli\.[A-Za-z0-9_]+' >>"$known" || true

missing=0 checked=0
while read -r name; do
  checked=$((checked + 1))
  pattern=$(sed 's/[.]/\\./g; s/\\\.\*/\\..*/g; s/\*$/.*/' <<<"$name")
  if ! grep -qE "^${pattern}$" "$known"; then
    echo "docs/reliability.md names a test that does not exist: $name"
    missing=$((missing + 1))
  fi
done < <(grep -oE '`[A-Za-z][A-Za-z0-9_/]*\.[A-Za-z0-9_*/]+`' "$doc" | tr -d '`' |
         grep -vE '^(bench|docs|tests|src)/|\.(md|sh|hpp|cpp)$|^Suite\.Test$' | sort -u)
echo "checked $checked test names, $missing missing"
[ "$checked" -gt 50 ] && [ "$missing" -eq 0 ]
