#!/usr/bin/env bash
# What including each public header costs a translation unit: compile CPU time
# (-fsyntax-only, user + system, the best of 5 runs) against a TU that includes only
# <string>, measured in the same run.
# Usage: scripts/header_cost.sh [build dir holding include/flameup/export.hpp] (default build/dev)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/dev}
cxx=${CXX:-c++}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

best_of_5() {  # prints the least CPU time (user + system) of 5 compiles of $1, in seconds
  local best=999 cpu
  for _ in 1 2 3 4 5; do
    # CPU time rather than wall time: the figure barely moves when other work shares the cores.
    cpu=$( { TIMEFORMAT='%U %S'; time "$cxx" -std=c++17 -DFLAMEUP_STATIC_DEFINE -Iinclude \
               -I"$build/include" -fsyntax-only "$1"; } 2>&1 | tail -n 1)
    best=$(awk -v c="$cpu" -v m="$best" 'BEGIN { split(c, p, " "); t = p[1] + p[2]; print (t < m ? t : m) }')
  done
  printf '%.2f' "$best"
}

echo '#include <string>' >"$work/baseline.cpp"
base=$(best_of_5 "$work/baseline.cpp")
printf '%-32s %6s s  %5s\n' "<string> (baseline)" "$base" "1.0x"
for header in include/flameup/*.hpp; do
  name=flameup/$(basename "$header")
  echo "#include <$name>" >"$work/tu.cpp"
  t=$(best_of_5 "$work/tu.cpp")
  printf '%-32s %6s s  %5.1fx\n' "<$name>" "$t" "$(awk -v a="$t" -v b="$base" 'BEGIN { print a / b }')"
done
