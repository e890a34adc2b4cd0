#!/usr/bin/env bash
# One command for the whole benchmark: installs what is missing, builds (Release, its own
# build dir), starts nginx and flameup-devserver on 127.0.0.1, runs flameup-bench, and stops
# every server it started, whatever happens. Extra arguments go to flameup-bench
# (e.g. --quick for a smoke run, --rounds 5).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

log() { printf '[bench] %s\n' "$*" >&2; }

# --- packages ----------------------------------------------------------------------------
ensure_packages() {
  local missing=()
  local pkg
  for pkg in cmake ninja-build g++ pkg-config libcurl4-openssl-dev nlohmann-json3-dev \
             libcpp-httplib-dev nginx-light curl; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' \
      || missing+=("$pkg")
  done
  if ((${#missing[@]})); then
    log "installing: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# --- build -------------------------------------------------------------------------------
# With the library's sources present the bench measures the SDK; without them (early in the
# project) it builds the baselines alone and the SDK lines say "skipped: not built".
build() {
  local have_devserver=OFF
  [[ -f "$root/tools/devserver/main.cpp" ]] && have_devserver=ON
  if [[ -f "$root/src/client/client.cpp" ]]; then
    build_dir="$root/build-bench"
    cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DFLAMEUP_BUILD_BENCH=ON -DFLAMEUP_BUILD_TESTS=OFF -DFLAMEUP_BUILD_EXAMPLES=OFF \
      -DFLAMEUP_INSTALL=OFF -DFLAMEUP_BUILD_TOOLS="$have_devserver" >/dev/null
    local targets=(flameup-bench)
    [[ $have_devserver == ON ]] && targets+=(flameup-devserver)
    cmake --build "$build_dir" -j2 --target "${targets[@]}" >/dev/null
    bench_bin="$build_dir/bench/flameup-bench"
    [[ $have_devserver == ON ]] && devserver_bin="$build_dir/tools/devserver/flameup-devserver"
  else
    build_dir="$root/build-bench-baselines"
    cmake -S "$root/bench" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$build_dir" -j2 --target flameup-bench >/dev/null
    bench_bin="$build_dir/flameup-bench"
  fi
  return 0
}

# --- servers -----------------------------------------------------------------------------
tmp=""
nginx_pid=""
devserver_pid=""
bench_pid=""

cleanup() {
  local pid
  for pid in $bench_pid $nginx_pid $devserver_pid; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in $bench_pid $nginx_pid $devserver_pid; do
    # Bounded wait, then force: the script must never leave a server behind.
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  [[ -n $tmp ]] && rm -rf "$tmp"
  return 0
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A config of our own: everything (pid, logs, temp files) lives in $tmp, so it runs as root
# without touching the system's nginx or /etc/nginx.
write_nginx_conf() {
  local port=$1
  cat >"$tmp/nginx.conf" <<CONF
daemon off;
master_process on;
worker_processes 1;
pid $tmp/nginx.pid;
error_log $tmp/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $tmp/client_body;
  proxy_temp_path $tmp/proxy;
  fastcgi_temp_path $tmp/fastcgi;
  uwsgi_temp_path $tmp/uwsgi;
  scgi_temp_path $tmp/scgi;
  keepalive_requests 10000000;
  keepalive_timeout 300s;
  server {
    listen 127.0.0.1:$port;
    location ~ ^/api/v1/workspaces/[^/]+/events\$ {
      if (\$request_method != POST) { return 405; }
      default_type application/json;
      return 200 '{"success":true,"event_id":"x"}';
    }
    location / { return 404; }
  }
}
CONF
}

wait_until_answering() {
  local url=$1 pid=$2
  for _ in $(seq 50); do
    kill -0 "$pid" 2>/dev/null || return 1
    curl -s -o /dev/null -X POST -d '{}' "$url" && return 0
    sleep 0.1
  done
  return 1
}

start_nginx() {
  local attempt port nginx_bin
  nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"  # /usr/sbin is not on every PATH
  for attempt in 1 2 3 4 5 6 7 8; do
    port=$((20000 + RANDOM % 20000))
    write_nginx_conf "$port"
    "$nginx_bin" -e "$tmp/nginx-error.log" -p "$tmp" -c "$tmp/nginx.conf" &
    nginx_pid=$!
    if wait_until_answering "http://127.0.0.1:$port/api/v1/workspaces/ws/events" "$nginx_pid"; then
      nginx_url="http://127.0.0.1:$port/api/v1"
      log "nginx on $nginx_url (pid $nginx_pid)"
      return 0
    fi
    kill -TERM "$nginx_pid" 2>/dev/null || true
    wait "$nginx_pid" 2>/dev/null || true
    nginx_pid=""
    log "nginx did not start on port $port (attempt $attempt)"
  done
  cat "$tmp/nginx-error.log" >&2 || true
  return 1
}

start_devserver() {
  "$devserver_bin" --rate-limit 0 --quiet --port 0 >"$tmp/devserver.out" 2>&1 &
  devserver_pid=$!
  local port=""
  for _ in $(seq 50); do
    # It prints the port it got; take the last number of the first line that names one.
    port=$(grep -m1 -oE '(port[ =:]*|127\.0\.0\.1:)[0-9]+' "$tmp/devserver.out" 2>/dev/null \
             | grep -oE '[0-9]+$' || true)
    [[ -n $port ]] && break
    sleep 0.1
  done
  if [[ -z $port ]] ||
     ! wait_until_answering "http://127.0.0.1:$port/api/v1/workspaces/ws/events" "$devserver_pid"; then
    log "flameup-devserver did not start:"; cat "$tmp/devserver.out" >&2
    return 1
  fi
  devserver_url="http://127.0.0.1:$port/api/v1"
  log "flameup-devserver on $devserver_url (pid $devserver_pid)"
}

main() {
  ensure_packages
  log "building (Release)"
  bench_bin=""; devserver_bin=""; nginx_url=""; devserver_url=""
  build
  tmp="$(mktemp -d /tmp/flameup-bench.XXXXXX)"
  chmod 755 "$tmp"  # nginx workers drop root and must still reach their temp paths
  start_nginx
  local args=(--nginx "$nginx_url")
  if [[ -n $devserver_bin ]]; then
    start_devserver
    args+=(--devserver "$devserver_url")
  else
    log "flameup-devserver not built yet: nginx only"
  fi
  log "running $(basename "$bench_bin") ${args[*]} $*"
  # The program bounds every loop in count and time; `timeout` is only a backstop. It runs in
  # the background so that a signal to this script runs the cleanup at once (bash defers traps
  # while a foreground command runs).
  timeout --signal=TERM 900 "$bench_bin" "${args[@]}" "$@" &
  bench_pid=$!
  local status=0
  wait "$bench_pid" || status=$?
  bench_pid=""
  return "$status"
}

main "$@"
