#!/usr/bin/env bash
#
# Cinnabar side by side with a real redis-server: throughput and latency of the same
# workloads (redis-benchmark built-ins, redis-benchmark custom commands, and a transaction
# load from TransactionLoad.java, a pub/sub load from PubSubLoad.java), resident and live
# memory per string key and per collection element, and the time from launch to the first PONG. Cinnabar runs through
# ../your_program.sh (the production JVM options; more can be added with CINNABAR_JVM_OPTS),
# Redis with --save "" --appendonly no. Rounds alternate the servers and the medians are
# reported, as a table per measure and as markdown at the end. bench/README.md describes
# every workload.
#
# Environment (defaults in brackets):
#   ROUNDS [3]          measured rounds per server (a warm-up pass comes first); 0 skips
#                       the throughput measure
#   SUITES [strings,lists,hashes,sets,zsets,geo,streams,pubsub,transactions]   workload suites; by default a
#                       suite whose first command Cinnabar does not know is left out (logged),
#                       a suite named explicitly always runs
#   TESTS [the tests of SUITES]   test names (ping,set,get,...; the list is in bench/README.md),
#                       replaces SUITES; a test a server rejects shows n/a
#   REQUESTS_P1 [200000] and REQUESTS_P16 [2000000]   -n for -P 1 and -P 16 (costly tests run
#                       a fraction of it: see request_divisor below)
#   CLIENTS [50]        -c
#   KEYSPACE [100000]   -r
#   MEMORY_KEYS [1000000]  string keys loaded for the memory measure (0 skips it)
#   MEMORY_COLLECTIONS [list,hash,set,zset,stream]   collections loaded for memory per element ("" skips)
#   MEMORY_ELEMENTS [1000000]   elements per collection
#   STARTS [3]          launches per server for the start-up measure (0 skips it)
#   PIN [auto]          "yes" pins the server to CPU 0 and the benchmark to CPU 1 with taskset;
#                       "auto" does so when there are at least 2 CPUs, "no" never
#   OUT [bench/results/<timestamp>]  raw CSV and the markdown report
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${ROUNDS:-3}"
suites="${SUITES:-strings,lists,hashes,sets,zsets,geo,streams,pubsub,transactions}"
tests="${TESTS:-}"
requests_p1="${REQUESTS_P1:-200000}"
requests_p16="${REQUESTS_P16:-2000000}"
clients="${CLIENTS:-50}"
keyspace="${KEYSPACE:-100000}"
memory_keys="${MEMORY_KEYS:-1000000}"
memory_collections="${MEMORY_COLLECTIONS-list,hash,set,zset,stream}"
memory_elements="${MEMORY_ELEMENTS:-1000000}"
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
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

# The workloads. Names are redis-benchmark -t names, or the lowercase report names of the
# tests that are not redis-benchmark built-ins.
suite_order=(strings lists hashes sets zsets geo streams pubsub transactions)
declare -A suite_tests=(
    [strings]="ping set get incr mset"
    [lists]="lpush rpush lpop rpop lrange_100 lrange_600"
    [hashes]="hset hget hgetall_10 hincrby"
    [sets]="sadd sismember spop smembers_100"
    [zsets]="zadd zpopmin zrange_100 zrank zscore"
    [geo]="geoadd geosearch"
    [streams]="xadd xrange_100"
    [pubsub]="publish_1_sub publish_50_subs"
    [transactions]="multi_incr_incr_exec"
)
# The command that tells whether Cinnabar has a suite at all.
declare -A suite_probe=([strings]=set [lists]=lpush [hashes]=hset [sets]=sadd [zsets]=zadd
    [geo]=geoadd [streams]=xadd [pubsub]=publish [transactions]=multi)
for suite in ${suites//,/ }; do
    [[ -n "${suite_tests[$suite]:-}" ]] || { echo "unknown suite $suite (known: ${suite_order[*]})" >&2; exit 1; }
done
declare -A test_suite=()
for suite in "${suite_order[@]}"; do
    for test in ${suite_tests[$suite]}; do test_suite[$test]=$suite; done
done
# redis-benchmark custom commands (__rand_int__ is a random 12-digit number below KEYSPACE);
# the keys they read are created by prepare_data.
declare -A custom_commands=(
    [hget]="HGET myhash element:__rand_int__"
    [hgetall_10]="HGETALL hash10"
    [hincrby]="HINCRBY counters counter:__rand_int__ 1"
    [sismember]="SISMEMBER members element:__rand_int__"
    [smembers_100]="SMEMBERS set100"
    [zrange_100]="ZRANGE zmembers 0 99"
    [zrank]="ZRANK zmembers element:__rand_int__"
    [zscore]="ZSCORE zmembers element:__rand_int__"
    [geoadd]="GEOADD places 13.361389 38.115556 member:__rand_int__"
    [geosearch]="GEOSEARCH geopoints FROMLONLAT 15 37 BYRADIUS 200 km ASC COUNT 10"
    [xadd]="XADD mystream * field value"
    [xrange_100]="XRANGE stream1000 - + COUNT 100"
)
declare -A test_data=([hget]=hashes [hgetall_10]=hashes [sismember]=sets [smembers_100]=sets
    [zrange_100]=zsets [zrank]=zsets [zscore]=zsets [geosearch]=geo [xrange_100]=streams)
# Tests that redis-benchmark cannot run: the Java driver (in bench/) and its options.
declare -A java_load=([multi_incr_incr_exec]=TransactionLoad [publish_1_sub]=PubSubLoad
    [publish_50_subs]=PubSubLoad)
declare -A pubsub_subscribers=([publish_1_sub]=1 [publish_50_subs]=50)
# Costly tests run REQUESTS_P1 / N and REQUESTS_P16 / N requests (transactions: transactions;
# pub/sub tests: deliveries, so messages are requests / subscribers).
declare -A request_divisor=([lrange_100]=4 [lrange_600]=20 [hgetall_10]=2 [smembers_100]=4
    [zrange_100]=4 [geosearch]=50 [xrange_100]=4 [multi_incr_incr_exec]=2)
# Pop tests pop from the key the matching push test fills; it is topped up to the request
# count first, so that every pop finds an element whatever ran before.
declare -A popped_key=([lpop]="list mylist" [rpop]="list mylist" [spop]="set myset"
    [zpopmin]="zset myzset")

# The measures run in a pipeline (| tee), so in a subshell: the running server's pid is kept
# in a file too, for this trap to stop it when the script fails or is interrupted.
server_pid=""
cleanup() {
    local pid
    pid="$(cat "$work/server.pid" 2>/dev/null || true)"
    [[ -n "$pid" ]] && kill "$pid" 2>/dev/null
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
    echo "$server_pid" >"$work/server.pid"
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
    rm -f "$work/server.pid"
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

# RESP commands "$1 $2 item..." adding $4 items, 1000 per command. $3 holds printf formats of
# the item number: one per item, or two separated by a space for field-value or score-member
# pairs.
batched_commands() {
    awk -v command="$1" -v key="$2" -v formats="$3" -v n="$4" 'BEGIN {
        per = split(formats, format, " ")
        for (start = 0; start < n; start += 1000) {
            items = n - start < 1000 ? n - start : 1000
            printf "*%d\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n", 2 + items * per, length(command), command, length(key), key
            for (i = start; i < start + items; i++)
                for (f = 1; f <= per; f++) {
                    v = sprintf(format[f], i)
                    printf "$%d\r\n%s\r\n", length(v), v
                }
        }
    }'
}

# The keys the custom commands read: "hashes" are myhash (KEYSPACE fields, the ones HGET asks
# for) and hash10 (10 fields, 16-byte values); "sets" are members (KEYSPACE members, the ones
# SISMEMBER asks for) and set100 (100 16-byte members); "zsets" is zmembers (KEYSPACE members,
# the ones ZRANK and ZSCORE ask for, scored 0, 1, ...); "geo" is geopoints (3,000 members at
# pseudo-random places between longitudes 12 and 18 and latitudes 35 and 39, about half of
# them within GEOSEARCH's 200 km); "streams" is stream1000 (1,000 entries of one field with a
# 16-byte value).
generate_data() {
    case "$1" in
        hashes)
            batched_commands HSET myhash "element:%012d xxx" "$keyspace"
            batched_commands HSET hash10 "field:%d value-%010d" 10
            ;;
        sets)
            batched_commands SADD members "element:%012d" "$keyspace"
            batched_commands SADD set100 "member-%09d" 100
            ;;
        zsets)
            batched_commands ZADD zmembers "%d element:%012d" "$keyspace"
            ;;
        geo)
            awk 'BEGIN {
                srand(1)
                for (i = 0; i < 3000; i++) {
                    if (i % 1000 == 0) printf "*3002\r\n$6\r\nGEOADD\r\n$9\r\ngeopoints\r\n"
                    longitude = sprintf("%.6f", 12 + 6 * rand()); latitude = sprintf("%.6f", 35 + 4 * rand())
                    member = sprintf("point:%06d", i)
                    printf "$%d\r\n%s\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n", length(longitude), longitude,
                        length(latitude), latitude, length(member), member
                }
            }' ;;
        streams)
            awk 'BEGIN {
                for (i = 1; i <= 1000; i++) {
                    id = i "-1"; value = sprintf("value-%010d", i)
                    printf "*5\r\n$4\r\nXADD\r\n$10\r\nstream1000\r\n$%d\r\n%s\r\n$5\r\nfield\r\n$%d\r\n%s\r\n",
                        length(id), id, length(value), value
                }
            }' ;;
    esac
}

# Creates the data of the custom commands among the tests in the server on $2.
prepare_data() {
    local server=$1 port=$2 data summary
    for data in $(for test in $tests; do echo "${test_data[$test]:-}"; done | sort -u); do
        [[ -f "$work/data-$data.resp" ]] || generate_data "$data" >"$work/data-$data.resp"
        summary="$(redis-cli -p "$port" --pipe <"$work/data-$data.resp" 2>&1 | tail -1 || true)"
        [[ "$summary" == "errors: 0, "* ]] || log "  $server could not create the $data data: $summary"
    done
}

# Fills the $2 (list, set or zset) $3 on port $1 up to $4 elements with new ones.
top_ups=0
top_up() {
    local port=$1 type=$2 key=$3 wanted=$4 current
    local -A count_command=([list]=LLEN [set]=SCARD [zset]=ZCARD)
    current="$(redis-cli -p "$port" "${count_command[$type]}" "$key" 2>/dev/null || true)"
    [[ "$current" =~ ^[0-9]+$ ]] && (( current < wanted )) || return 0
    top_ups=$((top_ups + 1))
    case "$type" in
        list) batched_commands RPUSH "$key" "fill:$top_ups:%d" $((wanted - current)) ;;
        set) batched_commands SADD "$key" "fill:$top_ups:%d" $((wanted - current)) ;;
        zset) batched_commands ZADD "$key" "%d fill:$top_ups:%d" $((wanted - current)) ;;
    esac | redis-cli -p "$port" --pipe >/dev/null 2>&1 || true
}

# Runs one test; appends "server,pipeline,round,test,rps,p50,p99,suite" rows to $1.
run_test() {
    local sink=$1 server=$2 port=$3 pipeline=$4 round=$5 test=$6
    local requests=$(( $7 / ${request_divisor[$test]:-1} )) label="" load csv
    if [[ -n "${popped_key[$test]:-}" ]]; then
        top_up "$port" ${popped_key[$test]} "$requests"
    fi
    if [[ -n "${java_load[$test]:-}" ]]; then
        local driver="${java_load[$test]}"
        [[ -f "$work/classes/$driver.class" ]] ||
            "${JAVA_HOME:+$JAVA_HOME/bin/}javac" -d "$work/classes" "$root/bench/$driver.java"
        load=("$java" -XX:+UseSerialGC -cp "$work/classes" "$driver" --port "$port" --pipeline "$pipeline")
        case "$driver" in
            TransactionLoad)
                load+=(--clients "$clients" --transactions "$requests" --keyspace "$keyspace") ;;
            PubSubLoad)
                local subscribers="${pubsub_subscribers[$test]}"
                load+=(--subscribers "$subscribers" --publishers "$clients"
                    --messages $(( (requests + subscribers - 1) / subscribers ))) ;;
        esac
    else
        load=(redis-benchmark -p "$port" -c "$clients" -n "$requests" -r "$keyspace" -P "$pipeline" --csv)
        if [[ -n "${custom_commands[$test]:-}" ]]; then
            # redis-benchmark names a custom test by its command line.
            label="${test^^}"
            read -ra load <<<"${load[*]} ${custom_commands[$test]}"
        else
            load+=(-t "$test")
        fi
    fi
    if csv="$("${client_cpu[@]}" "${load[@]}" 2>>"$work/benchmark-errors.log")"; then
        # "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
        # The LRANGE tests first fill their list: "LPUSH (needed to benchmark LRANGE)".
        echo "$csv" | tail -n +2 | tr -d '"' | awk -F, -v s="$server" -v p="$pipeline" -v r="$round" \
            -v label="$label" -v suite="${test_suite[$test]:-other}" '$1 !~ /needed to benchmark/ {
                print s "," p "," r "," (label == "" ? $1 : label) "," $2 "," $5 "," $7 "," suite}' >>"$sink"
    elif [[ "$round" == 1 && "$pipeline" == 1 && "$sink" == "$out/raw.csv" ]]; then
        log "  $server rejected $test: $(tail -1 "$work/benchmark-errors.log")"
    fi
}

# Sets tests to the tests to run, space separated: TESTS, else the tests of SUITES; without
# SUITES, a suite whose first command Cinnabar (on port $1) does not know is left out.
resolve_tests() {
    local port=$1 suite selected=()
    if [[ -n "$tests" ]]; then
        tests="${tests//,/ }"
        return
    fi
    for suite in ${suites//,/ }; do
        if [[ -z "${SUITES:-}" &&
              -z "$(redis-cli -p "$port" COMMAND INFO "${suite_probe[$suite]}" | tr -d '\r\n')" ]]; then
            log "Leaving out the $suite suite: Cinnabar has no ${suite_probe[$suite]^^} (SUITES=$suite runs it)"
            continue
        fi
        selected+=(${suite_tests[$suite]})
    done
    tests="${selected[*]}"
}

# Each round starts each server afresh (alternating which goes first), creates the data the
# custom commands read, and runs every workload once unmeasured, so that the JIT has compiled
# it, then once measured.
measure_throughput() {
    (( rounds > 0 )) || return 0
    echo "server,pipeline,round,test,rps,p50_ms,p99_ms,suite" >"$out/raw.csv"
    local round server port test order resolved=""
    for round in $(seq "$rounds"); do
        order=(cinnabar redis)
        (( round % 2 == 0 )) && order=(redis cinnabar)
        for server in "${order[@]}"; do
            log "Round $round of $rounds: $server ..."
            port="$(free_port)"
            start_server "$server" "$port"
            wait_for_pong "$port" "$(date +%s%N)" >/dev/null
            if [[ -z "$resolved" ]]; then
                resolve_tests "$port"
                resolved=yes
                log "Tests: $tests"
            fi
            prepare_data "$server" "$port"
            for test in $tests; do
                run_test "$work/warmup.csv" "$server" "$port" 16 "$round" "$test" "$requests_p1"
            done
            for test in $tests; do
                run_test "$out/raw.csv" "$server" "$port" 1 "$round" "$test" "$requests_p1"
                run_test "$out/raw.csv" "$server" "$port" 16 "$round" "$test" "$requests_p16"
            done
            stop_server
        done
    done
}

# Medians per server, pipeline and test, and Cinnabar/Redis ratios with their geometric mean,
# over all tests and per suite.
report_throughput() {
    (( rounds > 0 )) || return 0
    local pipeline
    for pipeline in 1 16; do
        echo
        echo "### Throughput and latency, -P $pipeline (-c $clients, -r $keyspace, median of $rounds rounds)"
        echo
        echo "| test | Cinnabar ops/s | Redis ops/s | ratio | Cinnabar p50 ms | Redis p50 ms | Cinnabar p99 ms | Redis p99 ms |"
        echo "|---|---:|---:|---:|---:|---:|---:|---:|"
        local names test suite
        names="$(awk -F, -v p="$pipeline" 'NR > 1 && $2 == p {print $4}' "$out/raw.csv" | awk '!seen[$0]++')"
        local log_sum=0 count=0
        local -A suite_log_sum=() suite_count=()
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
                suite="$(awk -F, -v t="$test" 'NR > 1 && $4 == t {print $8; exit}' "$out/raw.csv")"
                suite_log_sum[$suite]="$(awk -v s="${suite_log_sum[$suite]:-0}" -v r="$ratio" 'BEGIN {print s + log(r)}')"
                suite_count[$suite]=$(( ${suite_count[$suite]:-0} + 1 ))
            fi
            echo "| $test | $(whole "${values[0]}") | $(whole "${values[3]}") | $ratio | ${values[1]} | ${values[4]} |" \
                "${values[2]} | ${values[5]} |"
        done <<<"$names"
        if (( count > 0 )); then
            local by_suite=()
            for suite in "${suite_order[@]}" other; do
                [[ -n "${suite_count[$suite]:-}" ]] || continue
                by_suite+=("$suite $(awk -v s="${suite_log_sum[$suite]}" -v n="${suite_count[$suite]}" \
                    'BEGIN {printf "%.2f", exp(s / n)}') (${suite_count[$suite]})")
            done
            echo
            echo "Geometric mean of the ratios, -P $pipeline: **$(awk -v s="$log_sum" -v n="$count" \
                'BEGIN {printf "%.2f", exp(s / n)}')** ($count tests); per suite: $(printf '%s, ' "${by_suite[@]}" | sed 's/, $//')"
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

# What the memory measure loads: the commands (generated into $work/memory-<name>.resp), the
# command that counts what was loaded, the description.
memory_commands() {
    case "$1" in
        strings)
            awk -v n="$memory_keys" 'BEGIN {
                for (i = 0; i < n; i++) {
                    key = sprintf("key:%010d", i); value = sprintf("value-%010d", i)
                    printf "*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n", length(key), key, length(value), value
                }
            }' ;;
        list) batched_commands RPUSH list "element-%08d" "$memory_elements" ;;
        hash) batched_commands HSET hash "f%07d value-%010d" "$memory_elements" ;;
        set) batched_commands SADD set "member-%09d" "$memory_elements" ;;
        zset) batched_commands ZADD zset "%d member-%09d" "$memory_elements" ;;
        stream)
            # One entry per command, with IDs the server generates (*), as applications add them.
            awk -v n="$memory_elements" 'BEGIN {
                for (i = 0; i < n; i++) {
                    value = sprintf("value-%010d", i)
                    printf "*5\r\n$4\r\nXADD\r\n$6\r\nstream\r\n$1\r\n*\r\n$1\r\nf\r\n$%d\r\n%s\r\n", length(value), value
                }
            }' ;;
    esac
}
declare -A memory_count=([strings]=DBSIZE [list]="LLEN list" [hash]="HLEN hash" [set]="SCARD set"
    [zset]="ZCARD zset" [stream]="XLEN stream")
declare -A memory_description=([strings]="string keys (14-byte keys, 16-byte values)"
    [list]="list elements (16 bytes)" [hash]="hash fields (8-byte names, 16-byte values)"
    [set]="set members (16 bytes)" [zset]="sorted set members (16 bytes, integer scores)"
    [stream]="stream entries (one field: 1-byte name, 16-byte value)")

# Loads $1 (strings or a collection) into a fresh $2 with redis-cli --pipe and appends
# "data,server,elements,rss_before_kb,rss_after_kb,live_before,live_after" to memory.csv, or
# logs why the server did not take it.
memory_growth() {
    local data=$1 server=$2 elements=$3 port rss_before rss_after live_before live_after summary count
    port="$(free_port)"
    start_server "$server" "$port"
    wait_for_pong "$port" "$(date +%s%N)" >/dev/null
    # A running server has touched all of its working memory once (for the JVM, the whole
    # young generation, which start-up leaves partly untouched): the warm-up overwrites one
    # key a million times before the baseline, so that the growth is what the data costs.
    "${client_cpu[@]}" redis-benchmark -p "$port" -t set -n 1000000 -r 1 -P 16 -q >/dev/null 2>&1 || true
    redis-cli -p "$port" FLUSHALL >/dev/null
    sleep 1
    rss_before="$(rss_kb "$server_pid")"
    if [[ "$server" == cinnabar ]]; then
        live_before=$(( $(live_heap_kb "$server_pid") * 1024 ))
    else
        live_before="$(redis_used_memory "$port")"
    fi
    summary="$(redis-cli -p "$port" --pipe <"$work/memory-$data.resp" 2>&1 | tail -1 || true)"
    count="$(redis-cli -p "$port" ${memory_count[$data]} 2>&1 || true)"
    if [[ "$summary" == "errors: 0, "* && "$count" == "$elements" ]]; then
        sleep 1
        rss_after="$(rss_kb "$server_pid")"
        if [[ "$server" == cinnabar ]]; then
            live_after=$(( $(live_heap_kb "$server_pid") * 1024 ))
        else
            live_after="$(redis_used_memory "$port")"
        fi
        echo "$data,$server,$elements,$rss_before,$rss_after,$live_before,$live_after" >>"$out/memory.csv"
    else
        log "  $server did not take the $data ($summary; ${memory_count[$data]}: $count)"
    fi
    stop_server
}

# Memory per string key (MEMORY_KEYS keys) and per collection element (MEMORY_ELEMENTS in one
# key of each of MEMORY_COLLECTIONS), each loaded into a fresh server: growth of the resident
# set, and of the live data (Cinnabar: Java heap after a full collection; Redis: used_memory).
measure_memory() {
    local all=() data server elements
    (( memory_keys > 0 )) && all+=(strings)
    (( memory_elements > 0 )) && all+=(${memory_collections//,/ })
    (( ${#all[@]} > 0 )) || return 0
    echo "data,server,elements,rss_before_kb,rss_after_kb,live_before_bytes,live_after_bytes" >"$out/memory.csv"
    for data in "${all[@]}"; do
        elements=$memory_elements
        [[ "$data" == strings ]] && elements=$memory_keys
        log "Memory: $elements ${memory_description[$data]} ..."
        memory_commands "$data" >"$work/memory-$data.resp"
        for server in cinnabar redis; do
            memory_growth "$data" "$server" "$elements"
        done
        rm -f "$work/memory-$data.resp"
    done
    echo
    echo "### Memory per element (growth after loading into a fresh server)"
    echo
    echo "RSS: resident set. Live: Cinnabar's Java heap in use after a full GC, Redis's used_memory."
    echo
    echo "| data | elements | Cinnabar RSS B | Redis RSS B | RSS ratio | Cinnabar live B | Redis live B | live ratio |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|"
    for data in "${all[@]}"; do
        awk -F, -v d="$data" -v label="${memory_description[$data]}" '
            NR > 1 && $1 == d {n = $3; rss[$2] = ($5 - $4) * 1024 / $3; live[$2] = ($7 - $6) / $3}
            function value(a, s) {return (s in a) ? sprintf("%.0f", a[s]) : "n/a"}
            function ratio(a) {
                if (!("cinnabar" in a) || !("redis" in a) || a["redis"] <= 0) return "n/a"
                return sprintf("%.2f", a["cinnabar"] / a["redis"])
            }
            END {printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", label, n == "" ? "n/a" : n,
                value(rss, "cinnabar"), value(rss, "redis"), ratio(rss),
                value(live, "cinnabar"), value(live, "redis"), ratio(live)}' "$out/memory.csv"
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
    echo "Cinnabar: $("$java" -version 2>&1 | head -1)"
    measure_startup
    measure_throughput
    report_throughput
    measure_memory
    echo
    echo "Cinnabar command line: \`$(cat "$work/cinnabar.command")\`"
} | tee "$out/report.md"
log "Raw results and report: $out"
