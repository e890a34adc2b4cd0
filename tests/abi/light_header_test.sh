#!/usr/bin/env bash
# <flameup/client.hpp> stays light: a translation unit that only holds a Client (constructs,
# flushes, closes, reads stats) compiles, and pulls in neither nlohmann/json.hpp (only its
# json_fwd.hpp) nor any other heavy header.
# Usage: light_header_test.sh <c++ compiler> <include dir>...
set -euo pipefail
compiler=$1
shift
flags=(-std=c++17 -DFLAMEUP_STATIC_DEFINE)
for dir in "$@"; do flags+=(-I "$dir"); done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat >"$work/holder.cpp" <<'CPP'
#include <flameup/client.hpp>
int main() {
  flameup::ClientOptions options = flameup::ClientOptions::from_env();
  flameup::Client client(options);
  client.flush(std::chrono::milliseconds(0));
  client.close(std::chrono::milliseconds(0));
  return static_cast<int>(client.stats().enqueued);
}
CPP
"$compiler" "${flags[@]}" -fsyntax-only "$work/holder.cpp"
"$compiler" "${flags[@]}" -M "$work/holder.cpp" >"$work/deps"
if grep -q 'nlohmann/json\.hpp' "$work/deps"; then
  echo "FAIL: <flameup/client.hpp> includes nlohmann/json.hpp"
  exit 1
fi
echo "client.hpp includes $(tr ' ' '\n' <"$work/deps" | grep -c '\.h') headers, no nlohmann/json.hpp"
