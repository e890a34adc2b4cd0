#include "help_text.hpp"

namespace flameup::cli {

const char kHelpText[] = R"(Usage: flameup COMMAND [OPTIONS]

Track events to the Flameup API from a shell, import them in bulk, list what was recorded,
and check the setup.

Commands:
  track --user U --event E [--properties JSON] [--timestamp T]
        Send one event now and print its event id on stdout.
          --user U           the user's id (the API's userId); required
          --event E          the event name; required
          --properties JSON  a JSON object, e.g. '{"plan":"pro"}' (default {})
          --timestamp T      when it happened, RFC 3339: 2024-12-25T10:00:00Z,
                             2024-12-25T10:00:00.123Z or 2024-12-25T11:00:00+01:00
                             (default: now)

  import FILE.jsonl [--timeout SECONDS] [--state FILE] [--restart]
                    [--progress-interval SECONDS]
        Send every line of FILE ("-" reads standard input), one JSON object per line:
          {"userId": "u1", "event": "signup", "properties": {...}, "timestamp": "..."}
        (properties and timestamp optional; blank lines skipped). Events are delivered in
        the background, within the rate limit, with retries. Each line that is not a valid
        event, or whose event was not delivered, is reported on stderr as "line N: ...".
        At the end, prints on stdout one count per result:
          delivered: N / rejected: N / expired: N / dropped: N / invalid: N / skipped: N
        (skipped: lines done by an earlier run, see below).
          --timeout SECONDS  give up after this long (default 600; from 1 to 604800): what
                             is undelivered by then is counted as dropped. At 120 requests
                             per minute, 600 s deliver about 1200 events.
        On an authentication error (401/403) the import stops at once.

        Progress, on stderr: on a terminal, one line rewritten in place every 0.5 s;
        otherwise a line every 10 s. Both read:
          import: 120/10000 lines (1%), 2.0 lines/s, ETA 1h22m, 0 failed
          --progress-interval SECONDS  another interval, from 0.05 to 3600
        (lines done so far, earlier runs included / lines in the file; "failed" counts the
        lines not delivered; no total or ETA when reading standard input).

        Resuming. Each event's Idempotency-Key comes from its line: "L<N>-<hash>", N the
        line number and hash the 64-bit FNV-1a of the line's bytes (without the newline),
        in hex. A server that de-duplicates by that key (the emulator does) records a line
        once however many times it is sent. (So does the same line at the same place in
        another file: give such events a "timestamp" to tell them apart.) The import also
        keeps a state file, by default
        FILE.progress beside FILE (none for standard input unless --state is given): the
        number of leading lines that are done (delivered, rejected, invalid or blank) and a
        hash of them, replaced atomically at most once a second and at the end. Run the
        same command again after an interruption (Ctrl-C, SIGTERM, kill -9, a crash, a
        reboot): it checks that those lines are unchanged, skips them, and sends the rest;
        a line that was delivered but not yet counted in the state goes out again under
        the same key, and is recorded once. Lines dropped or expired are sent again.
          --state FILE       keep the state in FILE instead
          --restart          ignore the state and start again from line 1 (the keys still
                             keep the server from recording a line twice)
        A state file whose lines no longer match the input, or one that cannot be written
        (choose another with --state), stops the import before it sends anything (exit
        status 2).

        Ctrl-C or SIGTERM stops the import cleanly: no new line is read, the events already
        handed over get up to 10 s for their outcome (the rest count as dropped), the state
        and the summary are written, and the exit status is 130 (SIGINT) or 143 (SIGTERM).
        A second Ctrl-C ends it at once, with the same status.

  list [--limit N] [--offset N] [--user U] [--event E] [--since T] [--until T]
        Print the workspace's recorded events as JSON: {"events": [...], "total": N}.
        Needs a key with the events:read permission.
          --limit N          at most N events (1 to 1000; server default 100)
          --offset N         skip the first N events
          --user U           only this user's events
          --event E          only events with this name
          --since T          only events at or after T (RFC 3339)
          --until T          only events before T (RFC 3339)

  doctor
        Check the setup, step by step, and print one line per step ("ok", "FAIL",
        "skip" when a step it needs failed, "n/a"), with a fix under each failure:
          configuration  key, workspace and base URL set and valid
          dns            the base URL's host resolves
          tcp            a connection to it opens
          tls            https only: the handshake works and the certificate verifies
          api_key        the key is accepted (one GET of one event; needs events:read)
          rate_limit     requests left in the rate-limit window (X-RateLimit-*)
          clock          this machine's clock within 30 s of the server's Date header
        Exit status 0 only when every step passes (or is n/a), else 1.

  help  Show this help (also: flameup --help, flameup COMMAND --help, -h).

Options for every command (also written --name=value):
  --base-url URL     the API root (default: FLAMEUP_BASE_URL, else
                     https://api.flameup.ai/api/v1); http:// only to a loopback host
  --workspace ID     the workspace id (default: FLAMEUP_WORKSPACE_ID)
  --ca-file FILE     trust the CA certificates in FILE (PEM) instead of the system's
  --verbose          print the SDK's log (attempts, retries) on stderr
  --help, -h         show this help

Environment:
  FLAMEUP_API_KEY        the API key; required. It is read from the environment only
                         (never from the command line, where other users could see it)
                         and is never printed.
  FLAMEUP_WORKSPACE_ID   the workspace id
  FLAMEUP_BASE_URL       the API root

Exit status:
  0  done: the event was recorded / every line was delivered / the list was printed
  1  the server or the network refused or failed (or some lines were not delivered,
     or a doctor check failed)
  2  unusable command line, input or configuration (or an import state file that
     does not match its input): nothing was sent
  130, 143  import only: stopped by SIGINT (Ctrl-C) / SIGTERM; run it again to resume
)";

}  // namespace flameup::cli
