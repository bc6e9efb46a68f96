package dev.cinnabar.command.sets;

import dev.cinnabar.propagation.Propagation;
import dev.cinnabar.propagation.PropagationListener;
import dev.cinnabar.support.RawClient;
import dev.cinnabar.support.ServerTest;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ValueScanCursor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class SetCommandsTest extends ServerTest {

    private static final String WRONGTYPE = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
    private static final String SYNTAX_ERROR = "-ERR syntax error\r\n";
    private static final String NOT_AN_INTEGER = "-ERR value is not an integer or out of range\r\n";
    private static final String NOT_POSITIVE = "-ERR value is out of range, must be positive\r\n";
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
            reply.append(bulk(value));
        }
        return reply.toString();
    }

    private static String integer(long value) {
        return ":" + value + "\r\n";
    }

    private static String error(String message) {
        return "-" + message + "\r\n";
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

    private void addRange(String key, String prefix, int from, int to) {
        String[] members = new String[to - from];
        for (int i = from; i < to; i++) {
            members[i - from] = prefix + i;
        }
        redis.sadd(key, members);
    }

    // ---- single-set commands ---------------------------------------------------------------------

    @Test
    void saddCountsNewMembersAndAnIntsetAnswersInNumericOrder() throws Exception {
        assertThat(call("SADD", "s", "3", "1", "2", "1")).isEqualTo(integer(3));
        assertThat(call("SMEMBERS", "s")).isEqualTo(array("1", "2", "3"));
        assertThat(call("OBJECT", "ENCODING", "s")).isEqualTo(bulk("intset"));
        assertThat(call("SADD", "s", "b", "a", "3")).isEqualTo(integer(2));
        assertThat(call("OBJECT", "ENCODING", "s")).isEqualTo(bulk("hashtable"));
        assertThat(redis.smembers("s")).containsExactlyInAnyOrder("1", "2", "3", "a", "b");
        assertThat(call("TYPE", "s")).isEqualTo("+set\r\n");
    }

    @Test
    void membershipAndCardinality() throws Exception {
        redis.sadd("s", "a", "1");
        assertThat(call("SISMEMBER", "s", "a")).isEqualTo(integer(1));
        assertThat(call("SISMEMBER", "s", "b")).isEqualTo(integer(0));
        assertThat(call("SISMEMBER", "nokey", "b")).isEqualTo(integer(0));
        assertThat(call("SMISMEMBER", "s", "a", "zz", "1")).isEqualTo("*3\r\n:1\r\n:0\r\n:1\r\n");
        assertThat(call("SMISMEMBER", "nokey", "a")).isEqualTo("*1\r\n:0\r\n");
        assertThat(call("SCARD", "s")).isEqualTo(integer(2));
        assertThat(call("SCARD", "nokey")).isEqualTo(integer(0));
        assertThat(call("SMEMBERS", "nokey")).isEqualTo(EMPTY);
    }

    @Test
    void integerLookalikesAreStringsInAnIntset() throws Exception {
        redis.sadd("s", "1", "2");
        assertThat(call("SISMEMBER", "s", "01")).isEqualTo(integer(0));
        assertThat(call("SISMEMBER", "s", "+1")).isEqualTo(integer(0));
        assertThat(call("SREM", "s", "1.0")).isEqualTo(integer(0));
        assertThat(call("SADD", "s", "-0")).isEqualTo(integer(1));
        assertThat(call("OBJECT", "ENCODING", "s")).isEqualTo(bulk("hashtable"));
        assertThat(redis.smembers("s")).containsExactlyInAnyOrder("1", "2", "-0");
        redis.sadd("big", "9223372036854775807", "-9223372036854775808");
        assertThat(call("OBJECT", "ENCODING", "big")).isEqualTo(bulk("intset"));
        assertThat(call("SMEMBERS", "big")).isEqualTo(array("-9223372036854775808", "9223372036854775807"));
    }

    @Test
    void sremCountsRemovedMembersAndDeletesAnEmptiedSet() throws Exception {
        redis.sadd("s", "a", "b", "c");
        assertThat(call("SREM", "s", "a", "zz", "a")).isEqualTo(integer(1));
        assertThat(call("SREM", "s", "b", "c")).isEqualTo(integer(2));
        assertThat(call("EXISTS", "s")).isEqualTo(integer(0));
        assertThat(call("SREM", "nokey", "a")).isEqualTo(integer(0));
    }

    @Test
    void intsetThresholdComesFromTheLiveConfiguration() throws Exception {
        redis.configSet("set-max-intset-entries", "3");
        try {
            redis.sadd("s", "1", "2", "3");
            assertThat(redis.objectEncoding("s")).isEqualTo("intset");
            redis.sadd("s", "4");
            assertThat(redis.objectEncoding("s")).isEqualTo("hashtable");
            redis.srem("s", "4", "3");
            assertThat(redis.objectEncoding("s")).isEqualTo("hashtable");
            redis.configSet("set-max-intset-entries", "0");
            redis.sadd("zero", "1");
            assertThat(redis.objectEncoding("zero")).isEqualTo("hashtable");
        } finally {
            redis.configSet("set-max-intset-entries", "512");
        }
        redis.sadd("text", "a");
        assertThat(redis.objectEncoding("text")).isEqualTo("hashtable");
    }

    // ---- SPOP, SRANDMEMBER -----------------------------------------------------------------------

    @Test
    void spopRemovesWhatItAnswers() throws Exception {
        for (String key : new String[] {"ints", "strings"}) {
            addRange(key, key.equals("ints") ? "" : "m", 0, 50);
            String popped = redis.spop(key);
            assertThat(redis.sismember(key, popped)).isFalse();
            Set<String> several = redis.spop(key, 20);
            assertThat(several).hasSize(20).doesNotContain(popped);
            assertThat(redis.scard(key)).isEqualTo(29);
            for (String member : several) {
                assertThat(redis.sismember(key, member)).isFalse();
            }
            assertThat(redis.spop(key, 100)).hasSize(29);
            assertThat(redis.exists(key)).isZero();
        }
        assertThat(call("SPOP", "nokey")).isEqualTo(NIL);
        assertThat(call("SPOP", "nokey", "3")).isEqualTo(EMPTY);
    }

    @Test
    void spopCountsAreCheckedAsRedisDoes() throws Exception {
        redis.sadd("s", "a");
        redis.set("str", "v");
        assertThat(call("SPOP", "s", "0")).isEqualTo(EMPTY);
        assertThat(call("SPOP", "s", "-1")).isEqualTo(NOT_POSITIVE);
        assertThat(call("SPOP", "nokey", "x")).isEqualTo(NOT_POSITIVE);
        assertThat(call("SPOP", "s", "1", "2")).isEqualTo(SYNTAX_ERROR);
        assertThat(call("SPOP", "str", "0")).isEqualTo(WRONGTYPE);
        assertThat(call("SCARD", "s")).isEqualTo(integer(1));
    }

    @Test
    void spopIsPropagatedAsSremOrDel() throws Exception {
        redis.sadd("s", "a", "b", "c");
        List<String> popped = new ArrayList<>();
        List<List<String>> single = propagatedBy(() -> popped.add(redis.spop("s")));
        assertThat(single).containsExactly(List.of("SREM", "s", popped.get(0)));

        List<List<String>> counted = propagatedBy(() -> popped.addAll(redis.spop("s", 1)));
        assertThat(counted).containsExactly(List.of("SREM", "s", popped.get(1)));

        List<List<String>> whole = propagatedBy(() -> redis.spop("s", 5));
        assertThat(whole).containsExactly(List.of("DEL", "s"));

        addRange("big", "m", 0, 3000);
        List<List<String>> batched = propagatedBy(() -> redis.spop("big", 2500));
        assertThat(batched).extracting(List::size).containsExactly(1026, 1026, 454);
        Set<String> removed = new HashSet<>();
        batched.forEach(command -> removed.addAll(command.subList(2, command.size())));
        assertThat(removed).hasSize(2500);
        assertThat(redis.scard("big")).isEqualTo(500);
        assertThat(propagatedBy(() -> redis.spop("nokey"))).isEmpty();
    }

    @Test
    void srandmemberAnswersWithoutRemoving() throws Exception {
        addRange("s", "m", 0, 10);
        assertThat(redis.srandmember("s")).startsWith("m");
        assertThat(redis.srandmember("s", 4)).hasSize(4).doesNotHaveDuplicates();
        assertThat(redis.srandmember("s", 100)).hasSize(10).doesNotHaveDuplicates();
        assertThat(redis.srandmember("s", -30)).hasSize(30);
        assertThat(new HashSet<>(redis.srandmember("s", -500))).hasSize(10);
        assertThat(redis.scard("s")).isEqualTo(10);
        redis.sadd("one", "7");
        assertThat(redis.srandmember("one", -3)).containsExactly("7", "7", "7");
        assertThat(redis.srandmember("one", 3)).containsExactly("7");
    }

    @Test
    void srandmemberCountsAreCheckedAsRedisDoes() throws Exception {
        redis.sadd("s", "a");
        redis.set("str", "v");
        assertThat(call("SRANDMEMBER", "nokey")).isEqualTo(NIL);
        assertThat(call("SRANDMEMBER", "nokey", "3")).isEqualTo(EMPTY);
        assertThat(call("SRANDMEMBER", "s", "0")).isEqualTo(EMPTY);
        assertThat(call("SRANDMEMBER", "s", "x")).isEqualTo(NOT_AN_INTEGER);
        assertThat(call("SRANDMEMBER", "s", "1", "2")).isEqualTo(SYNTAX_ERROR);
        assertThat(call("SRANDMEMBER", "nokey", "-9223372036854775808")).isEqualTo(error(
                "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"));
        assertThat(call("SRANDMEMBER", "str", "0")).isEqualTo(WRONGTYPE);
    }

    // ---- SMOVE -------------------------------------------------------------------------------------

    @Test
    void smoveMovesAMemberAndDeletesAnEmptiedSource() throws Exception {
        redis.sadd("src", "a", "b");
        redis.sadd("dst", "x");
        assertThat(call("SMOVE", "src", "dst", "a")).isEqualTo(integer(1));
        assertThat(redis.smembers("dst")).containsExactlyInAnyOrder("x", "a");
        assertThat(call("SMOVE", "src", "dst", "zz")).isEqualTo(integer(0));
        assertThat(call("SMOVE", "src", "new", "b")).isEqualTo(integer(1));
        assertThat(call("EXISTS", "src")).isEqualTo(integer(0));
        assertThat(redis.smembers("new")).containsExactly("b");
        redis.sadd("src2", "x");
        assertThat(call("SMOVE", "src2", "dst", "x")).isEqualTo(integer(1));
        assertThat(redis.smembers("dst")).containsExactlyInAnyOrder("x", "a");
        redis.sadd("ints", "5");
        assertThat(call("SMOVE", "ints", "intdst", "5")).isEqualTo(integer(1));
        assertThat(redis.objectEncoding("intdst")).isEqualTo("intset");
    }

    @Test
    void smoveChecksTypesAsRedisDoes() throws Exception {
        redis.set("str", "v");
        redis.sadd("s", "a");
        assertThat(call("SMOVE", "nokey", "str", "a")).isEqualTo(integer(0));
        assertThat(call("SMOVE", "s", "str", "zz")).isEqualTo(WRONGTYPE);
        assertThat(call("SMOVE", "str", "s", "a")).isEqualTo(WRONGTYPE);
        assertThat(call("SMOVE", "s", "s", "a")).isEqualTo(integer(1));
        assertThat(call("SMOVE", "s", "s", "zz")).isEqualTo(integer(0));
        assertThat(redis.smembers("s")).containsExactly("a");
    }

    // ---- algebra -------------------------------------------------------------------------------

    @Test
    void interUnionAndDiff() throws Exception {
        redis.sadd("a", "1", "2", "3", "x");
        redis.sadd("b", "2", "3", "4", "x", "y");
        redis.sadd("c", "3", "x", "z");
        assertThat(redis.sinter("a", "b", "c")).containsExactlyInAnyOrder("3", "x");
        assertThat(redis.sunion("a", "b", "c")).containsExactlyInAnyOrder("1", "2", "3", "4", "x", "y", "z");
        assertThat(redis.sdiff("a", "b")).containsExactlyInAnyOrder("1");
        assertThat(redis.sdiff("b", "a", "c")).containsExactlyInAnyOrder("4", "y");
        assertThat(redis.sinter("a", "nokey")).isEmpty();
        assertThat(redis.sunion("nokey", "c")).containsExactlyInAnyOrder("3", "x", "z");
        assertThat(redis.sdiff("nokey", "a")).isEmpty();
        assertThat(redis.sdiff("a", "a")).isEmpty();
        assertThat(redis.sinter("a", "a")).hasSize(4);
        redis.sadd("i1", "3", "1", "2");
        redis.sadd("i2", "2", "3", "9");
        assertThat(call("SUNION", "i1", "i2")).isEqualTo(array("1", "2", "3", "9"));
        assertThat(call("SINTER", "i1", "i2")).isEqualTo(array("2", "3"));
    }

    @Test
    void storeVariantsReplaceTheDestinationAndDeleteItForAnEmptyResult() throws Exception {
        redis.sadd("a", "1", "2", "3");
        redis.sadd("b", "2", "3", "x");
        redis.set("dst", "a string");
        redis.expire("dst", 1000);
        assertThat(call("SINTERSTORE", "dst", "a", "b")).isEqualTo(integer(2));
        assertThat(redis.smembers("dst")).containsExactlyInAnyOrder("2", "3");
        assertThat(redis.ttl("dst")).isEqualTo(-1);
        assertThat(redis.objectEncoding("dst")).isEqualTo("intset");
        assertThat(call("SUNIONSTORE", "dst", "a", "b")).isEqualTo(integer(4));
        assertThat(redis.objectEncoding("dst")).isEqualTo("hashtable");
        assertThat(call("SDIFFSTORE", "dst", "a", "b")).isEqualTo(integer(1));
        assertThat(redis.smembers("dst")).containsExactly("1");
        assertThat(call("SINTERSTORE", "dst", "a", "nokey")).isEqualTo(integer(0));
        assertThat(call("EXISTS", "dst")).isEqualTo(integer(0));
        assertThat(call("SUNIONSTORE", "dst", "nokey")).isEqualTo(integer(0));
        assertThat(call("SDIFFSTORE", "a", "a", "a")).isEqualTo(integer(0));
        assertThat(call("EXISTS", "a")).isEqualTo(integer(0));
        redis.set("str", "v");
        assertThat(call("SINTERSTORE", "str", "nokey")).isEqualTo(integer(0));
        assertThat(call("EXISTS", "str")).isEqualTo(integer(0));
        assertThat(call("SUNIONSTORE", "b", "b", "b")).isEqualTo(integer(3));
    }

    @Test
    void storingAnEmptyResultIntoNothingIsNotAChange() throws Exception {
        assertThat(propagatedBy(() -> call("SINTERSTORE", "dst", "nokey"))).isEmpty();
        redis.sadd("dst", "a");
        assertThat(propagatedBy(() -> call("SINTERSTORE", "dst", "nokey")))
                .containsExactly(List.of("SINTERSTORE", "dst", "nokey"));
    }

    @Test
    void everyKeyIsTypeCheckedEvenAfterAMissingOne() throws Exception {
        redis.sadd("s", "a");
        redis.set("str", "v");
        assertThat(call("SINTER", "s", "nokey", "str")).isEqualTo(WRONGTYPE);
        assertThat(call("SINTER", "str", "nokey")).isEqualTo(WRONGTYPE);
        assertThat(call("SUNION", "s", "str")).isEqualTo(WRONGTYPE);
        assertThat(call("SDIFF", "nokey", "str")).isEqualTo(WRONGTYPE);
        assertThat(call("SINTERCARD", "2", "nokey", "str")).isEqualTo(WRONGTYPE);
        assertThat(call("SINTERSTORE", "d", "str")).isEqualTo(WRONGTYPE);
        assertThat(call("SUNIONSTORE", "d", "s", "str")).isEqualTo(WRONGTYPE);
        assertThat(call("SDIFFSTORE", "d", "s", "str")).isEqualTo(WRONGTYPE);
    }

    @Test
    void sintercardCountsUpToTheLimit() throws Exception {
        addRange("a", "m", 0, 100);
        addRange("b", "m", 50, 200);
        assertThat(call("SINTERCARD", "2", "a", "b")).isEqualTo(integer(50));
        assertThat(call("SINTERCARD", "2", "a", "b", "LIMIT", "10")).isEqualTo(integer(10));
        assertThat(call("SINTERCARD", "2", "a", "b", "limit", "0")).isEqualTo(integer(50));
        assertThat(call("SINTERCARD", "2", "a", "b", "LIMIT", "500")).isEqualTo(integer(50));
        assertThat(call("SINTERCARD", "1", "a", "LIMIT", "5", "LIMIT", "7")).isEqualTo(integer(7));
        assertThat(call("SINTERCARD", "2", "a", "nokey")).isEqualTo(integer(0));
    }

    @Test
    void sintercardArgumentsAreCheckedAsRedisDoes() throws Exception {
        redis.sadd("s", "a");
        for (String numkeys : new String[] {"0", "-1", "x"}) {
            assertThat(call("SINTERCARD", numkeys, "s")).isEqualTo(error("ERR numkeys should be greater than 0"));
        }
        assertThat(call("SINTERCARD", "2", "s")).isEqualTo(error("ERR Number of keys can't be greater than number of args"));
        assertThat(call("SINTERCARD", "9223372036854775807", "s"))
                .isEqualTo(error("ERR Number of keys can't be greater than number of args"));
        assertThat(call("SINTERCARD", "1", "s", "LIMIT")).isEqualTo(SYNTAX_ERROR);
        assertThat(call("SINTERCARD", "1", "s", "FOO", "1")).isEqualTo(SYNTAX_ERROR);
        assertThat(call("SINTERCARD", "1", "s", "LIMIT", "-1")).isEqualTo(error("ERR LIMIT can't be negative"));
        assertThat(call("SINTERCARD", "1", "s", "LIMIT", "x")).isEqualTo(error("ERR LIMIT can't be negative"));
    }

    // ---- SSCAN ---------------------------------------------------------------------------------

    @Test
    void sscanOfAnIntsetAnswersEverythingAtOnce() throws Exception {
        redis.sadd("s", "3", "1", "2", "10");
        assertThat(call("SSCAN", "s", "0")).isEqualTo("*2\r\n" + bulk("0") + array("1", "2", "3", "10"));
        assertThat(call("SSCAN", "s", "99", "MATCH", "1*", "COUNT", "1")).isEqualTo("*2\r\n" + bulk("0")
                + array("1", "10"));
        assertThat(call("SSCAN", "nokey", "0")).isEqualTo("*2\r\n" + bulk("0") + EMPTY);
    }

    @Test
    void sscanOptionsAreCheckedAsRedisDoes() throws Exception {
        redis.sadd("s", "a");
        redis.set("str", "v");
        assertThat(call("SSCAN", "s", "x")).isEqualTo(error("ERR invalid cursor"));
        assertThat(call("SSCAN", "s", "0", "COUNT", "0")).isEqualTo(SYNTAX_ERROR);
        assertThat(call("SSCAN", "s", "0", "COUNT", "-1")).isEqualTo(SYNTAX_ERROR);
        assertThat(call("SSCAN", "s", "0", "MATCH")).isEqualTo(SYNTAX_ERROR);
        assertThat(call("SSCAN", "s", "0", "NOVALUES")).isEqualTo(SYNTAX_ERROR);
        assertThat(call("SSCAN", "str", "0")).isEqualTo(WRONGTYPE);
    }

    @Test
    void sscanSeesMembersPresentThroughoutWhileTheSetShrinksAndGrows() {
        addRange("s", "stay", 0, 300);
        addRange("s", "go", 0, 3000);
        Set<String> seen = new HashSet<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        int step = 0;
        do {
            ValueScanCursor<String> result = redis.sscan("s", cursor, ScanArgs.Builder.limit(15));
            seen.addAll(result.getValues());
            cursor = result;
            if (step < 30) {
                String[] doomed = new String[100];
                for (int i = 0; i < 100; i++) {
                    doomed[i] = "go" + (step * 100 + i);
                }
                redis.srem("s", doomed);
            } else if (step < 60) {
                addRange("s", "late" + step + "-", 0, 100);
            }
            step++;
        } while (!cursor.isFinished());
        for (int i = 0; i < 300; i++) {
            assertThat(seen).contains("stay" + i);
        }
    }

    // ---- generic commands ----------------------------------------------------------------------

    @Test
    void copyAndMemoryUsageSeeSets() throws Exception {
        redis.sadd("ints", "1", "2");
        addRange("strings", "m", 0, 100);
        for (String key : new String[] {"ints", "strings"}) {
            assertThat(redis.copy(key, key + "-copy")).isTrue();
            redis.sadd(key, "added");
            assertThat(redis.sismember(key + "-copy", "added")).isFalse();
            assertThat(redis.memoryUsage(key)).isPositive();
        }
        assertThat(redis.scard("strings-copy")).isEqualTo(100);
        assertThat(redis.objectEncoding("ints-copy")).isEqualTo("intset");
    }

    @Test
    void everySetCommandRefusesAnotherType() throws Exception {
        redis.set("str", "v");
        String[][] commands = {
                {"SADD", "str", "a"}, {"SREM", "str", "a"}, {"SMEMBERS", "str"}, {"SISMEMBER", "str", "a"},
                {"SMISMEMBER", "str", "a"}, {"SCARD", "str"}, {"SPOP", "str"}, {"SPOP", "str", "1"},
                {"SRANDMEMBER", "str"}, {"SRANDMEMBER", "str", "1"}, {"SINTER", "str"}, {"SUNION", "str"},
                {"SDIFF", "str"}, {"SINTERCARD", "1", "str"}, {"SSCAN", "str", "0"},
        };
        for (String[] command : commands) {
            assertThat(call(command)).as(String.join(" ", command)).isEqualTo(WRONGTYPE);
        }
        redis.sadd("s", "a");
        assertThat(call("HGET", "s", "a")).isEqualTo(WRONGTYPE);
        assertThat(call("GET", "s")).isEqualTo(WRONGTYPE);
    }
}
