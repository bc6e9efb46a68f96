#!/usr/bin/env bash
#
# Cinnabar side by side with a real redis-server: throughput and latency of the same
# redis-benchmark workloads, resident memory per key, and the time from launch to the first
# PONG. Cinnabar runs through ../your_program.sh (the production JVM options; more can be
# added with CINNABAR_JVM_OPTS), Redis with --save "" --appendonly no. Rounds alternate the
# servers and the medians are reported, as a table per measure and as markdown at the end.
#
# Environment (defaults in brackets):
#   ROUNDS [3]          measured rounds per server (a warm-up pass comes first)
#   TESTS [ping,set,get,incr,mset]   redis-benchmark -t list; a test a server rejects shows n/a
#   REQUESTS_P1 [200000] and REQUESTS_P16 [2000000]   -n for -P 1 and -P 16
#   CLIENTS [50]        -c
#   KEYSPACE [100000]   -r
#   MEMORY_KEYS [1000000]  keys loaded for the memory measure (0 skips it)
#   STARTS [3]          launches per server for the start-up measure (0 skips it)
#   PIN [auto]          "yes" pins the server to CPU 0 and the benchmark to CPU 1 with taskset;
#                       "auto" does so when there are at least 2 CPUs, "no" never
#   OUT [bench/results/<timestamp>]  raw CSV and the markdown report
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${ROUNDS:-3}"
tests="${TESTS:-ping,set,get,incr,mset}"
requests_p1="${REQUESTS_P1:-200000}"
requests_p16="${REQUESTS_P16:-2000000}"
clients="${CLIENTS:-50}"
keyspace="${KEYSPACE:-100000}"
memory_keys="${MEMORY_KEYS:-1000000}"
starts="${STARTS:-3}"
out="${OUT:-$root/bench/results/$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$out"
work="$(mktemp -d)"

pin="${PIN:-auto}"
if [[ "$pin" == auto ]]; then
    pin=$([[ $(nproc) -ge 2 ]] && command -v taskset >/dev/null && echo yes || echo no)
fi
server_cpu=() client_cpu=()
if [[ "$pin" == yes ]]; then
    server_cpu=(taskset -c 0)
    client_cpu=(taskset -c 1)
fi

for tool in redis-server redis-cli redis-benchmark; do
    command -v "$tool" >/dev/null || { echo "$tool is not installed" >&2; exit 1; }
done

server_pid=""
cleanup() {
    [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

log() { echo "$*" >&2; }

free_port() {
    local port
    # Below the ephemeral range, where a client socket may hold a port nobody listens on.
    for port in $(shuf -i 10000-32000 -n 50); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
    return 1
}

# Starts one server in the background on $2 (pinned unless $3 is "unpinned"); sets server_pid.
start_server() {
    local server=$1 port=$2 cpu=("${server_cpu[@]}")
    [[ "${3:-}" == unpinned ]] && cpu=()
    mkdir -p "$work/$server"
    case "$server" in
        cinnabar)
            (cd "$work/$server" && exec "${cpu[@]}" "$root/your_program.sh" --port "$port" \
                --save "" --appendonly no --server.port=0) >"$work/$server.log" 2>&1 &
            ;;
        redis)
            (cd "$work/$server" && exec "${cpu[@]}" redis-server --port "$port" --save "" \
                --appendonly no) >"$work/$server.log" 2>&1 &
            ;;
    esac
    server_pid=$!
}

# The JVM command line your_program.sh ran, for the report.
record_command_line() {
    [[ -f "$work/cinnabar.command" ]] || tr '\0' ' ' <"/proc/$server_pid/cmdline" >"$work/cinnabar.command"
}

# Milliseconds until the server on $1 answers PING (polled every 20 ms).
wait_for_pong() {
    local port=$1 started=$2
    until [[ "$(redis-cli -p "$port" PING 2>/dev/null)" == PONG ]]; do
        kill -0 "$server_pid" 2>/dev/null || { log "server died:"; tail -n 20 "$work/"*.log >&2; exit 1; }
        sleep 0.02
    done
    local elapsed=$(( ($(date +%s%N) - started) / 1000000 ))
    [[ "$(readlink "/proc/$server_pid/exe")" == */java ]] && record_command_line
    echo "$elapsed"
}

stop_server() {
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
}

whole() {
    [[ "$1" == n/a ]] && echo n/a || printf '%.0f' "$1"
}

rss_kb() {
    awk '/^VmRSS:/ {print $2}' "/proc/$1/status"
}

median() {
    sort -g | awk '{v[NR]=$1} END {if (NR == 0) print "n/a"; else if (NR % 2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'
}

# Runs one redis-benchmark test; appends "server,pipeline,round,test,rps,p50,p99" rows to $1.
run_test() {
    local sink=$1 server=$2 port=$3 pipeline=$4 round=$5 test=$6 requests=$7
    local csv
    if csv="$("${client_cpu[@]}" redis-benchmark -p "$port" -c "$clients" -n "$requests" -r "$keyspace" \
            -P "$pipeline" -t "$test" --csv 2>>"$work/benchmark-errors.log")"; then
        # "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
        echo "$csv" | tail -n +2 | tr -d '"' | awk -F, -v s="$server" -v p="$pipeline" -v r="$round" \
            '{print s "," p "," r "," $1 "," $2 "," $5 "," $7}' >>"$sink"
    elif [[ "$round" == 1 && "$pipeline" == 1 && "$sink" == "$out/raw.csv" ]]; then
        log "  $server rejected $test: $(tail -1 "$work/benchmark-errors.log")"
    fi
}

# Each round starts each server afresh (alternating which goes first) and runs every
# workload once unmeasured, so that the JIT has compiled it, then once measured.
measure_throughput() {
    echo "server,pipeline,round,test,rps,p50_ms,p99_ms" >"$out/raw.csv"
    local round server port test order
    for round in $(seq "$rounds"); do
        order=(cinnabar redis)
        (( round % 2 == 0 )) && order=(redis cinnabar)
        for server in "${order[@]}"; do
            log "Round $round of $rounds: $server ..."
            port="$(free_port)"
            start_server "$server" "$port"
            wait_for_pong "$port" "$(date +%s%N)" >/dev/null
            for test in ${tests//,/ }; do
                run_test "$work/warmup.csv" "$server" "$port" 16 "$round" "$test" "$requests_p1"
            done
            for test in ${tests//,/ }; do
                run_test "$out/raw.csv" "$server" "$port" 1 "$round" "$test" "$requests_p1"
                run_test "$out/raw.csv" "$server" "$port" 16 "$round" "$test" "$requests_p16"
            done
            stop_server
        done
    done
}

# Medians per server, pipeline and test, and Cinnabar/Redis ratios with their geometric mean.
report_throughput() {
    local pipeline
    for pipeline in 1 16; do
        echo
        echo "### Throughput and latency, -P $pipeline (-c $clients, -r $keyspace, median of $rounds rounds)"
        echo
        echo "| test | Cinnabar ops/s | Redis ops/s | ratio | Cinnabar p50 ms | Redis p50 ms | Cinnabar p99 ms | Redis p99 ms |"
        echo "|---|---:|---:|---:|---:|---:|---:|---:|"
        local names test
        names="$(awk -F, -v p="$pipeline" 'NR > 1 && $2 == p {print $4}' "$out/raw.csv" | awk '!seen[$0]++')"
        local log_sum=0 count=0
        while IFS= read -r test; do
            [[ -z "$test" ]] && continue
            local values=() server column
            for server in cinnabar redis; do
                for column in 5 6 7; do
                    values+=("$(awk -F, -v s="$server" -v p="$pipeline" -v t="$test" -v c="$column" \
                        'NR > 1 && $1 == s && $2 == p && $4 == t {print $c}' "$out/raw.csv" | median)")
                done
            done
            local ratio="n/a"
            if [[ "${values[0]}" != n/a && "${values[3]}" != n/a ]]; then
                ratio="$(awk -v a="${values[0]}" -v b="${values[3]}" 'BEGIN {printf "%.2f", a / b}')"
                log_sum="$(awk -v s="$log_sum" -v r="$ratio" 'BEGIN {print s + log(r)}')"
                count=$((count + 1))
            fi
            echo "| $test | $(whole "${values[0]}") | $(whole "${values[3]}") | $ratio | ${values[1]} | ${values[4]} |" \
                "${values[2]} | ${values[5]} |"
        done <<<"$names"
        if (( count > 0 )); then
            echo
            echo "Geometric mean of the ratios, -P $pipeline: $(awk -v s="$log_sum" -v n="$count" \
                'BEGIN {printf "%.2f", exp(s / n)}') ($count tests)"
        fi
    done
}

# Java heap in use (KiB) after a full collection: the live objects, without the garbage the
# resident set still holds.
live_heap_kb() {
    jcmd "$1" GC.run >/dev/null
    jcmd "$1" GC.heap_info | awk '/^ *(def new generation|tenured generation|garbage-first heap|PSYoungGen|ParOldGen|ZHeap|Shenandoah)/ {
        for (i = 1; i < NF; i++) if ($i == "used") {v = $(i + 1); sub(/K,?$/, "", v); sum += v}
    } END {print sum + 0}'
}

redis_used_memory() {
    redis-cli -p "$1" INFO memory | tr -d '\r' | awk -F: '$1 == "used_memory" {print $2}'
}

# Loads MEMORY_KEYS string keys with 16-byte values through redis-cli --pipe and reports the
# growth of the resident set per key, and of the live data: Cinnabar's Java heap after a full
# collection, Redis's used_memory.
measure_memory() {
    (( memory_keys > 0 )) || return 0
    local commands="$work/set-commands.resp"
    log "Generating $memory_keys SET commands ..."
    awk -v n="$memory_keys" 'BEGIN {
        for (i = 0; i < n; i++) {
            key = sprintf("key:%010d", i); value = sprintf("value-%010d", i)
            printf "*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n", length(key), key, length(value), value
        }
    }' >"$commands"
    echo
    echo "### Memory per key ($memory_keys keys, 14-byte keys, 16-byte values)"
    echo
    echo "| server | RSS before MB | RSS after MB | RSS bytes per key | live data bytes per key |"
    echo "|---|---:|---:|---:|---:|"
    local server port rss_before rss_after live_before live_after summary
    for server in cinnabar redis; do
        port="$(free_port)"
        start_server "$server" "$port"
        wait_for_pong "$port" "$(date +%s%N)" >/dev/null
        sleep 1
        rss_before="$(rss_kb "$server_pid")"
        if [[ "$server" == cinnabar ]]; then
            live_before=$(( $(live_heap_kb "$server_pid") * 1024 ))
        else
            live_before="$(redis_used_memory "$port")"
        fi
        summary="$(redis-cli -p "$port" --pipe <"$commands" 2>&1 | tail -1)"
        log "  $server: $summary"
        sleep 1
        rss_after="$(rss_kb "$server_pid")"
        if [[ "$server" == cinnabar ]]; then
            live_after=$(( $(live_heap_kb "$server_pid") * 1024 ))
        else
            live_after="$(redis_used_memory "$port")"
        fi
        awk -v s="$server" -v b="$rss_before" -v a="$rss_after" -v lb="$live_before" -v la="$live_after" \
            -v n="$memory_keys" 'BEGIN {printf "| %s | %.0f | %.0f | %.0f | %.0f |\n",
                s, b / 1024, a / 1024, (a - b) * 1024 / n, (la - lb) / n}'
        stop_server
    done
}

measure_startup() {
    (( starts > 0 )) || return 0
    echo
    echo "### Launch to first PONG (median of $starts launches, polled every 20 ms, not pinned)"
    echo
    echo "| server | ms | all launches |"
    echo "|---|---:|---|"
    # Builds and records the start-up cache outside the measure.
    CINNABAR_PREPARE_ONLY=1 "$root/your_program.sh"
    local server port i times
    for server in cinnabar redis; do
        times=()
        for i in $(seq "$starts"); do
            port="$(free_port)"
            local started
            started="$(date +%s%N)"
            start_server "$server" "$port" unpinned
            times+=("$(wait_for_pong "$port" "$started")")
            stop_server
        done
        echo "| $server | $(printf '%s\n' "${times[@]}" | median) | ${times[*]} |"
    done
}

{
    echo "## Cinnabar vs Redis ($(redis-server --version | grep -o 'v=[0-9.]*'), $(nproc) CPUs, pinned: $pin)"
    echo
    echo "Cinnabar: $("${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -1)"
    measure_startup
    measure_throughput
    report_throughput
    measure_memory
    echo
    echo "Cinnabar command line: \`$(cat "$work/cinnabar.command")\`"
} | tee "$out/report.md"
log "Raw results and report: $out"
