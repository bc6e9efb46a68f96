#!/usr/bin/env bash
#
# Starts Cinnabar with the given Redis-style arguments (./your_program.sh --port 6380
# --replicaof "localhost 6379"), from any working directory, which stays the server's
# working directory (CONFIG GET dir). Builds target/cinnabar.jar first when it is missing
# or older than src/ or pom.xml, and keeps beside it a start-up cache for the JVM in use:
# the jar unpacked into target/app (plain class path, which the JVM can cache) and a class
# data archive recorded by one training run (JDK 25+: an AOT cache, which also keeps the
# linked classes and method profiles; older JDKs: a dynamic CDS archive).
#
# CINNABAR_JVM_OPTS adds JVM options after the defaults. CINNABAR_PREPARE_ONLY=1 builds and
# trains, then exits.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="$root/target/cinnabar.jar"
app="$root/target/app"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
java_path="$(readlink -f "$(command -v "$java")")"

# Spring AOT: the bean definitions were generated at build time (see pom.xml), so start-up
# skips parsing the configuration classes and evaluating their conditions.
jvm_options=(-Dspring.aot.enabled=true -XX:+ExitOnOutOfMemoryError --enable-native-access=ALL-UNNAMED)
# The throughput collector: the keyspace thread pays no G1 write barriers. A young
# generation capped at 64 MB keeps the resident set close to the live data (a growing
# dataset otherwise drags the young generation, and RSS, up to hundreds of MB) and avoids
# the long full collections of an unbounded one (bench/README.md has the numbers). The heap
# limit stays the JVM's default, a quarter of the RAM. A collector named in
# CINNABAR_JVM_OPTS replaces these options.
if [[ ! "${CINNABAR_JVM_OPTS:-}" =~ -XX:\+Use[A-Za-z0-9]+GC ]]; then
    jvm_options+=(-XX:+UseParallelGC -Xmn64m)
fi

jar_is_stale() {
    [[ ! -f "$jar" ]] || [[ -n "$(find "$root/src" "$root/pom.xml" -newer "$jar" -print -quit)" ]]
}

# The cache is valid for one unpacked jar and one JVM; the stamp records both.
cache_stamp() {
    echo "$java_path $(stat -c %Y "$jar")"
}

cache_is_stale() {
    [[ ! -f "$app/cache.stamp" ]] || [[ "$(cat "$app/cache.stamp")" != "$(cache_stamp)" ]]
}

java_feature_version() {
    "$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p'
}

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

# Sends one RESP request and prints the first line of the reply.
resp() {
    local port=$1
    shift
    local request="*$#\r\n" arg line
    for arg in "$@"; do
        request+="\$${#arg}\r\n$arg\r\n"
    done
    exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
    printf "%b" "$request" >&3
    IFS= read -r -t 2 line <&3 || true
    exec 3>&-
    echo "${line%$'\r'}"
}

# Runs the server once on a spare port with the cache being recorded, sends it the commands
# a session starts with, and stops it: the JVM writes the cache as it exits.
train() {
    local record_option=$1 port work pid
    port="$(free_port)"
    work="$(mktemp -d)"
    (cd "$root" && exec "$java" "${jvm_options[@]}" "$record_option" -jar "$app/cinnabar.jar" \
        --port "$port" --dir "$work" --save "" --server.port=0 >"$app/training.log" 2>&1) &
    pid=$!
    for _ in $(seq 600); do
        [[ "$(resp "$port" PING 2>/dev/null)" == "+PONG" ]] && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.05
    done
    local command
    for command in "PING" "ECHO hello" "SET key value" "GET key" "SET key value PX 100000" "INCR counter" \
            "MSET a 1 b 2" "GET missing" "COMMAND COUNT" "CONFIG GET dir" "INFO replication" "DEL key"; do
        # shellcheck disable=SC2086 # the words of a command
        resp "$port" $command >/dev/null 2>&1 || true
    done
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" || true
    rm -rf "$work"
}

prepare() {
    if jar_is_stale; then
        echo "Building $jar ..." >&2
        (cd "$root" && ./mvnw -q -DskipTests package) 1>&2
    fi
    if cache_is_stale; then
        echo "Recording the start-up cache for $java_path ..." >&2
        rm -rf "$app"
        "$java" -Djarmode=tools -jar "$jar" extract --destination "$app" >/dev/null
        if (( $(java_feature_version | cut -d. -f1) >= 25 )); then
            train "-XX:AOTCacheOutput=$app/cinnabar.aot"
        else
            train "-XX:ArchiveClassesAtExit=$app/cinnabar.jsa"
        fi
        cache_stamp >"$app/cache.stamp"
    fi
}

mkdir -p "$root/target"
if jar_is_stale || cache_is_stale; then
    # One launch prepares; launches started meanwhile wait for it instead of building too.
    exec 9>"$root/target/.prepare.lock"
    flock 9
    prepare
    exec 9>&-
fi
[[ "${CINNABAR_PREPARE_ONLY:-}" == 1 ]] && exit 0

if [[ -f "$app/cinnabar.aot" ]]; then
    jvm_options+=("-XX:AOTCache=$app/cinnabar.aot")
elif [[ -f "$app/cinnabar.jsa" ]]; then
    jvm_options+=("-XX:SharedArchiveFile=$app/cinnabar.jsa")
fi
# The CodeCrafters tester starts every stage afresh in the same working directory: with
# Redis's default save points a stopped stage would leave a dump.rdb that the next one loads.
# So this launcher saves only when asked (--save "3600 1 ..."); java -jar keeps Redis's default.
save_arguments=(--save "")
for argument in "$@"; do
    [[ "$argument" == --save ]] && save_arguments=()
done
# shellcheck disable=SC2206 # options are words
exec "$java" "${jvm_options[@]}" ${CINNABAR_JVM_OPTS:-} -jar "$app/cinnabar.jar" "${save_arguments[@]}" "$@"
