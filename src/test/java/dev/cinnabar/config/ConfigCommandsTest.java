package dev.cinnabar.config;

import dev.cinnabar.command.CommandRegistry;
import dev.cinnabar.command.ErrorStats;
import dev.cinnabar.support.RawClient;
import dev.cinnabar.support.ServerTest;
import io.lettuce.core.RedisCommandExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigCommandsTest extends ServerTest {

    @Autowired
    private RuntimeConfig config;

    @Autowired
    private CommandRegistry commands;

    @Autowired
    private ErrorStats errorStats;

    private static final String[] CHANGED_BY_TESTS = {"maxmemory", "maxmemory-policy", "timeout", "hz",
            "proto-max-bulk-len", "client-query-buffer-limit", "maxclients", "notify-keyspace-events",
            "hash-max-listpack-entries", "client-output-buffer-limit", "save"};
    private final Map<String, String> valuesBefore = new java.util.HashMap<>();

    @BeforeEach
    void rememberValues() {
        for (String name : CHANGED_BY_TESTS) {
            valuesBefore.put(name, config.get(name));
        }
    }

    /** Back to the shared server's values (its save points stay off: no dump.rdb in the project). */
    @AfterEach
    void restoreValues() {
        valuesBefore.forEach(config::set);
    }

    @Test
    void getAnswersExactlyNameAndValue() throws Exception {
        assertThat(raw().command("CONFIG", "GET", "dir").readReply()).isEqualTo(
                bulkPair("dir", Path.of("").toAbsolutePath().toString()));
        RawClient raw = raw();
        assertThat(raw.command("CONFIG", "GET", "appendonly").readReply()).isEqualTo(bulkPair("appendonly", "no"));
        assertThat(raw.command("CONFIG", "GET", "appenddirname").readReply())
                .isEqualTo(bulkPair("appenddirname", "appendonlydir"));
        assertThat(raw.command("CONFIG", "GET", "appendfilename").readReply())
                .isEqualTo(bulkPair("appendfilename", "appendonly.aof"));
        assertThat(raw.command("CONFIG", "GET", "appendfsync").readReply())
                .isEqualTo(bulkPair("appendfsync", "everysec"));
        assertThat(raw.command("CONFIG", "GET", "dbfilename").readReply())
                .isEqualTo(bulkPair("dbfilename", "dump.rdb"));
        assertThat(raw.command("CONFIG", "GET", "nosuch").readReply()).isEqualTo("*0\r\n");
    }

    @Test
    void getAnswersAnAliasUnderTheNameAsGiven() {
        assertThat(redis.configGet("hash-max-ziplist-entries")).containsExactly(
                Map.entry("hash-max-ziplist-entries", "512"));
        assertThat(redis.configGet("SLAVEOF")).containsExactly(Map.entry("SLAVEOF", ""));
        assertThat(redis.configGet("port")).containsExactly(Map.entry("port", String.valueOf(server.port())));
    }

    @Test
    void getMatchesGlobsAndSeveralPatternsEachParameterOnce() {
        assertThat(redis.configGet("maxmemory*")).containsOnlyKeys("maxmemory", "maxmemory-policy",
                "maxmemory-samples", "maxmemory-eviction-tenacity");
        assertThat(redis.configGet("*ziplist*")).containsOnlyKeys("hash-max-ziplist-entries",
                "hash-max-ziplist-value", "zset-max-ziplist-entries", "zset-max-ziplist-value",
                "list-max-ziplist-size");
        assertThat(redis.configGet("timeout", "TIME*", "hz", "timeout")).containsOnlyKeys("timeout", "hz");
        assertThat(redis.configGet("*")).containsKeys("save", "databases", "replicaof", "slaveof",
                "client-output-buffer-limit").hasSizeGreaterThan(100);
    }

    @Test
    void setChangesSeveralParametersAtOnceInRedisForms() {
        assertThat(redis.configSet(Map.of("maxmemory", "1gb", "maxmemory-policy", "ALLKEYS-LRU",
                "notify-keyspace-events", "KEA", "hash-max-ziplist-entries", "64"))).isEqualTo("OK");
        assertThat(redis.configGet("maxmemory", "maxmemory-policy", "notify-keyspace-events",
                "hash-max-listpack-entries")).containsOnly(Map.entry("maxmemory", "1073741824"),
                Map.entry("maxmemory-policy", "allkeys-lru"), Map.entry("notify-keyspace-events", "AKE"),
                Map.entry("hash-max-listpack-entries", "64"));
        redis.configSet("client-output-buffer-limit", "normal 1k 2mb 3");
        assertThat(redis.configGet("client-output-buffer-limit").get("client-output-buffer-limit"))
                .isEqualTo("normal 1000 2097152 3 slave 268435456 67108864 60 pubsub 33554432 8388608 60");
        redis.configSet("save", "");
        assertThat(redis.configGet("save").get("save")).isEmpty();
    }

    @Test
    void setIsAllOrNothing() throws Exception {
        RawClient raw = raw();
        assertThat(raw.command("CONFIG", "SET", "timeout", "5", "maxmemory-policy", "bad").readReply())
                .isEqualTo("-ERR CONFIG SET failed (possibly related to argument 'maxmemory-policy') - argument(s) "
                        + "must be one of the following: volatile-lru, volatile-lfu, volatile-random, volatile-ttl, "
                        + "allkeys-lru, allkeys-lfu, allkeys-random, noeviction\r\n");
        assertThat(redis.configGet("timeout").get("timeout")).isEqualTo("0");
    }

    @Test
    void setAnswersRedisErrors() throws Exception {
        RawClient raw = raw();
        assertThat(raw.command("CONFIG", "SET", "daemonize", "yes").readReply()).isEqualTo(
                "-ERR CONFIG SET failed (possibly related to argument 'daemonize') - can't set immutable config\r\n");
        assertThat(raw.command("CONFIG", "SET", "dir", "/tmp").readReply()).isEqualTo(
                "-ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected config\r\n");
        assertThat(raw.command("CONFIG", "SET", "NOsuch", "1").readReply())
                .isEqualTo("-ERR Unknown option or number of arguments for CONFIG SET - 'NOsuch'\r\n");
        assertThat(raw.command("CONFIG", "SET", "timeout", "1", "nosuch", "2", "daemonize", "yes").readReply())
                .isEqualTo("-ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'\r\n");
        assertThat(raw.command("CONFIG", "SET", "timeout", "1", "hz", "2", "timeout", "3").readReply()).isEqualTo(
                "-ERR CONFIG SET failed (possibly related to argument 'timeout') - duplicate parameter\r\n");
        assertThat(raw.command("CONFIG", "SET", "port", "1", "2").readReply()).isEqualTo("-ERR syntax error\r\n");
        assertThat(raw.command("CONFIG", "SET", "hz", "abc").readReply()).isEqualTo(
                "-ERR CONFIG SET failed (possibly related to argument 'hz') - argument couldn't be parsed into an "
                        + "integer\r\n");
        assertThat(raw.command("CONFIG", "SET", "maxclients", "0").readReply()).isEqualTo(
                "-ERR CONFIG SET failed (possibly related to argument 'maxclients') - argument must be between 1 "
                        + "and 2147483647 inclusive\r\n");
        assertThat(raw.command("CONFIG", "SET", "maxmemory", "-1").readReply()).isEqualTo(
                "-ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory "
                        + "value\r\n");
        assertThat(raw.command("CONFIG", "SET", "appendonly", "maybe").readReply()).isEqualTo(
                "-ERR CONFIG SET failed (possibly related to argument 'appendonly') - argument must be 'yes' or "
                        + "'no'\r\n");
        assertThat(raw.command("CONFIG", "SET", "save", "100 1 200").readReply()).isEqualTo(
                "-ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters\r\n");
        assertThat(raw.command("CONFIG", "SET", "notify-keyspace-events", "Q").readReply()).isEqualTo(
                "-ERR CONFIG SET failed (possibly related to argument 'notify-keyspace-events') - Invalid event "
                        + "class character. Use 'Ag$lshzxeKEtmdn'.\r\n");
        assertThat(raw.command("CONFIG", "SET", "slaveof", "localhost 6379").readReply()).isEqualTo(
                "-ERR CONFIG SET failed (possibly related to argument 'slaveof') - can't set immutable config\r\n");
        assertThat(raw.command("CONFIG", "SET", "timeout").readReply())
                .isEqualTo("-ERR wrong number of arguments for 'config|set' command\r\n");
    }

    @Test
    void requestLimitsAndMaxclientsFollowConfigSet() throws Exception {
        redis.configSet(Map.of("proto-max-bulk-len", "2mb", "client-query-buffer-limit", "3mb", "maxclients", "2"));
        assertThat(config.respLimits().maxBulkLength()).isEqualTo(2L * 1024 * 1024);
        assertThat(config.respLimits().queryBufferLimit()).isEqualTo(3L * 1024 * 1024);
        assertThat(config.maxclients()).isEqualTo(2);
        RawClient second = raw();
        assertThat(second.command("PING").readReply()).isEqualTo("+PONG\r\n");
        assertThat(raw().readReply()).isEqualTo("-ERR max number of clients reached\r\n");
        assertThat(second.command("CONFIG", "SET", "maxclients", "10000").readReply()).isEqualTo("+OK\r\n");
    }

    @Test
    void resetstatClearsCommandErrorAndKeyspaceStatistics() throws Exception {
        redis.set("k", "v");
        redis.get("k");
        redis.get("missing");
        assertThatThrownBy(() -> redis.configSet("nosuch", "1")).isInstanceOf(RedisCommandExecutionException.class);
        assertThat(redis.configResetstat()).isEqualTo("OK");
        assertThat(onKeyspace(() -> commands.lookup("get").calls())).isZero();
        assertThat(onKeyspace(() -> commands.lookup("set").calls())).isZero();
        assertThat(onKeyspace(errorStats::totalErrorReplies)).isZero();
        assertThat(onKeyspace(() -> store.stats().hits() + store.stats().misses())).isZero();
    }

    @Test
    void helpAndRewriteAnswerAsRedis() throws Exception {
        RawClient raw = raw();
        assertThat(raw.command("CONFIG", "REWRITE").readReply())
                .isEqualTo("-ERR The server is running without a config file\r\n");
        assertThat(raw.command("CONFIG", "HELP").readReply()).isEqualTo("*11\r\n"
                + "+CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+GET <pattern>\r\n"
                + "+    Return parameters matching the glob-like <pattern> and their values.\r\n"
                + "+SET <directive> <value>\r\n+    Set the configuration <directive> to <value>.\r\n"
                + "+RESETSTAT\r\n+    Reset statistics reported by the INFO command.\r\n+REWRITE\r\n"
                + "+    Rewrite the configuration file.\r\n+HELP\r\n+    Prints this help.\r\n");
        assertThat(raw.command("CONFIG", "FOO").readReply())
                .isEqualTo("-ERR unknown subcommand 'FOO'. Try CONFIG HELP.\r\n");
    }

    @Test
    void metadataMatchesRedis() {
        assertThat(commands.lookup("config").subcommands()).extracting(s -> s.name() + " " + s.arity() + " "
                + s.flagNames()).containsExactlyInAnyOrder(
                "get -3 [admin, noscript, loading, stale]", "set -4 [admin, noscript, loading, stale]",
                "resetstat 2 [admin, noscript, loading, stale]", "rewrite 2 [admin, noscript, loading, stale]",
                "help 2 [loading, stale]");
    }

    private static String bulkPair(String name, String value) {
        return "*2\r\n$" + name.length() + "\r\n" + name + "\r\n$" + value.length() + "\r\n" + value + "\r\n";
    }
}
