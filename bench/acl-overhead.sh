#!/usr/bin/env bash
#
# What ACL checks cost: GET and SET throughput of one Cinnabar (launched through
# ../your_program.sh) as the unrestricted default user and as a user restricted to ~app:*
# with a handful of command rules, on the same keys (app:<n>). Rounds alternate the two users
# and the medians are reported with their ratio (restricted / default).
#
# Environment (defaults in brackets):
#   ROUNDS [5]         measured rounds per user, after one warm-up round
#   REQUESTS [300000]  -n per test
#   CLIENTS [50]       -c
#   PIPELINE [1]       -P
#   PIN [auto]         "yes" pins the server to CPU 0 and redis-benchmark to CPU 1 (taskset);
#                      "auto" does so with at least 2 CPUs
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${ROUNDS:-5}"
requests="${REQUESTS:-300000}"
clients="${CLIENTS:-50}"
pipeline="${PIPELINE:-1}"
pin="${PIN:-auto}"
if [[ "$pin" == auto ]]; then
    pin=$([[ $(nproc) -ge 2 ]] && command -v taskset >/dev/null && echo yes || echo no)
fi
server_cpu=() client_cpu=()
if [[ "$pin" == yes ]]; then
    server_cpu=(taskset -c 0)
    client_cpu=(taskset -c 1)
fi
rules=(on '>bench' '~app:*' '&app:*' -@all +@read +@write +@connection -@dangerous -keys)

port=$(shuf -i 20000-30000 -n 1)
work="$(mktemp -d)"
CINNABAR_PREPARE_ONLY=1 "$root/your_program.sh"
(cd "$work" && exec "${server_cpu[@]}" "$root/your_program.sh" --port "$port" --save "" \
    --management.server.port=-1 >"$work/server.log" 2>&1) &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 200); do
    redis-cli -p "$port" PING 2>/dev/null | grep -q PONG && break
    sleep 0.1
done
redis-cli -p "$port" ACL SETUSER bench "${rules[@]}" >/dev/null

# Requests per second of one redis-benchmark run; $1 is "default" or "restricted".
measure() {
    local user=$1 command=$2 auth=()
    [[ "$user" == restricted ]] && auth=(--user bench -a bench)
    local args=(SET 'app:__rand_int__' value)
    [[ "$command" == get ]] && args=(GET 'app:__rand_int__')
    "${client_cpu[@]}" redis-benchmark -p "$port" "${auth[@]}" -n "$requests" -c "$clients" -P "$pipeline" \
        -r 100000 --csv "${args[@]}" 2>/dev/null | tail -1 | cut -d, -f2 | tr -d '"'
}

median() {
    sort -n | awk '{ values[NR] = $1 } END { print (NR % 2) ? values[(NR + 1) / 2] : (values[NR / 2] + values[NR / 2 + 1]) / 2 }'
}

declare -A results
for round in $(seq 0 "$rounds"); do
    for command in set get; do
        for user in default restricted; do
            rps=$(measure "$user" "$command")
            if (( round > 0 )); then
                results[$command.$user]+="$rps "
            fi
        done
    done
done

printf '%-5s %14s %14s %7s\n' test default restricted ratio
for command in set get; do
    default=$(tr ' ' '\n' <<<"${results[$command.default]}" | grep . | median)
    restricted=$(tr ' ' '\n' <<<"${results[$command.restricted]}" | grep . | median)
    printf '%-5s %14.0f %14.0f %7.3f\n' "$command" "$default" "$restricted" \
        "$(awk -v r="$restricted" -v d="$default" 'BEGIN { print r / d }')"
done
