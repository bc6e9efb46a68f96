#!/usr/bin/env bash
#
# RDB persistence measures, Cinnabar beside a real redis-server:
#   1. loading a 1,000,000-key RDB file at start-up: launch to first PONG, and the load time
#      each server logs ("DB loaded from disk"), median of ROUNDS launches; the file is made
#      by redis-server (DEBUG POPULATE: key:N -> value:N) and loaded by both;
#   2. the worst latency a client sees while a BGSAVE of those keys runs: a probe sends PING
#      and GET back to back on one connection for the whole save and reports the slowest
#      round trip (and the same probe with no save running, for comparison);
#   3. SET/GET throughput (redis-benchmark -c 50) with back-to-back BGSAVEs running, next to
#      the same with no save running.
# Usage: bench/rdb-persistence.sh   (KEYS=1000000 ROUNDS=3 by default)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
keys=${KEYS:-1000000}
rounds=${ROUNDS:-3}
work="$(mktemp -d)"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_pong() {
    local port=$1
    for _ in $(seq 6000); do
        [[ "$(redis-cli -p "$port" PING 2>/dev/null)" == "PONG" ]] && return 0
        sleep 0.01
    done
    return 1
}
now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

echo "Making a $keys-key RDB with redis-server ..." >&2
port=$(free_port)
mkdir -p "$work/source"
redis-server --port "$port" --dir "$work/source" --save "" --appendonly no --enable-debug-command yes \
    --daemonize no --logfile "$work/source/log" >/dev/null 2>&1 &
pids+=($!)
wait_pong "$port"
redis-cli -p "$port" DEBUG POPULATE "$keys" key 16 >/dev/null
redis-cli -p "$port" SAVE >/dev/null
redis-cli -p "$port" SHUTDOWN NOSAVE >/dev/null 2>&1 || true
file="$work/source/dump.rdb"
echo "File: $(du -h "$file" | cut -f1)" >&2
CINNABAR_PREPARE_ONLY=1 "$root/your_program.sh"

start_redis() {
    local dir=$1 port=$2
    redis-server --port "$port" --dir "$dir" --save "" --appendonly no --daemonize no --logfile "$dir/log" \
        >/dev/null 2>&1 &
    echo $!
}
start_cinnabar() {
    local dir=$1 port=$2
    (cd "$dir" && exec "$root/your_program.sh" --port "$port" --dir "$dir" --save "" --management.server.port=-1 \
        >"$dir/log" 2>&1) >/dev/null 2>&1 &
    echo $!
}

declare -A launch loaded
for server in redis cinnabar; do
    for round in $(seq "$rounds"); do
        dir="$work/$server-$round"
        mkdir -p "$dir"
        cp "$file" "$dir/dump.rdb"
        port=$(free_port)
        started=$(now_ms)
        pid=$("start_$server" "$dir" "$port")
        pids+=("$pid")
        wait_pong "$port"
        echo $(( $(now_ms) - started )) >>"$work/$server.launch"
        grep -o 'DB loaded from disk: [0-9.]*' "$dir/log" | grep -o '[0-9.]*$' >>"$work/$server.loaded"
        [[ "$(redis-cli -p "$port" DBSIZE)" == "$keys" ]] || { echo "$server did not load every key" >&2; exit 1; }
        if [[ $round != "$rounds" ]]; then
            kill -9 "$pid"
        else
            eval "${server}_port=$port"
        fi
    done
    launch[$server]=$(median <"$work/$server.launch")
    loaded[$server]=$(median <"$work/$server.loaded")
done

probe() {
    # Round trips of PING and GET on one connection for $2 seconds or until file $3 exists;
    # prints "max_ms p99_ms count".
    python3 - "$1" "$2" "${3:-/nonexistent}" <<'PY'
import os, socket, sys, time
port, seconds, stop = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
s = socket.create_connection(("127.0.0.1", port)); s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
requests = [b"*1\r\n$4\r\nPING\r\n", b"*2\r\n$3\r\nGET\r\n$9\r\nkey:12345\r\n"]
samples = []; end = time.monotonic() + seconds; i = 0
while time.monotonic() < end and not (i % 200 == 0 and os.path.exists(stop)):
    t = time.perf_counter(); s.sendall(requests[i % 2]); data = b""
    while not data.endswith(b"\r\n") or (data.startswith(b"$") and data.count(b"\r\n") < 2):
        data += s.recv(4096)
    samples.append((time.perf_counter() - t) * 1000); i += 1
samples.sort()
print("%.2f %.2f %d" % (samples[-1], samples[int(len(samples) * 0.99)], len(samples)))
PY
}

latency_during_save() {
    local port=$1
    local took
    rm -f "$work/stop"
    probe "$port" 120 "$work/stop" >"$work/probe.out" &
    local probe_pid=$!
    sleep 0.2
    local started; started=$(now_ms)
    redis-cli -p "$port" BGSAVE >/dev/null
    while redis-cli -p "$port" INFO persistence | grep -q 'rdb_bgsave_in_progress:1'; do sleep 0.01; done
    took=$(( $(now_ms) - started ))
    touch "$work/stop"
    wait "$probe_pid"
    echo "$took $(cat "$work/probe.out")"
}

throughput() {
    local port=$1 saving=$2
    local bg=""
    if [[ $saving == yes ]]; then
        ( while true; do redis-cli -p "$port" BGSAVE >/dev/null 2>&1; sleep 0.05; done ) &
        bg=$!
    fi
    redis-benchmark -p "$port" -t set,get -n 300000 -c 50 -r 1000000 -q 2>/dev/null | tr '\r' '\n' \
        | grep -oE '^[A-Z]+: [0-9.]+ requests per second' | sed -E 's/ requests per second//; s/: /=/' | tr '\n' ' '
    [[ -n $bg ]] && { kill "$bg"; wait "$bg" 2>/dev/null || true; }
    while redis-cli -p "$port" INFO persistence | grep -q 'rdb_bgsave_in_progress:1'; do sleep 0.05; done
}

echo "| measure | redis-server 7.0.15 | Cinnabar | ratio |"
echo "|---|---|---|---|"
printf "| launch to first PONG with %s keys (ms, median of %s) | %s | %s | %.2f |\n" "$keys" "$rounds" \
    "${launch[redis]}" "${launch[cinnabar]}" "$(echo "${launch[cinnabar]} / ${launch[redis]}" | bc -l)"
printf "| 'DB loaded from disk' (s, median) | %s | %s | %.2f |\n" "${loaded[redis]}" "${loaded[cinnabar]}" \
    "$(echo "${loaded[cinnabar]} / ${loaded[redis]}" | bc -l)"
for server in redis cinnabar; do
    port_var="${server}_port"; port=${!port_var}
    idle=$(probe "$port" 1.5)
    read -r took max p99 count <<<"$(latency_during_save "$port")"
    echo "| $server: BGSAVE of $keys keys took (ms) | $took | | |"
    echo "| $server: slowest PING/GET round trip during it, ms (p99, samples) | $max ($p99, $count) | idle: $idle | |"
    echo "| $server: SET/GET req/s without / with back-to-back BGSAVEs | $(throughput "$port" no) | $(throughput "$port" yes) | |"
done
