package dev.cinnabar.command.hashes;

import dev.cinnabar.propagation.Propagation;
import dev.cinnabar.propagation.PropagationListener;
import dev.cinnabar.support.RawClient;
import dev.cinnabar.support.ServerTest;
import io.lettuce.core.KeyValue;
import io.lettuce.core.MapScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class HashCommandsTest extends ServerTest {

    private static final String WRONGTYPE = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
    private static final String SYNTAX_ERROR = "-ERR syntax error\r\n";
    private static final String NOT_AN_INTEGER = "-ERR value is not an integer or out of range\r\n";
    private static final String NOT_A_FLOAT = "-ERR value is not a valid float\r\n";
    private static final String NIL = "$-1\r\n";
    private static final String EMPTY = "*0\r\n";

    @Autowired
    private Propagation propagation;

    private RawClient raw;

    @BeforeEach
    void openRawClient() throws Exception {
        raw = raw();
    }

    private String call(String... args) throws Exception {
        return raw.command(args).readReply();
    }

    private static String bulk(String value) {
        return "$" + value.getBytes(StandardCharsets.UTF_8).length + "\r\n" + value + "\r\n";
    }

    private static String array(String... bulks) {
        StringBuilder reply = new StringBuilder("*").append(bulks.length).append("\r\n");
        for (String value : bulks) {
            reply.append(value == null ? NIL : bulk(value));
        }
        return reply.toString();
    }

    private static String integer(long value) {
        return ":" + value + "\r\n";
    }

    private static String error(String message) {
        return "-" + message + "\r\n";
    }

    /** Runs {@code action} with CONFIG parameters changed, restoring Redis's defaults afterwards. */
    private void withConfig(Map<String, String> parameters, ThrowingRunnable action) throws Exception {
        parameters.forEach(redis::configSet);
        try {
            action.run();
        } finally {
            redis.configSet("hash-max-listpack-entries", "512");
            redis.configSet("hash-max-listpack-value", "64");
        }
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private List<List<String>> propagatedBy(ThrowingRunnable action) throws Exception {
        List<List<String>> propagated = new CopyOnWriteArrayList<>();
        PropagationListener listener = (database, argv) -> {
            List<String> command = new ArrayList<>();
            for (byte[] arg : argv) {
                command.add(new String(arg, StandardCharsets.UTF_8));
            }
            propagated.add(command);
        };
        propagation.addListener(listener);
        try {
            action.run();
        } finally {
            propagation.removeListener(listener);
        }
        return propagated;
    }

    // ---- HSET, HMSET, HSETNX, HGET, HMGET --------------------------------------------------

    @Test
    void hsetCountsNewFieldsAndOverwritesOthers() {
        assertThat(redis.hset("h", Map.of("a", "1", "b", "2"))).isEqualTo(2);
        assertThat(redis.hset("h", new LinkedHashMap<>(Map.of("a", "3", "c", "4")))).isEqualTo(1);
        assertThat(redis.hget("h", "a")).isEqualTo("3");
        assertThat(redis.hget("h", "missing")).isNull();
        assertThat(redis.hget("nokey", "a")).isNull();
        assertThat(redis.hlen("h")).isEqualTo(3);
        assertThat(redis.type("h")).isEqualTo("hash");
    }

    @Test
    void hsetWithTheSameFieldTwiceKeepsTheLastValue() throws Exception {
        assertThat(call("HSET", "h", "f", "v", "f", "w")).isEqualTo(integer(1));
        assertThat(call("HGET", "h", "f")).isEqualTo(bulk("w"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"hset", "hmset"})
    void anUnpairedFieldIsAnArityError(String command) throws Exception {
        String expected = error("ERR wrong number of arguments for '" + command + "' command");
        assertThat(call(command, "h", "a")).isEqualTo(expected);
        assertThat(call(command, "h", "a", "1", "b")).isEqualTo(expected);
        assertThat(call("EXISTS", "h")).isEqualTo(integer(0));
    }

    @Test
    void hmsetAnswersOk() throws Exception {
        assertThat(call("HMSET", "h", "a", "1", "b", "2")).isEqualTo("+OK\r\n");
        assertThat(redis.hmget("h", "a", "nope", "b")).containsExactly(KeyValue.just("a", "1"),
                KeyValue.empty("nope"), KeyValue.just("b", "2"));
        assertThat(call("HMGET", "nokey", "a", "b")).isEqualTo(array(null, null));
    }

    @Test
    void hsetnxSetsOnlyAnAbsentField() {
        assertThat(redis.hsetnx("h", "f", "v")).isTrue();
        assertThat(redis.hsetnx("h", "f", "v2")).isFalse();
        assertThat(redis.hget("h", "f")).isEqualTo("v");
    }

    @Test
    void binaryFieldsAndValuesRoundTrip() {
        byte[] field = {0, (byte) 0xFF, '\r', '\n'};
        byte[] value = new byte[300];
        value[299] = 7;
        var binary = binaryRedis();
        binary.hset("h".getBytes(), field, value);
        assertThat(binary.hget("h".getBytes(), field)).isEqualTo(value);
        assertThat(binary.hstrlen("h".getBytes(), field)).isEqualTo(300);
    }

    // ---- whole-hash reads ------------------------------------------------------------------

    @Test
    void aSmallHashAnswersInInsertionOrderAsRedisListpacksDo() throws Exception {
        redis.hset("h", "b", "2");
        redis.hset("h", "a", "1");
        redis.hset("h", "c", "3");
        assertThat(call("HGETALL", "h")).isEqualTo(array("b", "2", "a", "1", "c", "3"));
        assertThat(call("HKEYS", "h")).isEqualTo(array("b", "a", "c"));
        assertThat(call("HVALS", "h")).isEqualTo(array("2", "1", "3"));
        for (String command : new String[] {"HGETALL", "HKEYS", "HVALS"}) {
            assertThat(call(command, "nokey")).isEqualTo(EMPTY);
        }
    }

    @Test
    void hexistsHstrlenAndHlen() throws Exception {
        redis.hset("h", "f", "hello");
        assertThat(call("HEXISTS", "h", "f")).isEqualTo(integer(1));
        assertThat(call("HEXISTS", "h", "g")).isEqualTo(integer(0));
        assertThat(call("HEXISTS", "nokey", "g")).isEqualTo(integer(0));
        assertThat(call("HSTRLEN", "h", "f")).isEqualTo(integer(5));
        assertThat(call("HSTRLEN", "h", "g")).isEqualTo(integer(0));
        assertThat(call("HSTRLEN", "nokey", "g")).isEqualTo(integer(0));
        assertThat(call("HLEN", "nokey")).isEqualTo(integer(0));
    }

    @Test
    void hdelCountsRemovedFieldsAndDeletesAnEmptiedHash() throws Exception {
        redis.hset("h", Map.of("a", "1", "b", "2", "c", "3"));
        assertThat(call("HDEL", "h", "a", "nope", "a")).isEqualTo(integer(1));
        assertThat(call("HDEL", "h", "b", "c")).isEqualTo(integer(2));
        assertThat(call("EXISTS", "h")).isEqualTo(integer(0));
        assertThat(call("HDEL", "nokey", "a")).isEqualTo(integer(0));
    }

    // ---- HINCRBY, HINCRBYFLOAT ---------------------------------------------------------------

    @Test
    void hincrbyAddsToAnIntegerField() throws Exception {
        assertThat(call("HINCRBY", "h", "n", "5")).isEqualTo(integer(5));
        assertThat(call("HINCRBY", "h", "n", "-7")).isEqualTo(integer(-2));
        assertThat(call("HGET", "h", "n")).isEqualTo(bulk("-2"));
    }

    /** In the hashtable encoding an existing field's value is replaced in place; new fields are added. */
    @Test
    void hincrbyOnAHashtableEncodedHash() throws Exception {
        withConfig(Map.of("hash-max-listpack-entries", "0"), () -> {
            redis.hset("h", Map.of("a", "10", "b", "x"));
            assertThat(call("OBJECT", "ENCODING", "h")).isEqualTo(bulk("hashtable"));
            assertThat(call("HINCRBY", "h", "a", "5")).isEqualTo(integer(15));
            assertThat(call("HINCRBY", "h", "a", "-20")).isEqualTo(integer(-5));
            assertThat(call("HINCRBY", "h", "c", "3")).isEqualTo(integer(3));
            assertThat(call("HINCRBY", "h", "b", "1")).isEqualTo(error("ERR hash value is not an integer"));
            assertThat(redis.hgetall("h")).isEqualTo(Map.of("a", "-5", "b", "x", "c", "3"));
        });
    }

    @Test
    void hincrbyErrorsAreRedisErrors() throws Exception {
        redis.hset("h", Map.of("s", "abc", "big", "9223372036854775807", "sp", " 1", "lead", "007", "e", "",
                "neg0", "-0"));
        assertThat(call("HINCRBY", "h", "n", "x")).isEqualTo(NOT_AN_INTEGER);
        for (String field : new String[] {"s", "sp", "lead", "e", "neg0"}) {
            assertThat(call("HINCRBY", "h", field, "1")).isEqualTo(error("ERR hash value is not an integer"));
        }
        assertThat(call("HINCRBY", "h", "big", "1")).isEqualTo(error("ERR increment or decrement would overflow"));
        assertThat(call("HINCRBY", "h", "n", "-9223372036854775807")).isEqualTo(integer(-9223372036854775807L));
        assertThat(call("HINCRBY", "h", "n", "-2")).isEqualTo(error("ERR increment or decrement would overflow"));
        assertThat(call("HGET", "h", "big")).isEqualTo(bulk("9223372036854775807"));
    }

    @Test
    void hincrbyfloatFormatsLikeIncrbyfloat() throws Exception {
        assertThat(call("HINCRBYFLOAT", "h", "f", "10.5")).isEqualTo(bulk("10.5"));
        assertThat(call("HINCRBYFLOAT", "h", "f", "0.1")).isEqualTo(bulk("10.6"));
        assertThat(call("HINCRBYFLOAT", "h", "f", "-5.0e3")).isEqualTo(bulk("-4989.39999999999999991"));
        assertThat(call("HINCRBYFLOAT", "h", "n", "3")).isEqualTo(bulk("3"));
        assertThat(call("HINCRBYFLOAT", "h", "n", "-3")).isEqualTo(bulk("0"));
        redis.hset("h", "z", "5.0e3");
        assertThat(call("HINCRBYFLOAT", "h", "z", "1")).isEqualTo(bulk("5001"));
        assertThat(call("HINCRBYFLOAT", "h", "z", "0x10")).isEqualTo(bulk("5017"));
    }

    @Test
    void hincrbyfloatErrorsAreRedisErrors() throws Exception {
        redis.hset("h", Map.of("s", "abc", "sp", " 1", "huge", "1e4932"));
        assertThat(call("HINCRBYFLOAT", "h", "f", "x")).isEqualTo(NOT_A_FLOAT);
        assertThat(call("HINCRBYFLOAT", "h", "f", "1e4933")).isEqualTo(NOT_A_FLOAT);
        assertThat(call("HINCRBYFLOAT", "h", "f", "inf")).isEqualTo(error("ERR value is NaN or Infinity"));
        assertThat(call("HINCRBYFLOAT", "h", "f", "-Infinity")).isEqualTo(error("ERR value is NaN or Infinity"));
        assertThat(call("HINCRBYFLOAT", "h", "s", "1")).isEqualTo(error("ERR hash value is not a float"));
        assertThat(call("HINCRBYFLOAT", "h", "sp", "1")).isEqualTo(error("ERR hash value is not a float"));
        assertThat(call("HINCRBYFLOAT", "h", "huge", "1e4932"))
                .isEqualTo(error("ERR increment would produce NaN or Infinity"));
        assertThat(call("HGET", "h", "huge")).isEqualTo(bulk("1e4932"));
    }

    @Test
    void hincrbyfloatIsPropagatedAsHsetOfTheResult() throws Exception {
        redis.hset("h", "f", "1.5");
        List<List<String>> propagated = propagatedBy(() -> call("HINCRBYFLOAT", "h", "f", "1"));
        assertThat(propagated).containsExactly(List.of("HSET", "h", "f", "2.5"));
        assertThat(propagatedBy(() -> call("HINCRBY", "h", "n", "1")))
                .containsExactly(List.of("HINCRBY", "h", "n", "1"));
        assertThat(propagatedBy(() -> call("HSETNX", "h", "n", "1"))).isEmpty();
    }

    // ---- HRANDFIELD ----------------------------------------------------------------------------

    @Test
    void hrandfieldWithoutCountAnswersOneField() throws Exception {
        redis.hset("h", Map.of("a", "1", "b", "2", "c", "3"));
        assertThat(redis.hrandfield("h")).isIn("a", "b", "c");
        assertThat(call("HRANDFIELD", "nokey")).isEqualTo(NIL);
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 1000})
    void hrandfieldWithAPositiveCountAnswersDistinctFields(int size) {
        Map<String, String> fields = new HashMap<>();
        for (int i = 0; i < size; i++) {
            fields.put("f" + i, "v" + i);
        }
        redis.hset("h", fields);
        assertThat(redis.hrandfield("h", 2)).hasSize(2).doesNotHaveDuplicates().allMatch(fields::containsKey);
        assertThat(redis.hrandfield("h", size + 5)).hasSize(size).doesNotHaveDuplicates();
        List<KeyValue<String, String>> withValues = redis.hrandfieldWithvalues("h", size - 1);
        assertThat(withValues).hasSize(size - 1);
        withValues.forEach(pair -> assertThat(pair.getValue()).isEqualTo(fields.get(pair.getKey())));
    }

    @Test
    void hrandfieldWithANegativeCountRepeatsFields() {
        redis.hset("h", Map.of("a", "1"));
        assertThat(redis.hrandfield("h", -5)).containsExactly("a", "a", "a", "a", "a");
        assertThat(redis.hrandfieldWithvalues("h", -2)).containsExactly(KeyValue.just("a", "1"),
                KeyValue.just("a", "1"));
        redis.hset("h", Map.of("b", "2", "c", "3"));
        Set<String> seen = new HashSet<>(redis.hrandfield("h", -300));
        assertThat(seen).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void hrandfieldCountsAndOptionsAreCheckedAsRedisDoes() throws Exception {
        redis.hset("h", "a", "1");
        redis.set("str", "v");
        assertThat(call("HRANDFIELD", "h", "0")).isEqualTo(EMPTY);
        assertThat(call("HRANDFIELD", "nokey", "5")).isEqualTo(EMPTY);
        assertThat(call("HRANDFIELD", "nokey", "-5", "WITHVALUES")).isEqualTo(EMPTY);
        assertThat(call("HRANDFIELD", "nokey", "x")).isEqualTo(NOT_AN_INTEGER);
        assertThat(call("HRANDFIELD", "nokey", "1", "withvalue")).isEqualTo(SYNTAX_ERROR);
        assertThat(call("HRANDFIELD", "h", "1", "withvalues", "x")).isEqualTo(SYNTAX_ERROR);
        assertThat(call("HRANDFIELD", "h", "-9223372036854775808")).isEqualTo(error(
                "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"));
        assertThat(call("HRANDFIELD", "h", "-9223372036854775807", "WITHVALUES"))
                .isEqualTo(error("ERR value is out of range"));
        assertThat(call("HRANDFIELD", "h", "9223372036854775807")).isEqualTo(array("a"));
        assertThat(call("HRANDFIELD", "str", "0")).isEqualTo(WRONGTYPE);
        assertThat(call("HRANDFIELD", "str", "x")).isEqualTo(NOT_AN_INTEGER);
    }

    // ---- HSCAN -------------------------------------------------------------------------------

    @Test
    void hscanOfAListpackAnswersEverythingAtOnceWithCursorZero() throws Exception {
        redis.hset("h", "a", "1");
        redis.hset("h", "b", "2");
        redis.hset("h", "ab", "3");
        String everything = "*2\r\n" + bulk("0") + array("a", "1", "b", "2", "ab", "3");
        assertThat(call("HSCAN", "h", "0")).isEqualTo(everything);
        assertThat(call("HSCAN", "h", "12345", "COUNT", "1")).isEqualTo(everything);
        assertThat(call("HSCAN", "h", "0", "MATCH", "a*")).isEqualTo("*2\r\n" + bulk("0") + array("a", "1", "ab", "3"));
        assertThat(call("HSCAN", "nokey", "0", "COUNT", "0")).isEqualTo("*2\r\n" + bulk("0") + EMPTY);
    }

    @Test
    void hscanOptionsAreCheckedAsRedisDoes() throws Exception {
        redis.hset("h", "a", "1");
        redis.set("str", "v");
        assertThat(call("HSCAN", "h", "x")).isEqualTo(error("ERR invalid cursor"));
        assertThat(call("HSCAN", "nokey", "x")).isEqualTo(error("ERR invalid cursor"));
        assertThat(call("HSCAN", "h", "0", "COUNT", "0")).isEqualTo(SYNTAX_ERROR);
        assertThat(call("HSCAN", "h", "0", "COUNT", "x")).isEqualTo(NOT_AN_INTEGER);
        assertThat(call("HSCAN", "h", "0", "MATCH")).isEqualTo(SYNTAX_ERROR);
        assertThat(call("HSCAN", "h", "0", "NOVALUES")).isEqualTo(SYNTAX_ERROR);
        assertThat(call("HSCAN", "h", "0", "TYPE", "hash")).isEqualTo(SYNTAX_ERROR);
        assertThat(call("HSCAN", "str", "0", "COUNT", "0")).isEqualTo(WRONGTYPE);
    }

    @Test
    void hscanOfAHashtableIteratesInStepsAndSeesFieldsPresentThroughoutDespiteGrowth() {
        Map<String, String> original = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            original.put("f" + i, "v" + i);
        }
        redis.hset("h", original);
        Map<String, String> seen = new HashMap<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        int calls = 0;
        int added = 0;
        do {
            MapScanCursor<String, String> step = redis.hscan("h", cursor, ScanArgs.Builder.limit(20));
            seen.putAll(step.getMap());
            cursor = step;
            calls++;
            for (int i = 0; i < 40 && added < 4000; i++) {
                redis.hset("h", "new" + added++, "x");
            }
        } while (!cursor.isFinished());
        assertThat(calls).isGreaterThan(10);
        assertThat(seen).containsAllEntriesOf(original);
    }

    @Test
    void hscanMatchFiltersAHashtable() {
        Map<String, String> fields = new HashMap<>();
        for (int i = 0; i < 600; i++) {
            fields.put((i % 3 == 0 ? "keep:" : "drop:") + i, "v");
        }
        redis.hset("h", fields);
        Set<String> seen = new HashSet<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            MapScanCursor<String, String> step = redis.hscan("h", cursor, ScanArgs.Builder.matches("keep:*").limit(50));
            seen.addAll(step.getMap().keySet());
            cursor = step;
        } while (!cursor.isFinished());
        assertThat(seen).hasSize(200).allMatch(field -> field.startsWith("keep:"));
    }

    // ---- encodings and the generic commands ------------------------------------------------------

    @Test
    void encodingFollowsTheLiveListpackThresholdsOneWay() throws Exception {
        withConfig(Map.of("hash-max-listpack-entries", "2", "hash-max-listpack-value", "5"), () -> {
            redis.hset("h", "a", "1");
            redis.hset("h", "b", "2");
            assertThat(redis.objectEncoding("h")).isEqualTo("listpack");
            redis.hset("h", "c", "3");
            assertThat(redis.objectEncoding("h")).isEqualTo("hashtable");
            redis.hdel("h", "b", "c");
            assertThat(redis.objectEncoding("h")).isEqualTo("hashtable");

            redis.hset("long", "f", "12345");
            assertThat(redis.objectEncoding("long")).isEqualTo("listpack");
            redis.hset("long", "f", "123456");
            assertThat(redis.objectEncoding("long")).isEqualTo("hashtable");
            redis.hincrby("counter", "f", 123456);
            assertThat(redis.objectEncoding("counter")).isEqualTo("hashtable");
            redis.hincrbyfloat("float", "f", 1234567.5);
            assertThat(redis.objectEncoding("float")).isEqualTo("hashtable");
            redis.hsetnx("nx", "a-long-field", "v");
            assertThat(redis.objectEncoding("nx")).isEqualTo("hashtable");
        });
        withConfig(Map.of("hash-max-listpack-entries", "0"), () -> {
            redis.hset("zero", "a", "1");
            assertThat(redis.objectEncoding("zero")).isEqualTo("hashtable");
        });
        redis.hset("default", "a", "1");
        assertThat(redis.objectEncoding("default")).isEqualTo("listpack");
    }

    @Test
    void copyTypeScanAndMemoryUsageSeeHashes() throws Exception {
        redis.hset("small", "a", "1");
        Map<String, String> big = new HashMap<>();
        for (int i = 0; i < 600; i++) {
            big.put("f" + i, "v" + i);
        }
        redis.hset("big", big);
        redis.set("str", "v");
        for (String key : new String[] {"small", "big"}) {
            assertThat(redis.copy(key, key + "-copy")).isTrue();
            redis.hset(key, "a", "changed");
            assertThat(redis.hget(key + "-copy", "a")).isEqualTo(key.equals("small") ? "1" : null);
            assertThat(redis.memoryUsage(key)).isPositive();
        }
        assertThat(redis.hlen("big-copy")).isEqualTo(600);
        assertThat(redis.memoryUsage("big")).isGreaterThan(redis.memoryUsage("small"));
        assertThat(redis.scan(io.lettuce.core.KeyScanArgs.Builder.type("hash").limit(100)).getKeys())
                .containsExactlyInAnyOrder("small", "big", "small-copy", "big-copy");
    }

    @Test
    void everyHashCommandRefusesAnotherType() throws Exception {
        redis.set("str", "v");
        String[][] commands = {
                {"HSET", "str", "f", "v"}, {"HMSET", "str", "f", "v"}, {"HSETNX", "str", "f", "v"},
                {"HGET", "str", "f"}, {"HMGET", "str", "f"}, {"HGETALL", "str"}, {"HKEYS", "str"},
                {"HVALS", "str"}, {"HLEN", "str"}, {"HEXISTS", "str", "f"}, {"HDEL", "str", "f"},
                {"HSTRLEN", "str", "f"}, {"HINCRBY", "str", "f", "1"}, {"HINCRBYFLOAT", "str", "f", "1"},
                {"HRANDFIELD", "str"}, {"HRANDFIELD", "str", "1"}, {"HSCAN", "str", "0"},
        };
        for (String[] command : commands) {
            assertThat(call(command)).as(String.join(" ", command)).isEqualTo(WRONGTYPE);
        }
        redis.hset("h", "f", "v");
        assertThat(call("GET", "h")).isEqualTo(WRONGTYPE);
        assertThat(call("HINCRBY", "str", "f", "x")).isEqualTo(NOT_AN_INTEGER);
        assertThat(call("HINCRBYFLOAT", "str", "f", "inf")).isEqualTo(error("ERR value is NaN or Infinity"));
    }

    @Test
    void writesCountAsChangesAndReadsAsKeyspaceHits() throws Exception {
        long before = onKeyspace(store::changesSinceSave);
        redis.hset("h", Map.of("a", "1", "b", "2"));
        redis.hsetnx("h", "a", "1");
        redis.hdel("h", "nope");
        assertThat(onKeyspace(store::changesSinceSave) - before).isEqualTo(2);
        String hitsBefore = redis.info("stats").lines().filter(line -> line.startsWith("keyspace_hits:"))
                .findFirst().orElseThrow();
        redis.hget("h", "a");
        String hitsAfter = redis.info("stats").lines().filter(line -> line.startsWith("keyspace_hits:"))
                .findFirst().orElseThrow();
        assertThat(hitsAfter).isNotEqualTo(hitsBefore);
    }
}
