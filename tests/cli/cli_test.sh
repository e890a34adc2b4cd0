#!/usr/bin/env bash
# End-to-end tests of the flameup CLI against flameup-devserver (scripts/with-emulator.sh).
#
# Usage: cli_test.sh CASE FLAMEUP_CLI DEVSERVER SOURCE_DIR [KEY_ECHO_SERVER]
#        [FORBIDDEN_LIST_SERVER]
#
# Each CASE runs twice over: the outer run starts an emulator (with the case's EMULATOR_ARGS)
# and runs this script again inside it ("--inner"), where the case drives the CLI and checks
# its exit status and exact output. The outer run then checks the whole transcript (every CLI
# stdout and stderr line, and the emulator's log): the sentinel key must appear nowhere, and
# the emulator must have recorded exactly the events the case expects.
# The cases and their emulator_args_* are reached by name ("case_$case", ${!args_var}).
# shellcheck disable=SC2317,SC2034
set -uo pipefail

KEY=ws_test_SENTINEL_SECRET_0123456789abcdef
OTHER_KEY=ws_test_OTHER_KEY_fedcba9876543210
WORKSPACE=ws_cli_test

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# --- inner helpers: run the CLI, then assert on $rc, $out and $err --------------------------

# run ARGS...: runs the CLI; its exit status, stdout and stderr land in $rc, $out and $err,
# and are echoed to the transcript so that the outer run can scan them.
run() {
  local out_file err_file
  out_file=$(mktemp) err_file=$(mktemp)
  "$cli" "$@" >"$out_file" 2>"$err_file"
  rc=$?
  out=$(cat "$out_file") err=$(cat "$err_file")
  rm -f "$out_file" "$err_file"
  printf '$ flameup %s\n[exit %s]\n[stdout]\n%s\n[stderr]\n%s\n' "$*" "$rc" "$out" "$err"
}

expect_rc() { [ "$rc" -eq "$1" ] || fail "exit status $rc, expected $1"; }
expect_out() { [ "$out" == "$1" ] || fail "stdout is not exactly: $1"; }
expect_err() { [ "$err" == "$1" ] || fail "stderr is not exactly: $1"; }
expect_err_line() { grep -qxF -- "$1" <<<"$err" || fail "stderr lacks the line: $1"; }
expect_out_line() { grep -qxF -- "$1" <<<"$out" || fail "stdout lacks the line: $1"; }

# expect_list TOTAL SHOWN [LIST ARGS...]: `flameup list` succeeds, says there are TOTAL
# matching events and shows SHOWN of them.
expect_list() {
  local total=$1 shown=$2; shift 2
  run list "$@"
  expect_rc 0
  expect_out_line "  \"total\": $total"
  [ "$(grep -c '^      "id": "evt_' <<<"$out")" -eq "$shown" ] ||
    fail "list does not show $shown events"
}

# --- the cases (inner) ----------------------------------------------------------------------

case_track_prints_event_id() {
  run track --user u1 --event signup --properties '{"plan":"pro"}' \
    --timestamp 2024-12-25T11:00:00.5+01:00
  expect_rc 0
  expect_err ""
  grep -qxE 'evt_[0-9a-f]+' <<<"$out" || fail "stdout is not one event id: $out"
  local id=$out
  expect_list 1 1
  expect_out_line "      \"id\": \"$id\","
  expect_out_line '      "person_id": "u1",'
  expect_out_line '        "plan": "pro"'
  # +01:00 and a one-digit fraction, converted to UTC milliseconds.
  expect_out_line '      "timestamp": "2024-12-25T10:00:00.500Z",'
  # Negative offsets that cross a leap day and a century into the next day.
  run track --user u2 --event signup --timestamp 2024-02-29T23:59:59.999-00:30
  expect_rc 0
  run track --user u3 --event signup --timestamp 1999-12-31T23:30:00-01:00
  expect_rc 0
  expect_list 1 1 --user u2
  expect_out_line '      "timestamp": "2024-03-01T00:29:59.999Z",'
  expect_list 1 1 --user u3
  expect_out_line '      "timestamp": "2000-01-01T00:30:00.000Z",'
}

# The emulator allows one request a minute here: the final list is that request, so it fails
# (429) if any refused track below sent anything.
emulator_args_track_missing_user_sends_nothing="--rate-limit 1"
case_track_missing_user_sends_nothing() {
  run track --event signup
  expect_rc 2
  expect_out ""
  expect_err "flameup track: --user is required"
  run track --event signup --user
  expect_rc 2
  expect_err "flameup: --user needs a value"
  run track --user "" --event signup
  expect_rc 2
  expect_err "flameup track: invalid_event: user_id: must not be empty"
  run track --user u1 --event signup --timestamp 2024-02-30T00:00:00Z
  expect_rc 2
  expect_err_line "flameup track: --timestamp must be an RFC 3339 date-time such as \
2024-12-25T10:00:00Z"
  run track --user u1 --event signup --usr u2
  expect_rc 2
  expect_err "flameup track: unknown option --usr (see flameup --help)"
  expect_list 0 0
}

case_import_counts_outcomes() {
  local file
  file=$(mktemp)
  cat >"$file" <<'EOF'
{"userId": "u1", "event": "signup"}
{"userId": "u2", "event": "signup", "properties": {"plan": "pro"}}
{"userId": "u3", "event": "signup" this line is broken

{"userId": "u4", "event": "login", "timestamp": "2024-12-25T10:00:00Z"}
{"userId": "u5", "event": "login"}
EOF
  run import "$file"
  rm -f "$file" "$file.progress"
  expect_rc 1  # not every line was delivered
  expect_out "$(printf 'delivered: 4\nrejected: 0\nexpired: 0\ndropped: 0\ninvalid: 1\nskipped: 0')"
  expect_err "line 3: not valid JSON"
  expect_list 4 4
  expect_list 0 0 --user u3
}

case_import_from_stdin() {
  run import - <<'EOF'
{"userId": "u1", "event": "signup"}
{"userId": "u2", "event": "signup"}
{"userId": "u3", "event": "signup", "properties": ["not", "an", "object"]}
{"userId": "u4"}
EOF
  expect_rc 1
  expect_out "$(printf 'delivered: 2\nrejected: 0\nexpired: 0\ndropped: 0\ninvalid: 2\nskipped: 0')"
  expect_err "$(printf '%s\n%s' 'line 3: invalid_event: properties: must be a JSON object' \
    'line 4: event: required string field')"
  run import - <<'EOF'
{"userId": "u5", "event": "signup"}
EOF
  expect_rc 0
  expect_out "$(printf 'delivered: 1\nrejected: 0\nexpired: 0\ndropped: 0\ninvalid: 0\nskipped: 0')"
  expect_err ""
  expect_list 3 3
}

# Nothing listens on port 1: every attempt fails and is retried until the --timeout, then
# every event ends as dropped, each reported with its line number, and the import fails.
case_import_timeout_drops_the_rest() {
  run import --timeout 1 --base-url http://127.0.0.1:1/api/v1 - <<'EOF'
{"userId": "u1", "event": "signup"}
{"userId": "u2", "event": "signup"}
{"userId": "u3", "event": "signup"}
EOF
  expect_rc 1
  expect_out "$(printf 'delivered: 0\nrejected: 0\nexpired: 0\ndropped: 3\ninvalid: 0\nskipped: 0')"
  grep -q '^flameup import: --timeout of 1 s reached; last error: network: ' <<<"$err" ||
    fail "no timeout message naming the network error"
  [ "$(grep -oE '^line [1-3]: dropped \(shutdown\): ' <<<"$err" | sort -u | wc -l)" -eq 3 ] ||
    fail "not each line reported as dropped"
  run import --timeout 0 - </dev/null
  expect_rc 2
  expect_err "flameup import: --timeout must be a whole number of seconds from 1 to 604800"
}

# --- long imports: progress, resuming, stopping ----------------------------------------------

# make_input FILE N: N valid lines, user u1..uN.
make_input() {
  local i
  for ((i = 1; i <= $2; i++)); do echo "{\"userId\": \"u$i\", \"event\": \"signup\"}"; done >"$1"
}

# state_lines FILE: the "lines" of an import state file (0 if there is none yet).
state_lines() {
  local lines
  lines=$(grep -oE '"lines":[0-9]+' "$1" 2>/dev/null | grep -oE '[0-9]+$')
  echo "${lines:-0}"
}

# wait_for_state FILE N: polls (30 s at most) until FILE says at least N lines are done.
wait_for_state() {
  local tries
  for ((tries = 0; tries < 600; tries++)); do
    [ "$(state_lines "$1")" -ge "$2" ] && return 0
    sleep 0.05
  done
  fail "the state file $1 never reached $2 lines"
  return 1
}

# expect_each_user_once N: the emulator recorded exactly one event for each of u1..uN.
expect_each_user_once() {
  run list --limit 1000
  expect_rc 0
  expect_out_line "  \"total\": $1"
  local users
  users=$(grep -oE '"person_id": "u[0-9]+"' <<<"$out" | sort | uniq -c | awk '$1 == 1' | wc -l)
  [ "$users" -eq "$1" ] || fail "not each of the $1 users recorded exactly once ($users)"
}

# Under a pseudo-terminal (script(1)), the progress is one line rewritten in place: each
# version starts with "\r" and erase-line, the counts grow, the last says 40/40, and the
# final newline comes before the summary.
emulator_args_import_progress_live_on_a_terminal="--rate-limit 0 --delay-ms 100"
case_import_progress_live_on_a_terminal() {
  local dir screen
  dir=$(mktemp -d)
  make_input "$dir/in.jsonl" 40
  screen="$dir/screen"
  script -qec "'$cli' import '$dir/in.jsonl' --progress-interval 0.1" /dev/null >"$screen"
  rc=$?
  printf '$ script flameup import (40 lines)\n[exit %s]\n' "$rc"
  cat -v "$screen"
  expect_rc 0
  local versions
  versions=$(grep -aoE $'\r\e\\[Kimport: [0-9]+/40 lines \\([0-9]+%\\), [0-9.]+ lines/s(, ETA [0-9hms]+)?, 0 failed' \
    "$screen" | tr -d '\r' | sed 's/^\x1b\[K//')
  printf '%s\n' "$versions"
  [ "$(sort -u <<<"$versions" | grep -c .)" -ge 2 ] || fail "the live line was not rewritten"
  [ "$(tail -n 1 <<<"$versions" | cut -d' ' -f2)" == "40/40" ] || fail "the last version is not 40/40"
  grep -q ', ETA [0-9]' <<<"$versions" || fail "no version showed an ETA"
  local text
  text=$(cat "$screen")
  [[ "$text" == *$'0 failed\r\ndelivered: 40\r\n'* ]] || fail "the summary does not follow the line"
  [ "$(wc -l <"$screen")" -eq 7 ] || fail "more lines than the live one and the summary"
  rm -rf "$dir"
}

# Without a terminal: plain lines, each complete, no escape, at the interval asked for.
emulator_args_import_progress_plain_lines="--rate-limit 0 --delay-ms 100"
case_import_progress_plain_lines() {
  local file
  file=$(mktemp)
  make_input "$file" 40
  run import "$file" --progress-interval 0.1
  expect_rc 0
  expect_out_line "delivered: 40"
  grep -qE '^import: [0-9]+/40 lines \([0-9]+%\), [0-9.]+ lines/s(, ETA [0-9hms]+)?, 0 failed$' \
    <<<"$err" || fail "no plain progress line"
  grep -vqE '^import: ' <<<"$err" && fail "stderr has other lines"
  if LC_ALL=C grep -q $'[\r\x1b]' <<<"$err"; then fail "escapes in plain progress"; fi
  run import "$file" --progress-interval 0
  expect_rc 2
  expect_err "flameup import: --progress-interval must be a number of seconds from 0.05 to 3600"
  rm -f "$file" "$file.progress"
}

# kill -9 in the middle, then the same import again: it skips what the state file says is
# done, sends the rest (some lines a second time, under the same idempotency keys) and the
# emulator records every line exactly once.
emulator_args_import_resumes_after_kill_9="--rate-limit 0 --delay-ms 200"
case_import_resumes_after_kill_9() {
  local dir pid
  dir=$(mktemp -d)
  make_input "$dir/in.jsonl" 200
  "$cli" import "$dir/in.jsonl" >"$dir/out" 2>"$dir/err" &
  pid=$!
  wait_for_state "$dir/in.jsonl.progress" 5
  kill -9 "$pid"
  wait "$pid"
  rc=$?
  echo "killed with $(state_lines "$dir/in.jsonl.progress") lines done; exit $rc"
  expect_rc 137
  local done_before
  done_before=$(state_lines "$dir/in.jsonl.progress")
  [ "$done_before" -lt 200 ] || fail "the import ended before the kill"
  run import "$dir/in.jsonl"
  expect_rc 0
  expect_out_line "skipped: $done_before"
  expect_out_line "delivered: $((200 - done_before))"
  expect_err_line "flameup import: skipped lines 1-$done_before, done by an earlier run \
($done_before delivered, 0 rejected, 0 invalid)"
  [ "$(state_lines "$dir/in.jsonl.progress")" -eq 200 ] || fail "the state does not say 200"
  expect_each_user_once 200
  rm -rf "$dir"
}

# SIGINT, then SIGTERM in the middle: no more lines are read, what was in flight gets its
# outcome, the summary is printed, the exit status is 130 / 143; a third run finishes.
emulator_args_import_stops_on_sigint_and_sigterm="--rate-limit 0 --delay-ms 200"
case_import_stops_on_sigint_and_sigterm() {
  local dir pid signal status
  dir=$(mktemp -d)
  make_input "$dir/in.jsonl" 300
  for signal in INT TERM; do
    "$cli" import "$dir/in.jsonl" --state "$dir/state" >"$dir/out" 2>"$dir/err" &
    pid=$!
    wait_for_state "$dir/state" "$(($(state_lines "$dir/state") + 5))"
    kill -s "$signal" "$pid"
    wait "$pid"
    rc=$? out=$(cat "$dir/out") err=$(cat "$dir/err")
    printf '$ flameup import (SIG%s)\n[exit %s]\n[stdout]\n%s\n[stderr]\n%s\n' \
      "$signal" "$rc" "$out" "$err"
    status=$([ "$signal" == INT ] && echo 130 || echo 143)
    expect_rc "$status"
    grep -qE "^flameup import: SIG$signal: stopping; waiting up to 10 s for the \
[0-9]+ events in flight$" <<<"$err" || fail "no stop message"
    grep -qE '^flameup import: stopped reading at line [0-9]+$' <<<"$err" ||
      fail "no line where reading stopped"
    expect_out_line "dropped: 0"  # everything in flight got its outcome within the grace
    grep -qE '^delivered: [1-9][0-9]*$' <<<"$out" || fail "nothing delivered before the stop"
    [ "$(state_lines "$dir/state")" -lt 300 ] || fail "the import ended before the signal"
  done
  run import "$dir/in.jsonl" --state "$dir/state"
  expect_rc 0
  expect_each_user_once 300
  rm -rf "$dir"
}

# The state file: a changed input is refused (nothing sent), --restart ignores the state,
# standard input has no state file unless --state names one.
case_import_state_file_checks() {
  local dir
  dir=$(mktemp -d)
  make_input "$dir/in.jsonl" 3
  run import "$dir/in.jsonl"
  expect_rc 0
  run import "$dir/in.jsonl"
  expect_rc 0
  expect_out "$(printf 'delivered: 0\nrejected: 0\nexpired: 0\ndropped: 0\ninvalid: 0\nskipped: 3')"
  sed -i 's/u2/u22/' "$dir/in.jsonl"
  run import "$dir/in.jsonl"
  expect_rc 2
  expect_err "flameup import: the first 3 lines of the input changed since the state file was \
written; $dir/in.jsonl.progress belongs to another input (--restart ignores it)"
  run import "$dir/in.jsonl" --restart
  expect_rc 0
  expect_out_line "delivered: 3"
  echo garbage >"$dir/in.jsonl.progress"
  run import "$dir/in.jsonl"
  expect_rc 2
  expect_err "flameup import: $dir/in.jsonl.progress is not a flameup import state file \
(--restart ignores it)"
  run import - --state "$dir/no-such-dir/state" <"$dir/in.jsonl"
  expect_rc 2
  grep -q "^flameup import: cannot write the state file $dir/no-such-dir/state.tmp: " <<<"$err" ||
    fail "no error for an unwritable state file"
  run import - <"$dir/in.jsonl"
  expect_rc 0
  expect_out_line "delivered: 3"
  [ "$(ls "$dir")" == "$(printf 'in.jsonl\nin.jsonl.progress')" ] || fail "stdin left a state file"
  rm -rf "$dir"
}

case_list_limit() {
  local user
  for user in u1 u2 u3; do  # one at a time: the list's order is the recording order
    run track --user "$user" --event signup
    expect_rc 0
  done
  expect_list 3 3
  expect_list 3 2 --limit 2
  expect_out_line '      "person_id": "u1",'
  expect_out_line '      "person_id": "u2",'
  expect_list 3 1 --limit=1 --offset 2
  expect_out_line '      "person_id": "u3",'
  expect_list 1 1 --limit 5 --user u2
  run list --limit 0
  expect_rc 2
  expect_err "flameup list: invalid_query: limit: must be from 1 to 1000 (see flameup --help)"
  run list --since 2024-12-25T10:00:00Z --until 2024-12-25T09:00:00Z
  expect_rc 2
  expect_err "flameup list: invalid_query: until: must not be before since (see flameup --help)"
  run list --since yesterday
  expect_rc 2
  expect_err "flameup list: --since must be an RFC 3339 date-time such as 2024-12-25T10:00:00Z"
  run list --limt 2
  expect_rc 2
  expect_err "flameup list: unknown option --limt (see flameup --help)"
}

# The emulator takes only the sentinel key: everything succeeds, with the SDK's debug log on.
emulator_args_key_never_printed_on_success="--api-key $KEY"
case_key_never_printed_on_success() {
  run track --verbose --user u1 --event signup
  expect_rc 0
  run import --verbose - <<'EOF'
{"userId": "u2", "event": "signup"}
{"userId": "u3", "event": "signup"}
EOF
  expect_rc 0
  expect_list 3 3 --verbose
}

# The emulator takes another key: every command meets a 401.
emulator_args_key_never_printed_on_errors="--api-key $OTHER_KEY"
case_key_never_printed_on_errors() {
  run track --verbose --user u1 --event signup
  expect_rc 1
  expect_err_line "flameup track: unauthorized: Invalid or missing API key (HTTP 401)"
  run import --verbose - <<'EOF'
{"userId": "u2", "event": "signup"}
EOF
  expect_rc 1
  expect_out_line "dropped: 1"
  expect_err_line "flameup import: unauthorized: Invalid or missing API key; giving up"
  run list
  expect_rc 1
  expect_err "flameup list: unauthorized: Invalid or missing API key (HTTP 401)"
  # Errors before any request, and a refused connection (nothing listens on port 1).
  run list --workspace ..
  expect_rc 2
  expect_err "flameup list: invalid_options: workspace_id: must not be '.' or '..'"
  run track --user u1 --event signup --base-url http://127.0.0.1:1/api/v1
  expect_rc 1
  grep -q '^flameup track: network: ' <<<"$err" || fail "no network error from track"
  run list --base-url http://127.0.0.1:1/api/v1
  expect_rc 1
  grep -q '^flameup list: ' <<<"$err" || fail "no error from list"
}

# --- doctor -----------------------------------------------------------------------------------

# expect_doctor_line STATUS STEP SUMMARY: stdout has the step's verdict line, exactly.
expect_doctor_line() {
  expect_out_line "$(printf '  %-5s %-14s %s' "$1" "$2" "$3")"
}

emulator_args_doctor_all_steps_pass="--api-key $KEY"
case_doctor_all_steps_pass() {
  run doctor
  expect_rc 0
  expect_err ""
  local port=${FLAMEUP_BASE_URL#http://127.0.0.1:}
  port=${port%%/*}
  expect_doctor_line ok configuration \
    "key set, workspace $WORKSPACE, base URL http://127.0.0.1:$port/api/v1"
  expect_doctor_line ok dns "127.0.0.1 is an address (no lookup)"
  grep -qE "^  ok    tcp            connected to 127.0.0.1:$port \([0-9]+ ms\)$" <<<"$out" ||
    fail "no tcp line"
  expect_doctor_line n/a tls "plain http: no TLS"
  expect_doctor_line ok api_key "accepted (GET events?limit=1: HTTP 200)"
  grep -qE '^  ok    rate_limit     119 of 120 requests left, the window resets in [0-9]+ s$' \
    <<<"$out" || fail "no rate_limit line"
  grep -qE "^  ok    clock          this machine's clock is within 1 s of the server's \(Date: " \
    <<<"$out" || fail "no clock line"
  expect_out_line "all checks passed"
  [ "$(wc -l <<<"$out")" -eq 8 ] || fail "doctor printed more than 7 steps and the verdict"
  run doctor --bogus 1
  expect_rc 2
  expect_err "flameup doctor: unknown option --bogus (see flameup --help)"
}

# The emulator takes another key and its clock is two hours behind: the key step fails (the
# rate limit, which needs it, is skipped) and so does the clock, read from the 401's Date.
emulator_args_doctor_failing_steps="--api-key $OTHER_KEY --clock-offset -7200"
case_doctor_failing_steps() {
  run doctor
  expect_rc 1
  expect_doctor_line FAIL api_key "refused (GET events?limit=1: HTTP 401)"
  expect_out_line "        fix: check the API key (FLAMEUP_API_KEY): it is wrong, revoked, or for \
another environment"
  expect_doctor_line skip rate_limit "needs the api_key step"
  grep -qE "^  FAIL  clock          this machine's clock is 7[0-9]{3} s ahead of the server's" \
    <<<"$out" || fail "no failed clock line"
  grep -qF "        fix: set the clock right" <<<"$out" || fail "no clock fix"
  expect_out_line "some checks failed"
  # Nothing listening (port 1): TCP fails, the rest is skipped.
  run doctor --base-url http://127.0.0.1:1/api/v1
  expect_rc 1
  expect_doctor_line ok dns "127.0.0.1 is an address (no lookup)"
  grep -qE '^  FAIL  tcp            cannot connect to 127.0.0.1:1: ' <<<"$out" || fail "tcp ok?"
  grep -qF "        fix: check that the server runs and listens on that port" <<<"$out" ||
    fail "no tcp fix"
  expect_doctor_line skip tls "needs the tcp step"
  expect_doctor_line skip api_key "needs the tls step"
  expect_doctor_line skip clock "needs the api_key step"
  # A name that fails locally (.invalid is never resolved by any DNS server): DNS fails fast.
  local start=$SECONDS
  run doctor --base-url https://flameup-doctor.invalid/api/v1
  expect_rc 1
  [ $((SECONDS - start)) -lt 10 ] || fail "the failing lookup took $((SECONDS - start)) s"
  grep -qE '^  FAIL  dns            flameup-doctor.invalid does not resolve: ' <<<"$out" ||
    fail "dns ok?"
  expect_doctor_line skip tcp "needs the dns step"
  # No key at all: the configuration fails, nothing is tried.
  FLAMEUP_API_KEY= run doctor
  expect_rc 1
  expect_doctor_line FAIL configuration "api_key: must not be empty"
  expect_out_line "        fix: set the API key (FLAMEUP_API_KEY): copy it from the dashboard"
  expect_doctor_line skip dns "needs the configuration step"
  [ "$(grep -c '^  skip  ' <<<"$out")" -eq 6 ] || fail "not every later step skipped"
}

# Over HTTPS with a throwaway self-signed certificate (CN=localhost): refused as untrusted,
# then trusted with --ca-file, when doctor names the protocol version.
doctor_over_tls() {
  local dir fifo first base server transcript
  dir=$(mktemp -d) fifo=$(mktemp -u) transcript=$(mktemp)
  openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost \
    -keyout "$dir/key.pem" -out "$dir/cert.pem" 2>/dev/null || fail "openssl could not make a certificate"
  mkfifo "$fifo"
  "$devserver" --port 0 --tls-cert "$dir/cert.pem" --tls-key "$dir/key.pem" --api-key "$KEY" \
    >"$fifo" 2>&1 &
  server=$!
  exec 3<"$fifo"
  if IFS= read -r -t 20 first <&3; then
    base=$(sed -nE 's|.*listening on https://127.0.0.1:([0-9]+)/.*|https://localhost:\1/api/v1|p' \
      <<<"$first")
    export FLAMEUP_API_KEY=$KEY FLAMEUP_WORKSPACE_ID=$WORKSPACE FLAMEUP_BASE_URL=$base
    {
      run doctor
      expect_rc 1
      expect_doctor_line ok dns "localhost is pinned to 127.0.0.1 and ::1 (no lookup)"
      grep -qE '^  FAIL  tls            handshake failed: .*certificate' <<<"$out" ||
        fail "no failed tls line naming the certificate"
      grep -qF "        fix: the server's certificate is not trusted here" <<<"$out" ||
        fail "no tls fix"
      expect_doctor_line skip api_key "needs the tls step"
      run doctor --ca-file "$dir/cert.pem"
      expect_rc 0
      grep -qE '^  ok    tls            TLSv1\.[23], certificate verified \([0-9]+ ms\)$' \
        <<<"$out" || fail "no tls line with the version"
      expect_out_line "all checks passed"
    } >"$transcript"
  else
    fail "the TLS emulator did not start"
  fi
  kill "$server" 2>/dev/null
  wait "$server" 2>/dev/null
  exec 3<&-
  cat "$transcript"
  if grep -nF "$KEY" "$transcript"; then fail "the key was printed"; fi
  rm -rf "$dir" "$fifo" "$transcript"
}

# --- the help (no emulator) -----------------------------------------------------------------

# Every command and every option the sources handle must be in `flameup --help`; the list is
# taken from the sources, so a new option without help fails here.
help_documents_every_option() {
  run --help
  expect_rc 0
  local help=$out word words
  [ -n "$help" ] || fail "no help on stdout"
  words=$( (grep -ohE '"--[a-z-]+"' "$source_dir"/tools/cli/*.cpp;
            grep -ohE 'command == "[a-z]+"' "$source_dir"/tools/cli/main.cpp |
              grep -oE '"[a-z]+"') | tr -d '"' | sort -u)
  [ "$(wc -l <<<"$words")" -ge 15 ] || fail "found too few options in the sources: $words"
  for word in $words FLAMEUP_API_KEY FLAMEUP_WORKSPACE_ID FLAMEUP_BASE_URL "Exit status"; do
    grep -qF -- "$word" <<<"$help" || fail "the help does not mention $word"
  done
  run track --help
  expect_rc 0
  expect_out "$help"
  run
  expect_rc 2
  expect_out ""
  expect_err "$help"
  run frobnicate
  expect_rc 2
  expect_err "flameup: unknown command frobnicate (see flameup --help)"
}

# --- test servers of their own (no emulator of scripts/with-emulator.sh) ---------------------

# start_test_server PROGRAM ARGS...: starts a test server that prints "... listening on
# <base url>..." first; points the CLI at it (FLAMEUP_BASE_URL and the sentinel key) and
# keeps that line in $server_line. False if it printed nothing within 20 s.
start_test_server() {
  server_fifo=$(mktemp -u)
  mkfifo "$server_fifo"
  "$@" >"$server_fifo" &
  server_pid=$!
  exec 3<"$server_fifo"
  IFS= read -r -t 20 server_line <&3 || return 1
  export FLAMEUP_API_KEY=$KEY FLAMEUP_WORKSPACE_ID=$WORKSPACE
  FLAMEUP_BASE_URL=$(sed -nE 's/.*listening on (http[^ ]*).*/\1/p' <<<"$server_line")
  export FLAMEUP_BASE_URL
}

stop_test_server() {
  kill "$server_pid" 2>/dev/null
  wait "$server_pid" 2>/dev/null
  exec 3<&-
  rm -f "$server_fifo"
}

# --- a server that echoes the key (no emulator) ----------------------------------------------

# The server answers every request with the key it received, spelled one of n ways in turn
# (raw, percent-encoded, \u escapes, base64 of the Authorization header...; its --spellings
# file lists them), next to a forged log line and terminal escapes. Each command shows the
# echo as [redacted], the escapes as text, on one line; then the whole transcript is searched
# for every spelling, for "sentinel" in any case, and for the raw escape bytes.
ESCAPES_SHOWN='\r\nflameup [error] forged line\x1b[2J\x1b]0;owned\x07\u009b31m\u202eend'

echoed_cases() {
  local n=$1 i
  for ((i = 0; i < n; i++)); do
    run list
    expect_rc 1
    # A body of a shape the API never uses: the library keeps only the status.
    expect_err "flameup list: server_error: HTTP 500 (HTTP 500)"
  done
  for ((i = 0; i < n; i++)); do
    run list --user text
    expect_rc 1
    expect_err "flameup list: server_error: HTTP 500 (HTTP 500)"
  done
  for ((i = 0; i < n; i++)); do
    run track --user u1 --event signup
    expect_rc 1
    expect_err "flameup track: rejected: bad key [redacted]$ESCAPES_SHOWN (HTTP 400); \
[redacted]: [redacted]$ESCAPES_SHOWN"
  done
  run import - < <(for ((i = 0; i < n; i++)); do echo '{"userId": "u1", "event": "signup"}'; done)
  expect_rc 1
  expect_out_line "rejected: $n"
  [ "$(grep -cF ": rejected: rejected: bad key [redacted]$ESCAPES_SHOWN (HTTP 400); " \
      <<<"$err")" -eq "$n" ] ||
    fail "import does not report each line as rejected with the echo redacted"
  [ "$(wc -l <<<"$err")" -eq "$n" ] || fail "import printed more lines than the rejected ones"
}

key_echoed_by_the_server_never_printed() {
  local spellings transcript n
  spellings=$(mktemp) transcript=$(mktemp)
  if start_test_server "$echo_server" --key "$KEY" --spellings "$spellings"; then
    n=$(sed -nE 's/.*\(([0-9]+) spellings\).*/\1/p' <<<"$server_line")
    echoed_cases "$n" >"$transcript"
  else
    fail "the echo server did not start"
  fi
  stop_test_server
  cat "$transcript"
  echo "--- checks on the transcript:"
  [ "$(wc -l <"$spellings")" -ge 15 ] || fail "too few spellings: $(wc -l <"$spellings")"
  if grep -niF -f "$spellings" "$transcript"; then fail "a spelling of the key was printed"; fi
  if grep -ni sentinel "$transcript"; then fail "part of the key was printed"; fi
  if LC_ALL=C grep -n $'[\x01-\x09\x0b-\x1f\x7f]\|\xc2[\x80-\x9f]\|\xe2\x80\xae' "$transcript"; then
    fail "control characters were printed"
  fi
  rm -f "$spellings" "$transcript"
}

# --- a key that may track but not read ------------------------------------------------------

# The list route answers 403 every time: one request (a 403 is not retried), exit status 1,
# and a message that says which permission the key lacks.
list_forbidden_without_read_permission() {
  local transcript
  transcript=$(mktemp)
  if start_test_server "$forbidden_server"; then
    {
      run list --limit 5
      expect_rc 1
      expect_err "flameup list: forbidden: API key lacks the events:read scope (HTTP 403); \
the API key needs the events:read permission to list events"
      run list --verbose
      expect_rc 1
      [ "$(grep -c 'list_events attempt' <<<"$err")" -eq 1 ] || fail "the 403 was retried"
      run track --user u1 --event signup
      expect_rc 0
    } >"$transcript"
  else
    fail "the forbidden-list server did not start"
  fi
  stop_test_server
  cat "$transcript"
  if grep -nF "$KEY" "$transcript"; then fail "the sentinel key appears in the output"; fi
  rm -f "$transcript"
}

# --- the outer run --------------------------------------------------------------------------

# How many events the emulator recorded, from its log in the transcript.
recorded_events() { sed -n '/^--- the emulator logged:$/,$p' "$1" | grep -c '^event evt_'; }

declare -A expected_recorded=(
  [track_prints_event_id]=3 [track_missing_user_sends_nothing]=0 [import_counts_outcomes]=4
  [import_from_stdin]=3 [import_timeout_drops_the_rest]=0 [list_limit]=3 [key_never_printed_on_success]=3
  [key_never_printed_on_errors]=0 [import_progress_live_on_a_terminal]=40
  [import_progress_plain_lines]=40 [import_resumes_after_kill_9]=200
  [import_stops_on_sigint_and_sigterm]=300 [import_state_file_checks]=4
  [doctor_all_steps_pass]=0 [doctor_failing_steps]=0)

outer() {
  local transcript args_var="emulator_args_$case"
  transcript=$(mktemp)
  EMULATOR_ARGS=${!args_var:-} "$source_dir/scripts/with-emulator.sh" "$devserver" \
    env FLAMEUP_API_KEY="$KEY" FLAMEUP_WORKSPACE_ID="$WORKSPACE" \
    bash "$0" --inner "$case" "$cli" >"$transcript" 2>&1
  local status=$?
  cat "$transcript"
  echo "--- checks on the transcript:"
  [ "$status" -eq 0 ] || fail "the case failed (status $status)"
  grep -q '^flameup-devserver stopped$' "$transcript" || fail "the emulator log is incomplete"
  if grep -nF "$KEY" "$transcript"; then fail "the sentinel key appears in the output"; fi
  local recorded
  recorded=$(recorded_events "$transcript")
  [ "$recorded" -eq "${expected_recorded[$case]}" ] ||
    fail "the emulator recorded $recorded events, expected ${expected_recorded[$case]}"
  rm -f "$transcript"
}

if [ "${1:-}" == "--inner" ]; then
  case=$2 cli=$3
  "case_$case"
  exit "$((failures > 0))"
fi

case=$1 cli=$2 devserver=$3 source_dir=$4 echo_server=${5:-} forbidden_server=${6:-}
if [ "$case" == help_documents_every_option ] ||
   [ "$case" == key_echoed_by_the_server_never_printed ] || [ "$case" == doctor_over_tls ] ||
   [ "$case" == list_forbidden_without_read_permission ]; then
  "$case"
  [ "$failures" -eq 0 ] && echo "PASS" || echo "FAILED ($failures)"
  exit "$((failures > 0))"
fi
[ -n "${expected_recorded[$case]:-}" ] || { echo "unknown case $case"; exit 2; }
outer
[ "$failures" -eq 0 ] && echo "PASS" || echo "FAILED ($failures)"
exit "$((failures > 0))"
