#!/usr/bin/env bash
#
# SET throughput with the append-only file on: Cinnabar and a real redis-server side by side,
# with appendonly yes and the same appendfsync (everysec, always), each writing into its own
# temporary directory under the same parent (so on the same disk). Cinnabar runs through
# ../your_program.sh, Redis with --save "" (no RDB). Each measure starts a fresh server, runs
# the load twice to warm it up (the JVM compiles its hot path meanwhile) and then measures the
# same load on it. Rounds alternate the servers; the median requests per second and the
# Cinnabar/Redis ratio are printed per policy.
#
# Environment (defaults in brackets):
#   ROUNDS [3]          measured rounds per server and policy
#   POLICIES [everysec,always]
#   REQUESTS [200000]   -n of redis-benchmark (always: a quarter of it)
#   CLIENTS [50]        -c
#   PIPELINE [1]        -P
#   PARENT [$TMPDIR or /tmp]   where the two data directories are made
#   PIN [auto]          "yes" pins the server to CPU 0 and the benchmark to CPU 1 with taskset;
#                       "auto" does so when there are at least 2 CPUs, "no" never
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${ROUNDS:-3}"
policies="${POLICIES:-everysec,always}"
requests="${REQUESTS:-200000}"
clients="${CLIENTS:-50}"
pipeline="${PIPELINE:-1}"
parent="${PARENT:-${TMPDIR:-/tmp}}"
work="$(mktemp -d "$parent/aof-bench.XXXXXX")"
pid=""
pin="${PIN:-auto}"
if [[ "$pin" == auto ]]; then
    pin=$([[ $(nproc) -ge 2 ]] && command -v taskset >/dev/null && echo yes || echo no)
fi
server_cpu=() client_cpu=()
if [[ "$pin" == yes ]]; then
    server_cpu=(taskset -c 0)
    client_cpu=(taskset -c 1)
fi

cleanup() {
    [[ -n "$pid" ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

wait_for() {
    for _ in $(seq 600); do
        [[ "$(redis-cli -p "$1" PING 2>/dev/null)" == PONG ]] && return
        sleep 0.05
    done
    echo "server on $1 did not start" >&2
    exit 1
}

# start <server> <policy> <port> <dir>
start() {
    local args=(--port "$3" --dir "$4" --save "" --appendonly yes --appendfsync "$2")
    if [[ "$1" == redis ]]; then
        "${server_cpu[@]}" redis-server "${args[@]}" --logfile "$4/server.log" &
    else
        (cd "$4" && exec "${server_cpu[@]}" bash "$root/your_program.sh" "${args[@]}" --management.server.port=0 >server.log 2>&1) &
    fi
    pid=$!
    wait_for "$3"
}

stop() {
    redis-cli -p "$1" SHUTDOWN NOSAVE >/dev/null 2>&1 || true
    wait "$pid" 2>/dev/null || true
    pid=""
}

# measure <server> <policy> <requests>: prints requests per second of a warmed-up server
measure() {
    local port dir rps
    port="$(free_port)"
    dir="$(mktemp -d "$work/$1-$2.XXXXXX")"
    start "$1" "$2" "$port" "$dir"
    # The same load twice first, on the same server: the JVM compiles its hot path meanwhile.
    benchmark "$port" "$3" >/dev/null
    benchmark "$port" "$3" >/dev/null
    rps="$(benchmark "$port" "$3")"
    stop "$port"
    rm -rf "$dir"
    echo "${rps%\"}"
}

benchmark() {
    "${client_cpu[@]}" redis-benchmark -p "$1" -t set -n "$2" -c "$clients" -P "$pipeline" -r 100000 -q --csv \
        | awk -F'","' 'NR==2 {print $2}'
}

median() {
    sort -n | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'
}

CINNABAR_PREPARE_ONLY=1 bash "$root/your_program.sh"
echo "| appendfsync | Cinnabar SET/s | Redis SET/s | ratio |"
echo "|---|---|---|---|"
for policy in ${policies//,/ }; do
    n="$requests"
    [[ "$policy" == always ]] && n=$((requests / 4))
    cinnabar=() redis=()
    for _ in $(seq "$rounds"); do
        cinnabar+=("$(measure cinnabar "$policy" "$n")")
        redis+=("$(measure redis "$policy" "$n")")
    done
    c="$(printf '%s\n' "${cinnabar[@]}" | median)"
    r="$(printf '%s\n' "${redis[@]}" | median)"
    echo "| $policy | $c (${cinnabar[*]}) | $r (${redis[*]}) | $(awk -v c="$c" -v r="$r" 'BEGIN {printf "%.2f", c / r}') |"
done
