#!/usr/bin/env bash
# Runs the Autobahn|Testsuite fuzzing client against a WebSocket echo server.
#
#   autobahn.sh [ECHO_COMMAND]          (default: $SWITCHBOARD_ECHO_BIN)
#
# ECHO_COMMAND takes switchboard-echo's flags and prints `listening on HOST:PORT` to stderr once bound
# (split on spaces, so "python3 reference_echo.py" works). It is started on 127.0.0.1 and a free port;
# the spec comes from fuzzingclient.json beside this script (every case but 12.* and 13.*, which need
# permessage-deflate). Prints a count per verdict, each case that is not OK / NON-STRICT / INFORMATIONAL,
# and `N passed, M failed`; exits 1 if any case FAILED (or is UNIMPLEMENTED outside 12/13, or the
# server died). Environment:
#   AUTOBAHN_CASES    comma-separated case patterns instead of "*" (e.g. "1.*,5.*")
#   AUTOBAHN_REPORTS  a folder to copy the HTML/JSON reports into (default: a temp folder, removed)
#   AUTOBAHN_TIMEOUT  seconds before wstest is stopped (default 600)
#   AUTOBAHN_SERVER_FLAGS  extra flags for the echo server
#   AUTOBAHN_EXPECTED_FAILURES  comma-separated case ids whose FAILED is reported but tolerated (for a
#                     stand-in server with known deviations; never set it for switchboard-echo)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
tools="${SWITCHBOARD_INTEROP_DIR:-$root/.build-interop}"
echo_command="${1:-${SWITCHBOARD_ECHO_BIN:-}}"
if [[ -z "$echo_command" ]]; then
    echo "usage: autobahn.sh ECHO_COMMAND (or set SWITCHBOARD_ECHO_BIN)" >&2
    exit 2
fi
read -ra server_cmd <<<"$echo_command"
read -ra extra_flags <<<"${AUTOBAHN_SERVER_FLAGS:-}"
if ! command -v "${server_cmd[0]}" >/dev/null 2>&1; then
    echo "autobahn.sh: echo server '${server_cmd[0]}' not found or not executable" >&2
    exit 2
fi

"$here/setup.sh"
wstest="$tools/autobahn/bin/wstest"
python3="$tools/py3/bin/python"

work="$(mktemp -d "${TMPDIR:-/tmp}/switchboard-autobahn.XXXXXX")"
server_pid=""
wstest_pid=""
cleanup() {
    [[ -n "$wstest_pid" ]] && kill -KILL "$wstest_pid" 2>/dev/null || true
    [[ -n "$server_pid" ]] && kill -KILL "$server_pid" 2>/dev/null || true
    if [[ -n "${AUTOBAHN_REPORTS:-}" && -d "$work/reports" ]]; then
        mkdir -p "$AUTOBAHN_REPORTS"
        cp -r "$work/reports/." "$AUTOBAHN_REPORTS/"
    fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"${server_cmd[@]}" --host 127.0.0.1 --port 0 "${extra_flags[@]}" </dev/null >/dev/null 2>"$work/server.log" &
server_pid=$!
disown "$server_pid"  # no "Killed" job notice when cleanup stops it
port=""
for _ in $(seq 1 200); do
    port="$(sed -n 's/.*listening on [^ ]*:\([0-9][0-9]*\)[[:space:]]*$/\1/p' "$work/server.log" | head -n 1)"
    [[ -n "$port" ]] && break
    if ! kill -0 "$server_pid" 2>/dev/null; then
        break
    fi
    sleep 0.1
done
if [[ -z "$port" ]]; then
    echo "autobahn.sh: the echo server printed no 'listening on HOST:PORT' line; its stderr:" >&2
    tail -n 20 "$work/server.log" >&2
    exit 1
fi
url="ws://127.0.0.1:$port/"

"$python3" - "$here/fuzzingclient.json" "$work/spec.json" "$url" "$work/reports" "${AUTOBAHN_CASES:-}" <<'PY'
import json, sys
template, target, url, outdir, cases = sys.argv[1:]
spec = json.load(open(template))
spec["outdir"] = outdir
spec["servers"][0]["url"] = url
if cases:
    spec["cases"] = [c.strip() for c in cases.split(",") if c.strip()]
json.dump(spec, open(target, "w"), indent=2)
PY

started=$(date +%s)
(cd "$work" && exec timeout --kill-after=10 "${AUTOBAHN_TIMEOUT:-600}" "$wstest" -m fuzzingclient -s "$work/spec.json") \
    >"$work/wstest.log" 2>&1 &
wstest_pid=$!
status=0
wait "$wstest_pid" || status=$?
wstest_pid=""
elapsed=$(($(date +%s) - started))

server_alive=1
kill -0 "$server_pid" 2>/dev/null || server_alive=0

if [[ ! -f "$work/reports/index.json" ]]; then
    ending="exit status $status"; ((status == 124 || status == 137)) && ending="stopped at AUTOBAHN_TIMEOUT=${AUTOBAHN_TIMEOUT:-600} s"
    echo "autobahn.sh: wstest wrote no reports/index.json ($ending after ${elapsed} s); the last lines of its output:" >&2
    tail -n 30 "$work/wstest.log" >&2
    echo "echo server stderr:" >&2
    tail -n 20 "$work/server.log" >&2
    exit 1
fi

verdict=0
"$python3" - "$work/reports/index.json" "$url" "$elapsed" "$server_alive" "${AUTOBAHN_EXPECTED_FAILURES:-}" <<'PY' || verdict=$?
import collections, json, sys

index, url, elapsed, alive = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "1"
tolerated = {c.strip() for c in sys.argv[5].split(",") if c.strip()}
cases = {}
for agent_cases in json.load(open(index)).values():
    cases.update(agent_cases)

def key(case_id):
    return [int(part) if part.isdigit() else part for part in case_id.split(".")]

def deflate(case_id):
    return case_id.split(".")[0] in ("12", "13")

fine = {"OK", "NON-STRICT", "INFORMATIONAL"}
behaviors = collections.Counter(c["behavior"] for c in cases.values())
closes = collections.Counter(c["behaviorClose"] for c in cases.values())
bad = [i for i, c in cases.items()
       if c["behavior"] not in fine and not (c["behavior"] == "UNIMPLEMENTED" and deflate(i))]
if tolerated:
    print("tolerated (AUTOBAHN_EXPECTED_FAILURES): " + ", ".join(sorted(set(bad) & tolerated, key=key) or ["none failed"]))
    bad = [i for i in bad if i not in tolerated]

print(f"autobahn: {len(cases)} cases against {url} in {elapsed} s")
for verdict, count in sorted(behaviors.items()):
    print(f"{verdict}: {count}")
for case_id in sorted((i for i, c in cases.items() if c["behavior"] not in ("OK", "UNIMPLEMENTED")), key=key):
    c = cases[case_id]
    print(f"  {c['behavior']} {case_id} (close: {c['behaviorClose']}, remote close code {c['remoteCloseCode']})")
print("close behavior: " + ", ".join(f"{v} {n}" for v, n in sorted(closes.items())))
odd_close = sorted((i for i, c in cases.items() if c["behaviorClose"] not in ("OK", "INFORMATIONAL", "UNIMPLEMENTED")), key=key)
if odd_close:
    print("  close not OK: " + ", ".join(f"{i} ({cases[i]['behaviorClose']})" for i in odd_close))
if not alive:
    print("the echo server was no longer running at the end of the run")
print(f"{len(cases) - len(bad)} passed, {len(bad)} failed")
sys.exit(1 if bad or not alive or not cases else 0)
PY
if ((verdict != 0)); then
    echo "echo server stderr (last lines):"
    tail -n 10 "$work/server.log"
fi
exit "$verdict"
