package dev.cinnabar.command.strings;

import dev.cinnabar.command.CommandFlag;
import dev.cinnabar.command.CommandRegistry;
import dev.cinnabar.command.CommandSpec;
import dev.cinnabar.support.ListLikeValue;
import dev.cinnabar.support.RawClient;
import dev.cinnabar.support.ServerTest;
import io.lettuce.core.GetExArgs;
import io.lettuce.core.KeyValue;
import io.lettuce.core.LcsArgs;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.SetArgs;
import io.lettuce.core.StringMatchResult;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StringCommandsTest extends ServerTest {

    private static final String WRONGTYPE = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
    private static final String SYNTAX_ERROR = "-ERR syntax error\r\n";
    private static final String NOT_AN_INTEGER = "-ERR value is not an integer or out of range\r\n";
    private static final String NOT_A_FLOAT = "-ERR value is not a valid float\r\n";
    private static final String NIL = "$-1\r\n";
    private static final String OK = "+OK\r\n";

    @Autowired
    private CommandRegistry registry;

    private RawClient raw;

    @BeforeEach
    void openRawClient() throws Exception {
        raw = raw();
    }

    /** Sends one command over the raw socket and returns the reply's exact bytes. */
    private String call(String... args) throws Exception {
        return raw.command(args).readReply();
    }

    private static String bulk(String value) {
        return "$" + value.getBytes(StandardCharsets.ISO_8859_1).length + "\r\n" + value + "\r\n";
    }

    private static String integer(long value) {
        return ":" + value + "\r\n";
    }

    private static String error(String message) {
        return "-" + message + "\r\n";
    }

    /** Expiry time of {@code key} in unix ms, -1 without one, -2 when missing. */
    private long expireAt(String key) throws Exception {
        return onKeyspace(() -> store.database(0).expireAt(key.getBytes(StandardCharsets.UTF_8)));
    }

    private boolean exists(String key) throws Exception {
        return onKeyspace(() -> store.database(0).exists(key.getBytes(StandardCharsets.UTF_8)));
    }

    private long changes() throws Exception {
        return onKeyspace(store::changesSinceSave);
    }

    private long[] hitsAndMisses() throws Exception {
        return onKeyspace(() -> new long[] {store.stats().hits(), store.stats().misses()});
    }

    /** Stores a value of another type at {@code key}, as a list or hash command would. */
    private void putNonString(String key) throws Exception {
        onKeyspace(() -> {
            store.database(0).put(key.getBytes(StandardCharsets.UTF_8), new ListLikeValue(List.of("element")));
            return null;
        });
    }

    // ---- metadata ----

    @ParameterizedTest
    @CsvSource({
            "get, 2, readonly fast, 1, 1, 1",
            "set, -3, write denyoom, 1, 1, 1",
            "getset, 3, write denyoom fast, 1, 1, 1",
            "getdel, 2, write fast, 1, 1, 1",
            "getex, -2, write fast, 1, 1, 1",
            "setnx, 3, write denyoom fast, 1, 1, 1",
            "setex, 4, write denyoom, 1, 1, 1",
            "psetex, 4, write denyoom, 1, 1, 1",
            "mset, -3, write denyoom, 1, -1, 2",
            "msetnx, -3, write denyoom, 1, -1, 2",
            "mget, -2, readonly fast, 1, -1, 1",
            "append, 3, write denyoom fast, 1, 1, 1",
            "strlen, 2, readonly fast, 1, 1, 1",
            "getrange, 4, readonly, 1, 1, 1",
            "substr, 4, readonly, 1, 1, 1",
            "setrange, 4, write denyoom, 1, 1, 1",
            "incr, 2, write denyoom fast, 1, 1, 1",
            "decr, 2, write denyoom fast, 1, 1, 1",
            "incrby, 3, write denyoom fast, 1, 1, 1",
            "decrby, 3, write denyoom fast, 1, 1, 1",
            "incrbyfloat, 3, write denyoom fast, 1, 1, 1",
            "lcs, -3, readonly, 1, 2, 1",
    })
    void metadataMatchesRedisCommandInfo(String name, int arity, String flags, int firstKey, int lastKey, int keyStep) {
        CommandSpec spec = registry.lookup(name);
        assertThat(spec).as(name).isNotNull();
        assertThat(spec.arity()).isEqualTo(arity);
        assertThat(spec.flagNames()).containsExactlyInAnyOrder(flags.split(" "));
        assertThat(List.of(spec.firstKey(), spec.lastKey(), spec.keyStep())).containsExactly(firstKey, lastKey, keyStep);
        String speed = spec.hasFlag(CommandFlag.FAST) ? "@fast" : "@slow";
        String access = spec.hasFlag(CommandFlag.WRITE) ? "@write" : "@read";
        assertThat(dev.cinnabar.command.AclCategory.wireNames(spec.categories()))
                .containsExactlyInAnyOrder(access, "@string", speed);
    }

    @Test
    void documentationMatchesRedisCommandDocs() {
        assertThat(registry.lookup("set").summary()).isEqualTo("Set the string value of a key");
        assertThat(registry.lookup("getex").since()).isEqualTo("6.2.0");
        assertThat(registry.lookup("mset").since()).isEqualTo("1.0.1");
        assertThat(registry.lookup("lcs").summary()).isEqualTo("Find longest common substring");
        assertThat(registry.lookup("lcs").since()).isEqualTo("7.0.0");
        assertThat(registry.lookup("substr").since()).isEqualTo("1.0.0");
        assertThat(registry.lookup("getrange").since()).isEqualTo("2.4.0");
        assertThat(registry.lookup("mget").complexity()).isEqualTo("O(N) where N is the number of keys to retrieve.");
    }

    // ---- GET / SET ----

    @Test
    void setThenGetRoundTripsBinaryValues() {
        RedisCommands<byte[], byte[]> binary = binaryRedis();
        byte[] value = {0, 1, (byte) 0xff, '\r', '\n', 'x'};
        assertThat(binary.set(new byte[] {(byte) 0xfe, 0}, value)).isEqualTo("OK");
        assertThat(binary.get(new byte[] {(byte) 0xfe, 0})).isEqualTo(value);
        assertThat(redis.get("missing")).isNull();
    }

    @Test
    void getAndSetAnswerExactBytes() throws Exception {
        assertThat(call("SET", "k", "")).isEqualTo(OK);
        assertThat(call("GET", "k")).isEqualTo("$0\r\n\r\n");
        assertThat(call("GET", "nothing")).isEqualTo(NIL);
    }

    @Test
    void getOnAnotherTypeIsWrongType() throws Exception {
        putNonString("list");
        assertThat(call("GET", "list")).isEqualTo(WRONGTYPE);
    }

    @Test
    void setOverwritesAnyTypeAndDropsTheTimeToLive() throws Exception {
        putNonString("list");
        assertThat(call("SET", "list", "v")).isEqualTo(OK);
        assertThat(call("GET", "list")).isEqualTo(bulk("v"));

        redis.set("k", "v", SetArgs.Builder.ex(100));
        assertThat(expireAt("k")).isPositive();
        redis.set("k", "w");
        assertThat(expireAt("k")).isEqualTo(-1);
    }

    @Test
    void setWithRelativeExpiryStoresAnAbsoluteTime() throws Exception {
        long before = System.currentTimeMillis();
        assertThat(redis.set("ex", "v", SetArgs.Builder.ex(100))).isEqualTo("OK");
        assertThat(redis.set("px", "v", SetArgs.Builder.px(5000))).isEqualTo("OK");
        long after = System.currentTimeMillis();
        assertThat(expireAt("ex")).isBetween(before + 100_000, after + 100_000);
        assertThat(expireAt("px")).isBetween(before + 5000, after + 5000);
    }

    @Test
    void setWithAbsoluteExpiryStoresThatTime() throws Exception {
        long inAnHour = System.currentTimeMillis() / 1000 + 3600;
        assertThat(redis.set("exat", "v", SetArgs.Builder.exAt(inAnHour))).isEqualTo("OK");
        assertThat(expireAt("exat")).isEqualTo(inAnHour * 1000);
        assertThat(redis.set("pxat", "v", SetArgs.Builder.pxAt(inAnHour * 1000 + 123))).isEqualTo("OK");
        assertThat(expireAt("pxat")).isEqualTo(inAnHour * 1000 + 123);
        assertThat(call("SET", "max", "v", "PXAT", "9223372036854775807")).isEqualTo(OK);
        assertThat(expireAt("max")).isEqualTo(Long.MAX_VALUE);
        assertThat(call("SET", "big", "v", "EXAT", "9223372036854775")).isEqualTo(OK);
        assertThat(expireAt("big")).isEqualTo(9223372036854775000L);
    }

    @Test
    void setWithPxExpiresTheKey() throws Exception {
        assertThat(call("SET", "k", "v", "PX", "100")).isEqualTo(OK);
        assertThat(call("GET", "k")).isEqualTo(bulk("v"));
        Thread.sleep(250);
        assertThat(call("GET", "k")).isEqualTo(NIL);
    }

    @Test
    void setWithATimeInThePastLeavesNoKey() throws Exception {
        assertThat(call("SET", "k", "v", "EXAT", "1")).isEqualTo(OK);
        assertThat(call("GET", "k")).isEqualTo(NIL);
        assertThat(call("SET", "k", "v", "PXAT", "1000")).isEqualTo(OK);
        assertThat(exists("k")).isFalse();
    }

    @Test
    void repeatedExpiryOfTheSameKindKeepsTheLast() throws Exception {
        long before = System.currentTimeMillis();
        assertThat(call("SET", "k", "v", "ex", "10", "EX", "20")).isEqualTo(OK);
        assertThat(expireAt("k")).isBetween(before + 20_000, System.currentTimeMillis() + 20_000);
    }

    @Test
    void keepTtlKeepsTheTimeToLive() throws Exception {
        redis.set("k", "v", SetArgs.Builder.px(60_000));
        long expiry = expireAt("k");
        assertThat(redis.set("k", "w", SetArgs.Builder.keepttl())).isEqualTo("OK");
        assertThat(redis.get("k")).isEqualTo("w");
        assertThat(expireAt("k")).isEqualTo(expiry);
        assertThat(call("SET", "fresh", "v", "KEEPTTL")).isEqualTo(OK);
        assertThat(expireAt("fresh")).isEqualTo(-1);
    }

    @Test
    void nxAndXxSetOnlyWhenTheKeyIsAbsentOrPresent() throws Exception {
        assertThat(call("SET", "k", "v", "XX")).isEqualTo(NIL);
        assertThat(exists("k")).isFalse();
        assertThat(call("SET", "k", "v", "NX")).isEqualTo(OK);
        assertThat(call("SET", "k", "w", "nx")).isEqualTo(NIL);
        assertThat(call("SET", "k", "w", "xx")).isEqualTo(OK);
        assertThat(redis.get("k")).isEqualTo("w");
        assertThat(call("SET", "k", "x", "NX", "NX")).isEqualTo(NIL);
        assertThat(redis.set("k", "y", SetArgs.Builder.xx().ex(100))).isEqualTo("OK");
        assertThat(expireAt("k")).isPositive();
    }

    @Test
    void setGetAnswersTheOldValue() throws Exception {
        assertThat(call("SET", "k", "v1", "GET")).isEqualTo(NIL);
        assertThat(call("SET", "k", "v2", "GET")).isEqualTo(bulk("v1"));
        assertThat(call("SET", "k", "v3", "GET", "GET")).isEqualTo(bulk("v2"));
        assertThat(redis.setGet("k", "v4")).isEqualTo("v3");
        assertThat(redis.get("k")).isEqualTo("v4");
    }

    @Test
    void setGetWithNxOrXxAnswersTheOldValueWhetherOrNotItSets() throws Exception {
        assertThat(call("SET", "k", "v1", "NX", "GET")).isEqualTo(NIL);
        assertThat(call("SET", "k", "v2", "NX", "GET")).isEqualTo(bulk("v1"));
        assertThat(redis.get("k")).isEqualTo("v1");
        assertThat(call("SET", "k", "v3", "XX", "GET")).isEqualTo(bulk("v1"));
        assertThat(redis.get("k")).isEqualTo("v3");
        assertThat(call("SET", "other", "v", "XX", "GET")).isEqualTo(NIL);
        assertThat(exists("other")).isFalse();
    }

    @Test
    void setGetOnAnotherTypeFailsWithoutWriting() throws Exception {
        putNonString("list");
        assertThat(call("SET", "list", "v", "GET")).isEqualTo(WRONGTYPE);
        assertThat(call("SET", "list", "v", "NX", "GET")).isEqualTo(WRONGTYPE);
        assertThat(call("GET", "list")).isEqualTo(WRONGTYPE);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "NX XX", "XX NX", "EX 10 PX 100", "PX 100 EX 10", "EXAT 10 PXAT 10", "EX 10 EXAT 10",
            "KEEPTTL EX 10", "EX 10 KEEPTTL", "PX 10 KEEPTTL", "KEEPTTL PXAT 10", "PERSIST", "EX", "PX",
            "foo", "EX abc foo", "GET foo", "NX EX",
    })
    void conflictingOrUnknownSetOptionsAreSyntaxErrors(String options) throws Exception {
        String[] args = concat(new String[] {"SET", "k", "v"}, options.split(" "));
        assertThat(call(args)).isEqualTo(SYNTAX_ERROR);
        assertThat(exists("k")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"EX 0", "EX -1", "PX 0", "PX -100", "EXAT 0", "PXAT -1", "PX 9223372036854775807",
            "EX 9223372036854775807", "EX 9223372036854775", "EX 9223372036854776"})
    void invalidExpireTimesNameTheCommand(String options) throws Exception {
        String[] args = concat(new String[] {"SET", "k", "v"}, options.split(" "));
        assertThat(call(args)).isEqualTo(error("ERR invalid expire time in 'set' command"));
        assertThat(exists("k")).isFalse();
    }

    @Test
    void expireTimeMustBeAnInteger() throws Exception {
        assertThat(call("SET", "k", "v", "EX", "1.5")).isEqualTo(NOT_AN_INTEGER);
        assertThat(call("SET", "k", "v", "PX", "abc")).isEqualTo(NOT_AN_INTEGER);
        assertThat(call("SET", "k", "v", "EX", " 1")).isEqualTo(NOT_AN_INTEGER);
    }

    @Test
    void invalidExpiryIsReportedBeforeTheTypeOfTheOldValue() throws Exception {
        putNonString("list");
        assertThat(call("SET", "list", "v", "GET", "EX", "0"))
                .isEqualTo(error("ERR invalid expire time in 'set' command"));
    }

    // ---- SETNX / SETEX / PSETEX / GETSET ----

    @Test
    void setnxAnswersOneWhenItSets() throws Exception {
        assertThat(call("SETNX", "k", "v")).isEqualTo(integer(1));
        assertThat(call("SETNX", "k", "w")).isEqualTo(integer(0));
        assertThat(redis.get("k")).isEqualTo("v");
        putNonString("list");
        assertThat(call("SETNX", "list", "w")).isEqualTo(integer(0));
    }

    @Test
    void setexAndPsetexSetValueAndExpiry() throws Exception {
        long before = System.currentTimeMillis();
        assertThat(redis.setex("s", 100, "v")).isEqualTo("OK");
        assertThat(redis.psetex("p", 1500, "w")).isEqualTo("OK");
        long after = System.currentTimeMillis();
        assertThat(redis.get("s")).isEqualTo("v");
        assertThat(redis.get("p")).isEqualTo("w");
        assertThat(expireAt("s")).isBetween(before + 100_000, after + 100_000);
        assertThat(expireAt("p")).isBetween(before + 1500, after + 1500);
    }

    @Test
    void setexRejectsBadTimesWithItsOwnName() throws Exception {
        assertThat(call("SETEX", "k", "0", "v")).isEqualTo(error("ERR invalid expire time in 'setex' command"));
        assertThat(call("SETEX", "k", "-5", "v")).isEqualTo(error("ERR invalid expire time in 'setex' command"));
        assertThat(call("PSETEX", "k", "0", "v")).isEqualTo(error("ERR invalid expire time in 'psetex' command"));
        assertThat(call("SETEX", "k", "abc", "v")).isEqualTo(NOT_AN_INTEGER);
        assertThat(call("SETEX", "k", "10")).isEqualTo(error("ERR wrong number of arguments for 'setex' command"));
        assertThat(exists("k")).isFalse();
    }

    @Test
    void psetexExpiresTheKey() throws Exception {
        assertThat(call("PSETEX", "k", "100", "v")).isEqualTo(OK);
        Thread.sleep(250);
        assertThat(call("GET", "k")).isEqualTo(NIL);
    }

    @Test
    void getsetAnswersTheOldValueAndDropsTheTimeToLive() throws Exception {
        assertThat(call("GETSET", "k", "v1")).isEqualTo(NIL);
        redis.set("k", "v1", SetArgs.Builder.ex(100));
        assertThat(redis.getset("k", "v2")).isEqualTo("v1");
        assertThat(redis.get("k")).isEqualTo("v2");
        assertThat(expireAt("k")).isEqualTo(-1);
        putNonString("list");
        assertThat(call("GETSET", "list", "x")).isEqualTo(WRONGTYPE);
    }

    // ---- GETDEL / GETEX ----

    @Test
    void getdelAnswersAndDeletes() throws Exception {
        redis.set("k", "v");
        assertThat(call("GETDEL", "k")).isEqualTo(bulk("v"));
        assertThat(call("GETDEL", "k")).isEqualTo(NIL);
        assertThat(exists("k")).isFalse();
        putNonString("list");
        assertThat(call("GETDEL", "list")).isEqualTo(WRONGTYPE);
        assertThat(exists("list")).isTrue();
    }

    @Test
    void getexWithoutOptionsIsAPlainGet() throws Exception {
        redis.set("k", "v", SetArgs.Builder.ex(100));
        long expiry = expireAt("k");
        assertThat(call("GETEX", "k")).isEqualTo(bulk("v"));
        assertThat(expireAt("k")).isEqualTo(expiry);
        assertThat(call("GETEX", "missing")).isEqualTo(NIL);
    }

    @Test
    void getexSetsEveryKindOfExpiry() throws Exception {
        redis.set("k", "v");
        long before = System.currentTimeMillis();
        assertThat(redis.getex("k", GetExArgs.Builder.ex(100))).isEqualTo("v");
        assertThat(expireAt("k")).isBetween(before + 100_000, System.currentTimeMillis() + 100_000);
        before = System.currentTimeMillis();
        assertThat(redis.getex("k", GetExArgs.Builder.px(2000))).isEqualTo("v");
        assertThat(expireAt("k")).isBetween(before + 2000, System.currentTimeMillis() + 2000);
        long inAnHour = System.currentTimeMillis() / 1000 + 3600;
        assertThat(redis.getex("k", GetExArgs.Builder.exAt(inAnHour))).isEqualTo("v");
        assertThat(expireAt("k")).isEqualTo(inAnHour * 1000);
        assertThat(redis.getex("k", GetExArgs.Builder.pxAt(inAnHour * 1000 + 7))).isEqualTo("v");
        assertThat(expireAt("k")).isEqualTo(inAnHour * 1000 + 7);
        assertThat(redis.getex("k", GetExArgs.Builder.persist())).isEqualTo("v");
        assertThat(expireAt("k")).isEqualTo(-1);
    }

    @Test
    void getexWithATimeInThePastDeletesTheKey() throws Exception {
        redis.set("k", "v");
        assertThat(call("GETEX", "k", "EXAT", "1")).isEqualTo(bulk("v"));
        assertThat(exists("k")).isFalse();
    }

    @Test
    void getexPxExpiresTheKey() throws Exception {
        redis.set("k", "v");
        assertThat(call("GETEX", "k", "PX", "100")).isEqualTo(bulk("v"));
        Thread.sleep(250);
        assertThat(call("GET", "k")).isEqualTo(NIL);
    }

    @Test
    void getexOptionErrors() throws Exception {
        redis.set("k", "v");
        assertThat(call("GETEX", "k", "EX", "0")).isEqualTo(error("ERR invalid expire time in 'getex' command"));
        assertThat(call("GETEX", "k", "PXAT", "-5")).isEqualTo(error("ERR invalid expire time in 'getex' command"));
        for (String options : List.of("NX", "XX", "GET", "KEEPTTL", "PERSIST EX 10", "EX 10 PERSIST", "EX 10 PX 10",
                "EX", "foo")) {
            assertThat(call(concat(new String[] {"GETEX", "k"}, options.split(" ")))).as(options).isEqualTo(SYNTAX_ERROR);
        }
        assertThat(call("GETEX", "k", "PERSIST", "PERSIST")).isEqualTo(bulk("v"));
        // a missing key answers nil before the expiry is validated, but not before the syntax is
        assertThat(call("GETEX", "missing", "EX", "0")).isEqualTo(NIL);
        assertThat(call("GETEX", "missing", "foo")).isEqualTo(SYNTAX_ERROR);
        putNonString("list");
        assertThat(call("GETEX", "list", "EX", "0")).isEqualTo(WRONGTYPE);
    }

    // ---- MSET / MSETNX / MGET ----

    @Test
    void msetSetsEveryPairAndTheLastDuplicateWins() throws Exception {
        assertThat(call("MSET", "a", "1", "b", "2", "a", "3")).isEqualTo(OK);
        assertThat(call("MGET", "a", "b", "c")).isEqualTo("*3\r\n" + bulk("3") + bulk("2") + NIL);
        Map<String, String> pairs = new LinkedHashMap<>();
        pairs.put("x", "10");
        pairs.put("y", "20");
        assertThat(redis.mset(pairs)).isEqualTo("OK");
        assertThat(redis.mget("x", "y", "z")).containsExactly(KeyValue.just("x", "10"), KeyValue.just("y", "20"),
                KeyValue.empty("z"));
    }

    @Test
    void msetDropsTimesToLive() throws Exception {
        redis.set("a", "v", SetArgs.Builder.ex(100));
        redis.mset(Map.of("a", "w"));
        assertThat(expireAt("a")).isEqualTo(-1);
    }

    @Test
    void msetNeedsPairs() throws Exception {
        assertThat(call("MSET", "a", "1", "b")).isEqualTo(error("ERR wrong number of arguments for 'mset' command"));
        assertThat(call("MSETNX", "a", "1", "b")).isEqualTo(error("ERR wrong number of arguments for 'msetnx' command"));
        assertThat(call("MSET", "a")).isEqualTo(error("ERR wrong number of arguments for 'mset' command"));
        assertThat(exists("a")).isFalse();
    }

    @Test
    void msetnxSetsAllOrNothing() throws Exception {
        assertThat(redis.msetnx(Map.of("a", "1", "b", "2"))).isTrue();
        assertThat(call("MSETNX", "c", "3", "a", "9")).isEqualTo(integer(0));
        assertThat(exists("c")).isFalse();
        assertThat(redis.get("a")).isEqualTo("1");
        assertThat(call("MSETNX", "x", "1", "x", "2")).isEqualTo(integer(1));
        assertThat(redis.get("x")).isEqualTo("2");
        putNonString("list");
        assertThat(call("MSETNX", "list", "1")).isEqualTo(integer(0));
    }

    @Test
    void mgetAnswersNilForOtherTypes() throws Exception {
        redis.set("s", "v");
        putNonString("list");
        assertThat(call("MGET", "list", "s", "none")).isEqualTo("*3\r\n" + NIL + bulk("v") + NIL);
    }

    // ---- APPEND / STRLEN ----

    @Test
    void appendCreatesOrExtendsAndKeepsTheTimeToLive() throws Exception {
        assertThat(call("APPEND", "k", "Hello")).isEqualTo(integer(5));
        redis.set("k", "Hello", SetArgs.Builder.ex(100));
        long expiry = expireAt("k");
        assertThat(call("APPEND", "k", " World")).isEqualTo(integer(11));
        assertThat(redis.get("k")).isEqualTo("Hello World");
        assertThat(expireAt("k")).isEqualTo(expiry);
        assertThat(call("APPEND", "empty", "")).isEqualTo(integer(0));
        assertThat(exists("empty")).isTrue();
        putNonString("list");
        assertThat(call("APPEND", "list", "x")).isEqualTo(WRONGTYPE);
    }

    @Test
    void appendToAnIntegerAppendsItsDigits() throws Exception {
        redis.incr("n");
        assertThat(redis.append("n", "5")).isEqualTo(2);
        assertThat(redis.incr("n")).isEqualTo(16);
    }

    @Test
    void strlenCountsBytes() throws Exception {
        binaryRedis().set("k".getBytes(), new byte[] {1, 2, 3, (byte) 0xe2, (byte) 0x82, (byte) 0xac});
        assertThat(call("STRLEN", "k")).isEqualTo(integer(6));
        assertThat(call("STRLEN", "missing")).isEqualTo(integer(0));
        putNonString("list");
        assertThat(call("STRLEN", "list")).isEqualTo(WRONGTYPE);
    }

    // ---- GETRANGE / SUBSTR / SETRANGE ----

    @ParameterizedTest
    @CsvSource({
            "0, -1, hello", "-100, -1, hello", "-1, -100, ''", "-1, -2, ''", "3, 1, ''", "0, 100, hello",
            "10, 20, ''", "-100, -90, h", "5, 5, ''", "4, 4, o", "1, 2, el", "-3, -2, ll",
            "0, 9223372036854775807, hello", "-9223372036854775808, 9223372036854775807, hello",
    })
    void getrangeFollowsRedisIndexRules(String start, String end, String expected) throws Exception {
        redis.set("k", "hello");
        assertThat(call("GETRANGE", "k", start, end)).isEqualTo(bulk(expected));
        assertThat(call("SUBSTR", "k", start, end)).isEqualTo(bulk(expected));
    }

    @Test
    void getrangeOnEmptyMissingAndOtherValues() throws Exception {
        redis.set("e", "");
        assertThat(call("GETRANGE", "e", "0", "-1")).isEqualTo("$0\r\n\r\n");
        assertThat(call("GETRANGE", "e", "0", "0")).isEqualTo("$0\r\n\r\n");
        assertThat(call("GETRANGE", "missing", "0", "-1")).isEqualTo("$0\r\n\r\n");
        assertThat(call("GETRANGE", "missing", "a", "1")).isEqualTo(NOT_AN_INTEGER);
        putNonString("list");
        assertThat(call("GETRANGE", "list", "0", "1")).isEqualTo(WRONGTYPE);
        assertThat(call("GETRANGE", "list", "x", "1")).isEqualTo(NOT_AN_INTEGER);
        assertThat(redis.getrange("missing", 0, 3)).isEmpty();
    }

    @Test
    void setrangeOverwritesAndPadsWithZeros() throws Exception {
        redis.set("k", "hello", SetArgs.Builder.ex(100));
        long expiry = expireAt("k");
        assertThat(call("SETRANGE", "k", "1", "abc")).isEqualTo(integer(5));
        assertThat(redis.get("k")).isEqualTo("habco");
        assertThat(call("SETRANGE", "k", "8", "Z")).isEqualTo(integer(9));
        assertThat(call("GET", "k")).isEqualTo(bulk("habco\0\0\0Z"));
        assertThat(expireAt("k")).isEqualTo(expiry);
        assertThat(call("SETRANGE", "new", "3", "x")).isEqualTo(integer(4));
        assertThat(call("GET", "new")).isEqualTo(bulk("\0\0\0x"));
        assertThat(redis.setrange("new", 0, "ab")).isEqualTo(4);
    }

    @Test
    void setrangeWithAnEmptyValueOnlyAnswersTheLength() throws Exception {
        assertThat(call("SETRANGE", "missing", "0", "")).isEqualTo(integer(0));
        assertThat(call("SETRANGE", "missing", "536870912", "")).isEqualTo(integer(0));
        assertThat(exists("missing")).isFalse();
        redis.set("k", "abc");
        assertThat(call("SETRANGE", "k", "100", "")).isEqualTo(integer(3));
        assertThat(redis.get("k")).isEqualTo("abc");
    }

    @Test
    void setrangeErrors() throws Exception {
        assertThat(call("SETRANGE", "k", "-1", "x")).isEqualTo(error("ERR offset is out of range"));
        assertThat(call("SETRANGE", "k", "abc", "x")).isEqualTo(NOT_AN_INTEGER);
        assertThat(call("SETRANGE", "k", "536870912", "x"))
                .isEqualTo(error("ERR string exceeds maximum allowed size (proto-max-bulk-len)"));
        assertThat(call("SETRANGE", "k", "9223372036854775807", "x"))
                .isEqualTo(error("ERR string exceeds maximum allowed size (proto-max-bulk-len)"));
        assertThat(exists("k")).isFalse();
        putNonString("list");
        assertThat(call("SETRANGE", "list", "0", "x")).isEqualTo(WRONGTYPE);
        assertThat(call("SETRANGE", "list", "0", "")).isEqualTo(WRONGTYPE);
        assertThat(call("SETRANGE", "list", "-1", "x")).isEqualTo(error("ERR offset is out of range"));
    }

    // ---- INCR / DECR / INCRBY / DECRBY ----

    @Test
    void countersStartFromZeroAndStoreDecimalStrings() throws Exception {
        assertThat(call("INCR", "n")).isEqualTo(integer(1));
        assertThat(call("INCRBY", "n", "41")).isEqualTo(integer(42));
        assertThat(call("DECR", "n")).isEqualTo(integer(41));
        assertThat(call("DECRBY", "n", "50")).isEqualTo(integer(-9));
        assertThat(call("GET", "n")).isEqualTo(bulk("-9"));
        assertThat(redis.decr("m")).isEqualTo(-1);
        assertThat(redis.incrby("m", -9223372036854775807L)).isEqualTo(Long.MIN_VALUE);
        assertThat(redis.get("m")).isEqualTo("-9223372036854775808");
        redis.set("s", "100");
        assertThat(redis.incrby("s", 900)).isEqualTo(1000);
    }

    @Test
    void countersKeepTheTimeToLive() throws Exception {
        redis.set("n", "5", SetArgs.Builder.ex(100));
        long expiry = expireAt("n");
        redis.incr("n");
        redis.incrbyfloat("n", 0.5);
        assertThat(redis.get("n")).isEqualTo("6.5");
        assertThat(expireAt("n")).isEqualTo(expiry);
    }

    @ParameterizedTest
    @ValueSource(strings = {" 1", "1 ", "01", "-0", "1.0", "+1", "abc", "", "99999999999999999999", "9223372036854775808"})
    void countersRejectValuesThatAreNotStrictIntegers(String value) throws Exception {
        redis.set("n", value);
        assertThat(call("INCR", "n")).isEqualTo(NOT_AN_INTEGER);
        assertThat(redis.get("n")).isEqualTo(value);
    }

    @Test
    void counterOverflowAndArgumentErrors() throws Exception {
        redis.set("n", "9223372036854775807");
        assertThat(call("INCR", "n")).isEqualTo(error("ERR increment or decrement would overflow"));
        redis.set("n", "-9223372036854775808");
        assertThat(call("DECR", "n")).isEqualTo(error("ERR increment or decrement would overflow"));
        assertThat(call("INCRBY", "n", "-1")).isEqualTo(error("ERR increment or decrement would overflow"));
        assertThat(call("DECRBY", "x", "-9223372036854775808")).isEqualTo(error("ERR decrement would overflow"));
        assertThat(call("INCRBY", "x", "-9223372036854775808")).isEqualTo(integer(Long.MIN_VALUE));
        assertThat(call("INCRBY", "x", "abc")).isEqualTo(NOT_AN_INTEGER);
        assertThat(call("INCRBY", "x", "1.5")).isEqualTo(NOT_AN_INTEGER);
        putNonString("list");
        assertThat(call("INCR", "list")).isEqualTo(WRONGTYPE);
        assertThat(call("DECRBY", "list", "1")).isEqualTo(WRONGTYPE);
        assertThat(call("INCRBY", "list", "abc")).isEqualTo(NOT_AN_INTEGER);
    }

    // ---- INCRBYFLOAT ----

    @ParameterizedTest
    @CsvSource({
            "0.1, 0.2, 0.3", "10.5, 0.1, 10.6", "5.0e3, 2.0e2, 5200", "0, 0x10, 16", "1, 0x1.8p1, 4",
            "10, .5, 10.5", "10, 5., 15", "10, +1, 11", "-818.6, 0.2, -818.39999999999999997",
            "0, 3.14159265358979323846264338327950288, 3.14159265358979324", "0, -0.0, 0", "0, -1e-20, 0",
            "1e17, 0.5, 100000000000000000.5", "0, 0.000000000000000015, 0.00000000000000002",
            "0, 123456789012345678901234567890, 123456789012345678899921813504", "0, 0x1p-18, 0.00000381469726562",
            "0, 18446744073709551617, 18446744073709551616", "0, 1e-4940, 0", "3.0, -3, 0",
    })
    void incrbyfloatPrintsLikeRedis(String start, String increment, String expected) throws Exception {
        redis.set("f", start);
        assertThat(call("INCRBYFLOAT", "f", increment)).isEqualTo(bulk(expected));
        assertThat(redis.get("f")).isEqualTo(expected);
    }

    @Test
    void incrbyfloatHandlesTheWholeExtendedRange() throws Exception {
        String reply = call("INCRBYFLOAT", "f", "1e400");
        assertThat(reply).startsWith("$401\r\n100000000000000000002818806839475865145864534336290520386259106935396855");
        String huge = call("INCRBYFLOAT", "g", "1.18e4932");
        assertThat(huge).startsWith("$4933\r\n1180000000000000000000652812918093699202690437140160471729831240061836527");
        assertThat(call("INCRBYFLOAT", "g", "1.18e4932"))
                .isEqualTo(error("ERR increment would produce NaN or Infinity"));
    }

    @Test
    void incrbyfloatOnAMissingKeyCreatesIt() {
        assertThat(redis.incrbyfloat("f", 2.5)).isEqualTo(2.5);
        assertThat(redis.get("f")).isEqualTo("2.5");
    }

    @ParameterizedTest
    @ValueSource(strings = {"inf", "-inf", "+inf", "INFINITY", "-Infinity"})
    void incrbyfloatRefusesInfinity(String increment) throws Exception {
        assertThat(call("INCRBYFLOAT", "f", increment)).isEqualTo(error("ERR increment would produce NaN or Infinity"));
        assertThat(exists("f")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"nan", "NAN", "nan(123)", "abc", " 1", "1 ", "", "1e", "1e+", "0x", "0x.", "0x1p",
            "1_000", "1d", "1f", "1e5000", "1e-5000", "0x1p-16446", "..1", "1.2.3", "--1", "+", "."})
    void incrbyfloatRefusesWhatStrtoldWouldNotFullyAccept(String increment) throws Exception {
        assertThat(call("INCRBYFLOAT", "f", increment)).isEqualTo(NOT_A_FLOAT);
        redis.set("g", increment);
        assertThat(call("INCRBYFLOAT", "g", "1")).isEqualTo(NOT_A_FLOAT);
    }

    @Test
    void incrbyfloatRefusesNulBytesAndOtherTypes() throws Exception {
        assertThat(call("INCRBYFLOAT", "f", "1\0")).isEqualTo(NOT_A_FLOAT);
        putNonString("list");
        assertThat(call("INCRBYFLOAT", "list", "1")).isEqualTo(WRONGTYPE);
        assertThat(call("INCRBYFLOAT", "list", "abc")).isEqualTo(WRONGTYPE);
    }

    // ---- LCS ----

    @Test
    void lcsAnswersTheSubsequenceItsLengthOrItsMatches() throws Exception {
        redis.mset(Map.of("key1", "ohmytext", "key2", "mynewtext"));
        assertThat(call("LCS", "key1", "key2")).isEqualTo(bulk("mytext"));
        assertThat(call("LCS", "key1", "key2", "LEN")).isEqualTo(integer(6));
        assertThat(call("LCS", "key1", "key2", "IDX")).isEqualTo("*4\r\n$7\r\nmatches\r\n*2\r\n"
                + "*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n"
                + "*2\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n"
                + "$3\r\nlen\r\n:6\r\n");
        assertThat(call("LCS", "key1", "key2", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN")).isEqualTo(
                "*4\r\n$7\r\nmatches\r\n*1\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n$3\r\nlen\r\n:6\r\n");
        assertThat(call("LCS", "key1", "key2", "MINMATCHLEN", "-5", "idx"))
                .isEqualTo(call("LCS", "key1", "key2", "IDX"));
        assertThat(call("LCS", "key1", "key2", "WITHMATCHLEN")).isEqualTo(bulk("mytext"));
        assertThat(call("LCS", "key1", "key2", "LEN", "LEN")).isEqualTo(integer(6));
    }

    @Test
    void lcsThroughLettuce() {
        redis.mset(Map.of("key1", "ohmytext", "key2", "mynewtext"));
        assertThat(redis.lcs(LcsArgs.Builder.keys("key1", "key2")).getMatchString()).isEqualTo("mytext");
        StringMatchResult result = redis.lcs(LcsArgs.Builder.keys("key1", "key2").withIdx().withMatchLen());
        assertThat(result.getLen()).isEqualTo(6);
        assertThat(result.getMatches()).hasSize(2);
        assertThat(result.getMatches().get(0).getA().getStart()).isEqualTo(4);
        assertThat(result.getMatches().get(0).getB().getEnd()).isEqualTo(8);
        assertThat(result.getMatches().get(1).getMatchLen()).isEqualTo(2);
    }

    @Test
    void lcsTreatsMissingKeysAsEmpty() throws Exception {
        redis.set("a", "abc");
        assertThat(call("LCS", "none", "a")).isEqualTo("$0\r\n\r\n");
        assertThat(call("LCS", "none", "a", "IDX")).isEqualTo("*4\r\n$7\r\nmatches\r\n*0\r\n$3\r\nlen\r\n:0\r\n");
        assertThat(call("LCS", "none", "other", "LEN")).isEqualTo(integer(0));
    }

    @Test
    void lcsErrors() throws Exception {
        redis.mset(Map.of("key1", "ohmytext", "key2", "mynewtext"));
        String both = error("ERR If you want both the length and indexes, please just use IDX.");
        assertThat(call("LCS", "key1", "key2", "LEN", "IDX")).isEqualTo(both);
        assertThat(call("LCS", "key1", "key2", "IDX", "LEN")).isEqualTo(both);
        assertThat(call("LCS", "key1", "key2", "MINMATCHLEN")).isEqualTo(SYNTAX_ERROR);
        assertThat(call("LCS", "key1", "key2", "FOO")).isEqualTo(SYNTAX_ERROR);
        assertThat(call("LCS", "key1", "key2", "LEN", "IDX", "FOO")).isEqualTo(SYNTAX_ERROR);
        assertThat(call("LCS", "key1", "key2", "MINMATCHLEN", "abc")).isEqualTo(NOT_AN_INTEGER);
        assertThat(call("LCS", "key1", "key2", "MINMATCHLEN", "abc", "FOO")).isEqualTo(NOT_AN_INTEGER);
        assertThat(call("LCS", "key1", "key2", "FOO", "MINMATCHLEN", "abc")).isEqualTo(SYNTAX_ERROR);
        putNonString("list");
        String notStrings = error("ERR The specified keys must contain string values");
        assertThat(call("LCS", "list", "key2")).isEqualTo(notStrings);
        assertThat(call("LCS", "key1", "list", "FOO")).isEqualTo(notStrings);
    }

    @Test
    void lcsRefusesTablesLargerThanProtoMaxBulkLen() throws Exception {
        redis.setrange("a", 11999, "x");
        redis.setrange("b", 11999, "y");
        assertThat(call("LCS", "a", "b", "LEN"))
                .isEqualTo(error("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len"));
        redis.setrange("c", 2999, "x");
        redis.setrange("d", 2999, "y");
        assertThat(call("LCS", "c", "d", "LEN")).isEqualTo(integer(2999));
    }

    // ---- bookkeeping ----

    @Test
    void writesCountRedisDirtyIncrements() throws Exception {
        long start = changes();
        call("SET", "k", "v");
        call("MSET", "a", "1", "b", "2", "a", "3");
        call("SET", "k", "v", "NX");
        call("SETRANGE", "k", "0", "");
        call("GETEX", "k", "PERSIST");
        call("LCS", "k", "a");
        call("GETDEL", "missing");
        assertThat(changes() - start).isEqualTo(4);
        call("APPEND", "k", "");
        call("INCR", "n");
        call("GETEX", "k", "EX", "100");
        call("GETEX", "k", "PERSIST");
        call("MSETNX", "x", "1", "y", "2");
        call("GETDEL", "x");
        assertThat(changes() - start).isEqualTo(11);
    }

    @Test
    void readsCountHitsAndMissesButCountersDoNot() throws Exception {
        redis.set("k", "v");
        long[] before = hitsAndMisses();
        call("GET", "k");
        call("MGET", "k", "none", "none2");
        call("INCR", "n");
        call("APPEND", "k", "x");
        call("STRLEN", "none");
        long[] after = hitsAndMisses();
        assertThat(after[0] - before[0]).isEqualTo(2);
        assertThat(after[1] - before[1]).isEqualTo(3);
    }

    @Test
    void lettuceSurfacesErrorsAsExceptions() {
        redis.set("k", "abc");
        assertThatThrownBy(() -> redis.incr("k")).isInstanceOf(RedisCommandExecutionException.class)
                .hasMessage("ERR value is not an integer or out of range");
    }

    private static String[] concat(String[] first, String[] second) {
        String[] all = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
