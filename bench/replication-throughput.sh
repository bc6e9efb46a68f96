#!/usr/bin/env bash
#
# SET throughput on a master with 0, 1 and 2 replicas attached, Cinnabar beside a real
# redis-server in the same topology (Cinnabar replicas of a Cinnabar master, Redis replicas
# of a Redis master), and the replication lag right after the load: the time until every
# replica's offset (INFO replication slave_repl_offset) reaches the master's.
# Each topology first runs the load once unmeasured, so that the JVMs have compiled their hot
# paths; processes are not pinned (a master and two replicas share the machine's CPUs).
#
# Environment (defaults in brackets):
#   REQUESTS [500000]   -n of redis-benchmark
#   PIPELINE [16]       -P
#   CLIENTS [50]        -c
#   ROUNDS [3]          measured rounds per topology and server; the median is reported
#   PORT_BASE [17400]   ports PORT_BASE .. PORT_BASE+5
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
requests="${REQUESTS:-500000}"
pipeline="${PIPELINE:-16}"
clients="${CLIENTS:-50}"
rounds="${ROUNDS:-3}"
base="${PORT_BASE:-17400}"
work="$(mktemp -d)"
pids=()

cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

wait_port() {
    for _ in $(seq 1 300); do
        redis-cli -p "$1" ping >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    echo "port $1 did not answer" >&2
    return 1
}

start() { # server port [master-port]
    local server="$1" port="$2" master="${3:-}" dir="$work/$1-$2"
    mkdir -p "$dir"
    if [[ "$server" == cinnabar ]]; then
        (cd "$dir" && exec bash "$root/your_program.sh" --port "$port" --management.server.port=0 --repl-diskless-sync-delay 0 \
            ${master:+--replicaof "127.0.0.1 $master"} >"$dir/log" 2>&1) &
    else
        redis-server --port "$port" --save "" --appendonly no --dir "$dir" --repl-diskless-sync-delay 0 \
            ${master:+--replicaof 127.0.0.1 "$master"} >"$dir/log" 2>&1 &
    fi
    pids+=("$!")
    wait_port "$port"
}

offset_of() { redis-cli -p "$1" info replication | tr -d '\r' | awk -F: -v k="$2" '$1 == k {print $2}'; }

linked() { # replica ports...
    for port in "$@"; do
        [[ "$(offset_of "$port" master_link_status)" == up ]] || return 1
    done
}

measure() { # server replicas -> "ops/s lag-ms"
    local server="$1" count="$2" master="$base" replicas=()
    start "$server" "$master"
    for i in $(seq 1 "$count"); do
        start "$server" $((base + i)) "$master"
        replicas+=($((base + i)))
    done
    for _ in $(seq 1 300); do linked "${replicas[@]}" && break; sleep 0.1; done
    # One unmeasured run first: the JVMs compile the master's and the replicas' hot paths meanwhile.
    redis-benchmark -p "$master" -t set -n "$requests" -P "$pipeline" -c "$clients" -r 100000 -q >/dev/null
    local results=()
    for _ in $(seq 1 "$rounds"); do
        local rps
        rps=$(redis-benchmark -p "$master" -t set -n "$requests" -P "$pipeline" -c "$clients" -r 100000 -q --csv \
            | tail -1 | awk -F'","' '{print $2}' | tr -d '"')
        local done_at
        done_at=$(date +%s%N)
        local target
        target=$(offset_of "$master" master_repl_offset)
        for port in "${replicas[@]}"; do
            until [[ "$(offset_of "$port" slave_repl_offset)" -ge "$target" ]]; do sleep 0.001; done
        done
        results+=("$rps $(( ($(date +%s%N) - done_at) / 1000000 ))")
    done
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    pids=()
    printf '%s\n' "${results[@]}" | sort -n | sed -n "$(( (rounds + 1) / 2 ))p"
}

echo "| replicas | Cinnabar SET/s | Redis SET/s | ratio | Cinnabar lag ms | Redis lag ms |"
echo "|---|---|---|---|---|---|"
for count in 0 1 2; do
    read -r c_rps c_lag < <(measure cinnabar "$count")
    read -r r_rps r_lag < <(measure redis "$count")
    ratio=$(awk -v c="$c_rps" -v r="$r_rps" 'BEGIN {printf "%.2f", c / r}')
    [[ "$count" == 0 ]] && c_lag=- && r_lag=-
    echo "| $count | $c_rps | $r_rps | $ratio | $c_lag | $r_lag |"
done
