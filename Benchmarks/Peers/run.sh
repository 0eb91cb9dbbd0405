#!/usr/bin/env bash
# Peer benchmark: WebSocket echo throughput and latency of Switchboard's transport against
# Hummingbird WebSocket (SwiftNIO) and FlyingFox (NIO-free), plus each server's resident memory
# while it holds many idle connections.
#
#   Benchmarks/Peers/run.sh            # from the repository root or anywhere
#
# Knobs (environment): CONNECTIONS=16 DURATION=10 SIZES="32 1024 16384" SERVER_THREADS=1
#   CLIENT_THREADS=1 PIN=1 (server on CPU 0, client on CPU 1) IDLE=10000 (0 skips the memory part)
#   SKIP_BUILD=0 OUT=<dir>
# Every server gets the same command line (--host 127.0.0.1 --port 0 --threads N
# --max-message-bytes 1048576); every run uses the same client, `switchboard-bench echo`.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
CONNECTIONS="${CONNECTIONS:-16}"
DURATION="${DURATION:-10}"
SIZES="${SIZES:-32 1024 16384}"
SERVER_THREADS="${SERVER_THREADS:-1}"
CLIENT_THREADS="${CLIENT_THREADS:-1}"
PIN="${PIN:-1}"
IDLE="${IDLE:-10000}"
SKIP_BUILD="${SKIP_BUILD:-0}"
OUT="${OUT:-$here/.build/results}"
mkdir -p "$OUT"

if [[ "$SKIP_BUILD" != 1 ]]; then
    echo "== building (release)" >&2
    (cd "$root" && swift build -c release --product switchboard-echo && swift build -c release --product switchboard-bench) >&2
    (cd "$here" && swift build -c release --product hummingbird-echo && swift build -c release --product flyingfox-echo) >&2
fi
ours_bin="$(cd "$root" && swift build -c release --show-bin-path)"
peer_bin="$(cd "$here" && swift build -c release --show-bin-path)"
bench="$ours_bin/switchboard-bench"

declare -A server_cmd=(
    [switchboard]="$ours_bin/switchboard-echo"
    [hummingbird]="$peer_bin/hummingbird-echo"
    [flyingfox]="$peer_bin/flyingfox-echo"
)
servers=(switchboard hummingbird flyingfox)

server_pin=()
client_pin=()
if [[ "$PIN" == 1 ]] && command -v taskset >/dev/null; then
    server_pin=(taskset -c 0)
    client_pin=(taskset -c 1)
fi

# Raise the descriptor limit for the servers and the idle-connection client.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

server_pid=""
server_port=""
stop_server() {
    if [[ -n "$server_pid" ]]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
        server_pid=""
    fi
}
trap stop_server EXIT

# start_server NAME: runs the server in the background, sets server_pid and server_port.
start_server() {
    local name="$1" log="$OUT/$1.server.log"
    : >"$log"
    "${server_pin[@]}" ${server_cmd[$name]} --host 127.0.0.1 --port 0 --threads "$SERVER_THREADS" \
        --max-message-bytes 1048576 2>"$log" &
    server_pid=$!
    for _ in $(seq 1 200); do
        if server_port="$(grep -o 'listening on 127.0.0.1:[0-9]*' "$log" | head -1 | sed 's/.*://')" && [[ -n "$server_port" ]]; then
            return 0
        fi
        sleep 0.05
    done
    echo "$name did not announce its port; log:" >&2
    cat "$log" >&2
    exit 1
}

echo "== echo: $CONNECTIONS connections, ${DURATION}s per run, server threads $SERVER_THREADS, client threads $CLIENT_THREADS, pinned=$PIN" >&2
for name in "${servers[@]}"; do
    for size in $SIZES; do
        start_server "$name"
        echo "-- $name, $size B (port $server_port)" >&2
        timer=()
        if [[ -x /usr/bin/time ]]; then timer=(/usr/bin/time -o "$OUT/$name-$size.client-cpu" -f "%U %S"); fi
        "${timer[@]}" "${client_pin[@]}" "$bench" echo --url "ws://127.0.0.1:$server_port/" --connections "$CONNECTIONS" \
            --size "$size" --duration "$DURATION" --threads "$CLIENT_THREADS" --json "$OUT/$name-$size.json" >&2 \
            || echo "   (client failed for $name $size)" >&2
        # Server CPU seconds (user + system) for the whole run: the cost side of messages/s.
        sed 's/.*) //' "/proc/$server_pid/stat" | awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f\n", ($12 + $13) / hz }' \
            >"$OUT/$name-$size.server-cpu"
        stop_server
    done
done

echo "== memory: $IDLE idle connections per server" >&2
for name in "${servers[@]}"; do
    [[ "$IDLE" -gt 0 ]] || break
    start_server "$name"
    "${client_pin[@]}" python3 "$here/idle_clients.py" --url "ws://127.0.0.1:$server_port/" --count "$IDLE" \
        --pid "$server_pid" >"$OUT/$name-idle.txt" || echo "   (idle client failed for $name)" >&2
    echo "-- $name: $(cat "$OUT/$name-idle.txt")" >&2
    stop_server
done

python3 - "$OUT" "$SIZES" "$IDLE" <<'PY'
import json, os, re, sys
out, sizes, idle = sys.argv[1], sys.argv[2].split(), int(sys.argv[3])
servers = ["switchboard", "hummingbird", "flyingfox"]
label = {"switchboard": "Switchboard", "hummingbird": "Hummingbird WS 2.8.1", "flyingfox": "FlyingFox 0.27.1"}

def load(name, size):
    path = os.path.join(out, f"{name}-{size}.json")
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None

def cpu(name, size, kind):
    try:
        fields = open(os.path.join(out, f"{name}-{size}.{kind}-cpu")).read().split()
        return sum(float(f) for f in fields)
    except (OSError, ValueError):
        return None

print("| server | size | messages/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | errors | server CPU | server µs CPU/msg | client CPU |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for name in servers:
    for size in sizes:
        r = load(name, size)
        if r is None:
            print(f"| {label[name]} | {size} | failed | | | | | | |")
            continue
        rt = r["roundTrip"]
        server, client = cpu(name, size, "server"), cpu(name, size, "client")
        server_share = f"{100 * server / r['seconds']:.0f} %" if server is not None else "n/a"
        per_message = f"{1e6 * server / r['messages']:.1f}" if server is not None and r["messages"] else "n/a"
        client_share = f"{100 * client / r['seconds']:.0f} %" if client is not None else "n/a"
        print(f"| {label[name]} | {size} | {r['messagesPerSecond']:,.0f} | {rt['p50Ms']:.3f} | {rt['p90Ms']:.3f} | "
              f"{rt['p99Ms']:.3f} | {rt['p999Ms']:.3f} | {rt['maxMs']:.3f} | {r['errors']} | {server_share} | "
              f"{per_message} | {client_share} |")
print()
print("Ratios of messages/s (higher is better for Switchboard); in brackets the ratio of server CPU per message")
print("(peer / Switchboard, higher means Switchboard spends less CPU per echoed message).")
print()
print("| size | Switchboard / Hummingbird | Switchboard / FlyingFox |")
print("|---:|---:|---:|")
for size in sizes:
    ours, hb, ff = (load(n, size) for n in servers)
    def ratio(peer, peer_name):
        if ours is None or peer is None or peer["messagesPerSecond"] == 0:
            return "n/a"
        text = f"{ours['messagesPerSecond'] / peer['messagesPerSecond']:.2f}×"
        ours_cpu, peer_cpu = cpu("switchboard", size, "server"), cpu(peer_name, size, "server")
        if ours_cpu and peer_cpu and ours["messages"] and peer["messages"]:
            text += f" ({(peer_cpu / peer['messages']) / (ours_cpu / ours['messages']):.2f}× CPU/msg)"
        return text
    print(f"| {size} | {ratio(hb, 'hummingbird')} | {ratio(ff, 'flyingfox')} |")
if idle <= 0:
    sys.exit(0)
print()
print(f"| server | RSS before | RSS with {idle:,} idle connections | per connection |")
print("|---|---:|---:|---:|")
for name in servers:
    try:
        line = open(os.path.join(out, f"{name}-idle.txt")).read()
    except OSError:
        line = ""
    m = dict(re.findall(r"(\w+)=(\d+)", line))
    if "rss_kib" not in m:
        print(f"| {label[name]} | | failed | |")
        continue
    before, rss, opened = int(m["rss_before_kib"]), int(m["rss_kib"]), int(m["opened"])
    per = (rss - before) / opened if opened else 0
    print(f"| {label[name]} | {before / 1024:.1f} MiB | {rss / 1024:.1f} MiB ({opened:,} open) | {per:.1f} KiB |")
PY
