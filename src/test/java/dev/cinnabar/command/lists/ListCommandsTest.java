package dev.cinnabar.command.lists;

import dev.cinnabar.propagation.Propagation;
import dev.cinnabar.propagation.PropagationListener;
import dev.cinnabar.store.KeyWatch;
import dev.cinnabar.support.RawClient;
import dev.cinnabar.support.ServerTest;
import io.lettuce.core.LMPopArgs;
import io.lettuce.core.LMoveArgs;
import io.lettuce.core.LPosArgs;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ListCommandsTest extends ServerTest {

    private static final String WRONGTYPE = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
    private static final String SYNTAX = "-ERR syntax error\r\n";
    private static final String NOT_INTEGER = "-ERR value is not an integer or out of range\r\n";

    @Autowired
    private Propagation propagation;

    private RawClient client;

    private String reply(String... command) throws Exception {
        if (client == null) {
            client = raw();
        }
        return client.command(command).readReply();
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

    private long changes() throws Exception {
        return onKeyspace(store::changesSinceSave);
    }

    /** Runs {@code command} and tells whether a WATCH on {@code key} taken just before saw a change. */
    private boolean breaksWatch(String key, String... command) throws Exception {
        KeyWatch watch = new KeyWatch();
        onKeyspace(() -> {
            watch.watch(store.database(0), key.getBytes(StandardCharsets.UTF_8));
            return null;
        });
        try {
            reply(command);
            return onKeyspace(watch::isBroken);
        } finally {
            onKeyspace(() -> {
                watch.unwatchAll();
                return null;
            });
        }
    }

    /** The commands propagated while {@code command} runs, each as its space-separated words. */
    private List<String> propagatedBy(String... command) throws Exception {
        List<String> propagated = new ArrayList<>();
        PropagationListener listener = (database, argv) -> propagated.add(IntStream.range(0, argv.length)
                .mapToObj(i -> new String(argv[i], StandardCharsets.UTF_8)).collect(Collectors.joining(" ")));
        propagation.addListener(listener);
        try {
            reply(command);
        } finally {
            propagation.removeListener(listener);
        }
        return propagated;
    }

    // ---- pushes ----

    @Test
    void pushesAddAtEitherEndAndAnswerTheLength() throws Exception {
        assertThat(reply("RPUSH", "l", "b", "c")).isEqualTo(":2\r\n");
        assertThat(reply("LPUSH", "l", "a", "z")).isEqualTo(":4\r\n");
        assertThat(redis.lrange("l", 0, -1)).containsExactly("z", "a", "b", "c");
        assertThat(redis.lpushx("l", "first")).isEqualTo(5);
        assertThat(redis.rpushx("l", "last", "very-last")).isEqualTo(7);
        assertThat(redis.lrange("l", 0, -1)).containsExactly("first", "z", "a", "b", "c", "last", "very-last");
    }

    @Test
    void pushxLeavesAMissingKeyAlone() throws Exception {
        assertThat(reply("LPUSHX", "missing", "a")).isEqualTo(":0\r\n");
        assertThat(reply("RPUSHX", "missing", "a", "b")).isEqualTo(":0\r\n");
        assertThat(redis.exists("missing")).isZero();
    }

    @Test
    void pushesCountOneChangePerElement() throws Exception {
        long before = changes();
        redis.rpush("l", "a", "b", "c");
        redis.lpushx("l", "d");
        redis.lpushx("missing", "d");
        assertThat(changes() - before).isEqualTo(4);
    }

    @Test
    void everyListCommandRefusesAString() throws Exception {
        redis.set("s", "x");
        String[][] commands = {
                {"LPUSH", "s", "a"}, {"RPUSH", "s", "a"}, {"LPUSHX", "s", "a"}, {"RPUSHX", "s", "a"},
                {"LPOP", "s"}, {"RPOP", "s", "0"}, {"LLEN", "s"}, {"LRANGE", "s", "0", "1"}, {"LINDEX", "s", "x"},
                {"LSET", "s", "0", "x"}, {"LINSERT", "s", "BEFORE", "a", "b"}, {"LREM", "s", "0", "a"},
                {"LTRIM", "s", "0", "1"}, {"LPOS", "s", "a"}, {"LMOVE", "s", "d", "LEFT", "RIGHT"},
                {"RPOPLPUSH", "s", "d"}, {"LMPOP", "1", "s", "LEFT"}};
        for (String[] command : commands) {
            assertThat(reply(command)).as(String.join(" ", command)).isEqualTo(WRONGTYPE);
        }
        assertThat(redis.get("s")).isEqualTo("x");
    }

    @Test
    void elementsAreBinarySafe() {
        RedisCommands<byte[], byte[]> binary = binaryRedis();
        byte[] key = {'b', 0, 'k'};
        byte[] element = {0, '\r', '\n', (byte) 0xff, '$', '*'};
        binary.rpush(key, element, new byte[0]);
        assertThat(binary.lrange(key, 0, -1)).containsExactly(element, new byte[0]);
        assertThat(binary.lpos(key, element)).isZero();
        assertThat(binary.lpop(key)).isEqualTo(element);
    }

    // ---- pops ----

    @Test
    void popWithoutCountAnswersABulkAndWithCountAnArray() throws Exception {
        redis.rpush("l", "a", "b", "c", "d", "e");
        assertThat(reply("LPOP", "l")).isEqualTo(bulk("a"));
        assertThat(reply("RPOP", "l")).isEqualTo(bulk("e"));
        assertThat(reply("LPOP", "l", "2")).isEqualTo(array("b", "c"));
        assertThat(reply("RPOP", "l", "0")).isEqualTo("*0\r\n");
        assertThat(reply("RPOP", "l", "1")).isEqualTo(array("d"));
        assertThat(redis.exists("l")).isZero();
    }

    @Test
    void popCountBeyondTheLengthTakesEverythingAndDeletesTheKey() throws Exception {
        redis.rpush("l", "a", "b", "c");
        assertThat(reply("RPOP", "l", "9223372036854775807")).isEqualTo(array("c", "b", "a"));
        assertThat(redis.exists("l")).isZero();
    }

    @Test
    void popOfAMissingKeyAnswersNullBulkOrNullArray() throws Exception {
        assertThat(reply("LPOP", "missing")).isEqualTo("$-1\r\n");
        assertThat(reply("RPOP", "missing")).isEqualTo("$-1\r\n");
        assertThat(reply("LPOP", "missing", "0")).isEqualTo("*-1\r\n");
        assertThat(reply("RPOP", "missing", "3")).isEqualTo("*-1\r\n");
    }

    @Test
    void popCountMustBeANonNegativeInteger() throws Exception {
        redis.rpush("l", "a");
        String error = "-ERR value is out of range, must be positive\r\n";
        assertThat(reply("LPOP", "l", "-1")).isEqualTo(error);
        assertThat(reply("RPOP", "l", "abc")).isEqualTo(error);
        assertThat(reply("LPOP", "missing", "-1")).isEqualTo(error);
        assertThat(reply("LPOP", "l", "1", "2")).isEqualTo("-ERR wrong number of arguments for 'lpop' command\r\n");
        assertThat(reply("RPOP", "l", "1", "2")).isEqualTo("-ERR wrong number of arguments for 'rpop' command\r\n");
        assertThat(redis.llen("l")).isEqualTo(1);
    }

    @Test
    void popsCountTheElementsTheyRemoved() throws Exception {
        redis.rpush("l", "a", "b", "c", "d");
        long before = changes();
        reply("LPOP", "l", "3");
        reply("RPOP", "l", "0");
        reply("LPOP", "missing");
        assertThat(changes() - before).isEqualTo(3);
    }

    // ---- LMPOP ----

    @Test
    void lmpopPopsFromTheFirstNonEmptyList() throws Exception {
        redis.rpush("b", "1", "2", "3");
        redis.rpush("c", "x");
        assertThat(reply("LMPOP", "3", "a", "b", "c", "LEFT")).isEqualTo("*2\r\n" + bulk("b") + array("1"));
        assertThat(reply("LMPOP", "2", "b", "c", "right", "COUNT", "5")).isEqualTo("*2\r\n" + bulk("b") + array("3", "2"));
        assertThat(redis.exists("b")).isZero();
        assertThat(redis.lmpop(LMPopArgs.Builder.left().count(1), "b", "c").getValue()).containsExactly("x");
        assertThat(reply("LMPOP", "2", "b", "c", "LEFT")).isEqualTo("*-1\r\n");
    }

    @Test
    void lmpopChecksTypesOnlyUntilItFindsAList() throws Exception {
        redis.set("s", "x");
        redis.rpush("l", "a");
        assertThat(reply("LMPOP", "3", "missing", "s", "l", "LEFT")).isEqualTo(WRONGTYPE);
        assertThat(reply("LMPOP", "2", "l", "s", "LEFT")).isEqualTo("*2\r\n" + bulk("l") + array("a"));
    }

    @Test
    void lmpopArgumentErrorsMatchRedis() throws Exception {
        redis.rpush("l", "a");
        String numkeys = "-ERR numkeys should be greater than 0\r\n";
        String count = "-ERR count should be greater than 0\r\n";
        assertThat(reply("LMPOP", "0", "l", "LEFT")).isEqualTo(numkeys);
        assertThat(reply("LMPOP", "-1", "l", "LEFT")).isEqualTo(numkeys);
        assertThat(reply("LMPOP", "abc", "l", "LEFT")).isEqualTo(numkeys);
        assertThat(reply("LMPOP", "2", "l", "LEFT")).isEqualTo(SYNTAX);
        assertThat(reply("LMPOP", "9223372036854775807", "l", "LEFT")).isEqualTo(SYNTAX);
        assertThat(reply("LMPOP", "1", "l", "MIDDLE")).isEqualTo(SYNTAX);
        assertThat(reply("LMPOP", "1", "l", "LEFT", "COUNT")).isEqualTo(SYNTAX);
        assertThat(reply("LMPOP", "1", "l", "LEFT", "COUNT", "0")).isEqualTo(count);
        assertThat(reply("LMPOP", "1", "l", "LEFT", "COUNT", "-1")).isEqualTo(count);
        assertThat(reply("LMPOP", "1", "l", "LEFT", "COUNT", "abc")).isEqualTo(count);
        assertThat(reply("LMPOP", "1", "l", "LEFT", "COUNT", "1", "COUNT", "2")).isEqualTo(SYNTAX);
        assertThat(reply("LMPOP", "1", "l", "LEFT", "FOO", "2")).isEqualTo(SYNTAX);
        assertThat(reply("LMPOP", "1", "l", "LEFT", "2")).isEqualTo(SYNTAX);
        assertThat(reply("LMPOP", "1", "l")).isEqualTo("-ERR wrong number of arguments for 'lmpop' command\r\n");
        assertThat(redis.llen("l")).isEqualTo(1);
    }

    @Test
    void lmpopIsPropagatedAsAPlainPopWithItsCount() throws Exception {
        redis.rpush("l", "a", "b", "c");
        assertThat(propagatedBy("LMPOP", "2", "missing", "l", "RIGHT", "COUNT", "2")).containsExactly("RPOP l 2");
        assertThat(propagatedBy("LMPOP", "1", "l", "LEFT")).containsExactly("LPOP l 1");
        assertThat(propagatedBy("LMPOP", "1", "l", "LEFT")).isEmpty();
    }

    @Test
    void popsAndMovesArePropagatedAsThemselves() throws Exception {
        redis.rpush("l", "a", "b", "c", "d");
        assertThat(propagatedBy("LPOP", "l")).containsExactly("LPOP l");
        assertThat(propagatedBy("RPOP", "l", "0")).isEmpty();
        assertThat(propagatedBy("LMOVE", "l", "m", "LEFT", "RIGHT")).containsExactly("LMOVE l m LEFT RIGHT");
        assertThat(propagatedBy("RPOPLPUSH", "l", "m")).containsExactly("RPOPLPUSH l m");
        assertThat(propagatedBy("LTRIM", "l", "0", "-1")).isEmpty();
        assertThat(propagatedBy("LREM", "l", "0", "absent")).isEmpty();
    }

    // ---- reads ----

    @Test
    void llenCountsElementsAndZeroForAMissingKey() throws Exception {
        redis.rpush("l", "a", "b");
        assertThat(reply("LLEN", "l")).isEqualTo(":2\r\n");
        assertThat(reply("LLEN", "missing")).isEqualTo(":0\r\n");
    }

    @Test
    void lrangeClampsItsIndexesLikeRedis() throws Exception {
        redis.rpush("l", "a", "b", "c", "d", "e");
        assertThat(reply("LRANGE", "l", "0", "-1")).isEqualTo(array("a", "b", "c", "d", "e"));
        assertThat(reply("LRANGE", "l", "-100", "100")).isEqualTo(array("a", "b", "c", "d", "e"));
        assertThat(reply("LRANGE", "l", "-3", "-2")).isEqualTo(array("c", "d"));
        assertThat(reply("LRANGE", "l", "1", "1")).isEqualTo(array("b"));
        assertThat(reply("LRANGE", "l", "2", "1")).isEqualTo("*0\r\n");
        assertThat(reply("LRANGE", "l", "5", "10")).isEqualTo("*0\r\n");
        assertThat(reply("LRANGE", "l", "-1", "-2")).isEqualTo("*0\r\n");
        assertThat(reply("LRANGE", "l", "-9223372036854775808", "9223372036854775807"))
                .isEqualTo(array("a", "b", "c", "d", "e"));
        assertThat(reply("LRANGE", "missing", "0", "-1")).isEqualTo("*0\r\n");
        assertThat(reply("LRANGE", "l", "a", "1")).isEqualTo(NOT_INTEGER);
        assertThat(reply("LRANGE", "missing", "0", "b")).isEqualTo(NOT_INTEGER);
    }

    @Test
    void lindexCountsFromEitherEnd() throws Exception {
        redis.rpush("l", "a", "b", "c");
        assertThat(reply("LINDEX", "l", "0")).isEqualTo(bulk("a"));
        assertThat(reply("LINDEX", "l", "-1")).isEqualTo(bulk("c"));
        assertThat(reply("LINDEX", "l", "-3")).isEqualTo(bulk("a"));
        assertThat(reply("LINDEX", "l", "-4")).isEqualTo("$-1\r\n");
        assertThat(reply("LINDEX", "l", "3")).isEqualTo("$-1\r\n");
        assertThat(reply("LINDEX", "l", "x")).isEqualTo(NOT_INTEGER);
        assertThat(reply("LINDEX", "missing", "x")).isEqualTo("$-1\r\n");
    }

    @Test
    void lposFindsMatchesByRankCountAndMaxlen() throws Exception {
        redis.rpush("l", "a", "b", "c", "1", "2", "3", "c", "c");
        assertThat(reply("LPOS", "l", "c")).isEqualTo(":2\r\n");
        assertThat(reply("LPOS", "l", "c", "RANK", "-1")).isEqualTo(":7\r\n");
        assertThat(reply("LPOS", "l", "c", "RANK", "5")).isEqualTo("$-1\r\n");
        assertThat(reply("LPOS", "l", "z")).isEqualTo("$-1\r\n");
        assertThat(reply("LPOS", "l", "c", "COUNT", "0")).isEqualTo("*3\r\n:2\r\n:6\r\n:7\r\n");
        assertThat(reply("LPOS", "l", "c", "COUNT", "2")).isEqualTo("*2\r\n:2\r\n:6\r\n");
        assertThat(reply("LPOS", "l", "c", "RANK", "-1", "COUNT", "0")).isEqualTo("*3\r\n:7\r\n:6\r\n:2\r\n");
        assertThat(reply("LPOS", "l", "c", "RANK", "2", "COUNT", "0")).isEqualTo("*2\r\n:6\r\n:7\r\n");
        assertThat(reply("LPOS", "l", "c", "RANK", "5", "COUNT", "1")).isEqualTo("*0\r\n");
        assertThat(reply("LPOS", "l", "c", "MAXLEN", "3", "COUNT", "0")).isEqualTo("*1\r\n:2\r\n");
        assertThat(reply("LPOS", "l", "c", "rank", "-1", "maxlen", "2", "count", "0")).isEqualTo("*2\r\n:7\r\n:6\r\n");
        assertThat(reply("LPOS", "l", "c", "RANK", "1", "RANK", "2")).isEqualTo(":6\r\n");
        assertThat(reply("LPOS", "missing", "c")).isEqualTo("$-1\r\n");
        assertThat(reply("LPOS", "missing", "c", "COUNT", "0")).isEqualTo("*0\r\n");
        assertThat(redis.lpos("l", "c", LPosArgs.Builder.rank(-2))).isEqualTo(6);
    }

    @Test
    void lposOptionErrorsMatchRedis() throws Exception {
        redis.rpush("l", "a");
        assertThat(reply("LPOS", "l", "a", "RANK", "0")).isEqualTo("-ERR RANK can't be zero: use 1 to start from the "
                + "first match, 2 from the second ... or use negative to start from the end of the list\r\n");
        assertThat(reply("LPOS", "missing", "a", "RANK", "0")).startsWith("-ERR RANK can't be zero");
        assertThat(reply("LPOS", "l", "a", "RANK", "-9223372036854775808")).isEqualTo("-ERR value is out of range, "
                + "value must between -9223372036854775807 and 9223372036854775807\r\n");
        assertThat(reply("LPOS", "l", "a", "RANK", "x")).isEqualTo(NOT_INTEGER);
        assertThat(reply("LPOS", "l", "a", "COUNT", "-1")).isEqualTo("-ERR COUNT can't be negative\r\n");
        assertThat(reply("LPOS", "l", "a", "COUNT", "x")).isEqualTo("-ERR COUNT can't be negative\r\n");
        assertThat(reply("LPOS", "l", "a", "MAXLEN", "-1")).isEqualTo("-ERR MAXLEN can't be negative\r\n");
        assertThat(reply("LPOS", "l", "a", "MAXLEN", "x")).isEqualTo("-ERR MAXLEN can't be negative\r\n");
        assertThat(reply("LPOS", "l", "a", "RANK")).isEqualTo(SYNTAX);
        assertThat(reply("LPOS", "l", "a", "FOO", "1")).isEqualTo(SYNTAX);
    }

    // ---- changes inside a list ----

    @Test
    void lsetReplacesByIndexFromEitherEnd() throws Exception {
        redis.rpush("l", "a", "b", "c");
        assertThat(reply("LSET", "l", "0", "first")).isEqualTo("+OK\r\n");
        assertThat(reply("LSET", "l", "-1", "")).isEqualTo("+OK\r\n");
        assertThat(redis.lrange("l", 0, -1)).containsExactly("first", "b", "");
        assertThat(reply("LSET", "l", "3", "x")).isEqualTo("-ERR index out of range\r\n");
        assertThat(reply("LSET", "l", "-4", "x")).isEqualTo("-ERR index out of range\r\n");
        assertThat(reply("LSET", "l", "x", "x")).isEqualTo(NOT_INTEGER);
        assertThat(reply("LSET", "missing", "x", "x")).isEqualTo("-ERR no such key\r\n");
        assertThat(reply("LSET", "missing", "0", "x")).isEqualTo("-ERR no such key\r\n");
    }

    @Test
    void linsertPlacesBeforeOrAfterTheFirstPivot() throws Exception {
        redis.rpush("l", "a", "b", "a");
        assertThat(reply("LINSERT", "l", "BEFORE", "a", "x")).isEqualTo(":4\r\n");
        assertThat(reply("LINSERT", "l", "after", "a", "y")).isEqualTo(":5\r\n");
        assertThat(reply("LINSERT", "l", "AfTeR", "a", "y")).isEqualTo(":6\r\n");
        assertThat(redis.lrange("l", 0, -1)).containsExactly("x", "a", "y", "y", "b", "a");
        assertThat(reply("LINSERT", "l", "BEFORE", "zz", "x")).isEqualTo(":-1\r\n");
        assertThat(reply("LINSERT", "missing", "BEFORE", "a", "x")).isEqualTo(":0\r\n");
        assertThat(reply("LINSERT", "l", "MIDDLE", "a", "x")).isEqualTo(SYNTAX);
        assertThat(reply("LINSERT", "missing", "MIDDLE", "a", "x")).isEqualTo(SYNTAX);
        assertThat(redis.exists("missing")).isZero();
    }

    @Test
    void lremRemovesFromTheHeadTheTailOrEverywhere() throws Exception {
        redis.rpush("l", "a", "x", "a", "b", "a", "c", "a");
        assertThat(reply("LREM", "l", "-2", "a")).isEqualTo(":2\r\n");
        assertThat(redis.lrange("l", 0, -1)).containsExactly("a", "x", "a", "b", "c");
        assertThat(reply("LREM", "l", "1", "a")).isEqualTo(":1\r\n");
        assertThat(redis.lrange("l", 0, -1)).containsExactly("x", "a", "b", "c");
        assertThat(reply("LREM", "l", "0", "zz")).isEqualTo(":0\r\n");
        assertThat(reply("LREM", "l", "-9223372036854775808", "a")).isEqualTo(":1\r\n");
        assertThat(reply("LREM", "l", "0", "x")).isEqualTo(":1\r\n");
        assertThat(reply("LREM", "l", "0", "b")).isEqualTo(":1\r\n");
        assertThat(reply("LREM", "l", "5", "c")).isEqualTo(":1\r\n");
        assertThat(redis.exists("l")).isZero();
        assertThat(reply("LREM", "missing", "0", "a")).isEqualTo(":0\r\n");
        assertThat(reply("LREM", "missing", "x", "a")).isEqualTo(NOT_INTEGER);
    }

    @Test
    void ltrimKeepsTheRangeAndDeletesAnEmptiedList() throws Exception {
        redis.rpush("l", "1", "2", "3", "4", "5", "6", "7", "8");
        assertThat(reply("LTRIM", "l", "1", "-2")).isEqualTo("+OK\r\n");
        assertThat(redis.lrange("l", 0, -1)).containsExactly("2", "3", "4", "5", "6", "7");
        assertThat(reply("LTRIM", "l", "-100", "100")).isEqualTo("+OK\r\n");
        assertThat(redis.llen("l")).isEqualTo(6);
        long before = changes();
        assertThat(reply("LTRIM", "l", "-2", "-1")).isEqualTo("+OK\r\n");
        assertThat(changes() - before).isEqualTo(4);
        assertThat(redis.lrange("l", 0, -1)).containsExactly("6", "7");
        assertThat(reply("LTRIM", "l", "5", "10")).isEqualTo("+OK\r\n");
        assertThat(redis.exists("l")).isZero();
        redis.rpush("l", "1", "2");
        assertThat(reply("LTRIM", "l", "1", "0")).isEqualTo("+OK\r\n");
        assertThat(redis.exists("l")).isZero();
        assertThat(reply("LTRIM", "missing", "0", "1")).isEqualTo("+OK\r\n");
        assertThat(reply("LTRIM", "missing", "a", "1")).isEqualTo(NOT_INTEGER);
    }

    // ---- moves ----

    @Test
    void lmoveMovesBetweenAnyEnds() throws Exception {
        redis.rpush("src", "a", "b", "c", "d");
        redis.rpush("dst", "x");
        assertThat(reply("LMOVE", "src", "dst", "LEFT", "RIGHT")).isEqualTo(bulk("a"));
        assertThat(reply("LMOVE", "src", "dst", "right", "left")).isEqualTo(bulk("d"));
        assertThat(reply("LMOVE", "src", "dst", "Left", "Left")).isEqualTo(bulk("b"));
        assertThat(redis.lmove("src", "dst", LMoveArgs.Builder.rightRight())).isEqualTo("c");
        assertThat(redis.lrange("dst", 0, -1)).containsExactly("b", "d", "x", "a", "c");
        assertThat(redis.exists("src")).isZero();
    }

    @Test
    void lmoveCreatesTheDestination() throws Exception {
        redis.rpush("src", "a", "b");
        assertThat(reply("LMOVE", "src", "new", "RIGHT", "LEFT")).isEqualTo(bulk("b"));
        assertThat(redis.lrange("new", 0, -1)).containsExactly("b");
        assertThat(redis.lrange("src", 0, -1)).containsExactly("a");
    }

    @Test
    void lmoveOnOneKeyRotatesTheList() throws Exception {
        redis.rpush("l", "a", "b", "c");
        assertThat(reply("LMOVE", "l", "l", "LEFT", "RIGHT")).isEqualTo(bulk("a"));
        assertThat(redis.lrange("l", 0, -1)).containsExactly("b", "c", "a");
        assertThat(reply("RPOPLPUSH", "l", "l")).isEqualTo(bulk("a"));
        assertThat(redis.lrange("l", 0, -1)).containsExactly("a", "b", "c");
        assertThat(reply("LMOVE", "l", "l", "RIGHT", "RIGHT")).isEqualTo(bulk("c"));
        assertThat(redis.lrange("l", 0, -1)).containsExactly("a", "b", "c");
        redis.rpush("one", "x");
        assertThat(reply("RPOPLPUSH", "one", "one")).isEqualTo(bulk("x"));
        assertThat(redis.lrange("one", 0, -1)).containsExactly("x");
    }

    @Test
    void lmoveAnswersNullForAMissingSourceAndRefusesAnotherTypeAsDestination() throws Exception {
        redis.set("s", "x");
        redis.rpush("l", "a");
        assertThat(reply("LMOVE", "missing", "d", "LEFT", "RIGHT")).isEqualTo("$-1\r\n");
        assertThat(reply("LMOVE", "missing", "s", "LEFT", "RIGHT")).isEqualTo("$-1\r\n");
        assertThat(reply("LMOVE", "l", "s", "LEFT", "RIGHT")).isEqualTo(WRONGTYPE);
        assertThat(reply("RPOPLPUSH", "l", "s")).isEqualTo(WRONGTYPE);
        assertThat(redis.lrange("l", 0, -1)).containsExactly("a");
        assertThat(reply("LMOVE", "l", "d", "UP", "RIGHT")).isEqualTo(SYNTAX);
        assertThat(reply("LMOVE", "l", "d", "LEFT", "DOWN")).isEqualTo(SYNTAX);
        assertThat(reply("RPOPLPUSH", "missing", "d")).isEqualTo("$-1\r\n");
        assertThat(redis.exists("d")).isZero();
    }

    @Test
    void rpoplpushMovesTheTailToTheHead() throws Exception {
        redis.rpush("src", "a", "b");
        redis.rpush("dst", "x");
        assertThat(redis.rpoplpush("src", "dst")).isEqualTo("b");
        assertThat(redis.rpoplpush("src", "dst")).isEqualTo("a");
        assertThat(redis.lrange("dst", 0, -1)).containsExactly("a", "b", "x");
        assertThat(redis.exists("src")).isZero();
    }

    // ---- the value type ----

    @Test
    void aListIsOfTypeList() throws Exception {
        redis.rpush("l", "a", "b", "c");
        assertThat(reply("TYPE", "l")).isEqualTo("+list\r\n");
        assertThat(redis.memoryUsage("l")).isPositive();
        redis.set("s", "x");
        assertThat(reply("SCAN", "0", "TYPE", "list")).isEqualTo("*2\r\n" + bulk("0") + array("l"));
    }

    @Test
    void copyDuplicatesTheListIndependently() {
        redis.rpush("l", "a", "b");
        assertThat(redis.copy("l", "c")).isTrue();
        redis.rpush("c", "z");
        redis.lpop("l");
        assertThat(redis.lrange("c", 0, -1)).containsExactly("a", "b", "z");
        assertThat(redis.lrange("l", 0, -1)).containsExactly("b");
    }

    @Test
    void aLongListServesRangesAndIndexesAcrossItsNodes() {
        String[] elements = IntStream.range(0, 20_000).mapToObj(i -> "element-" + i).toArray(String[]::new);
        for (int from = 0; from < elements.length; from += 1000) {
            redis.rpush("big", java.util.Arrays.copyOfRange(elements, from, from + 1000));
        }
        assertThat(redis.llen("big")).isEqualTo(20_000);
        assertThat(redis.lrange("big", 9_990, 10_009)).containsExactly(
                java.util.Arrays.copyOfRange(elements, 9_990, 10_010));
        assertThat(redis.lindex("big", 12_345)).isEqualTo("element-12345");
        assertThat(redis.lindex("big", -2)).isEqualTo("element-19998");
        assertThat(redis.lset("big", 15_000, "changed")).isEqualTo("OK");
        assertThat(redis.linsert("big", true, "element-5000", "inserted")).isEqualTo(20_001);
        assertThat(redis.lindex("big", 5_000)).isEqualTo("inserted");
        assertThat(redis.lpos("big", "changed")).isEqualTo(15_001);
        assertThat(redis.lrem("big", 0, "element-7")).isEqualTo(1);
        assertThat(redis.ltrim("big", 100, -101)).isEqualTo("OK");
        assertThat(redis.llen("big")).isEqualTo(19_800);
        assertThat(redis.lindex("big", 0)).as("element-7 was removed").isEqualTo("element-101");
    }

    @Test
    void theFillFactorInForceWhenAListIsCreatedShapesItsNodes() throws Exception {
        String[] elements = IntStream.range(0, 200).mapToObj(i -> "e" + i).toArray(String[]::new);
        long onePerNode;
        try {
            redis.configSet("list-max-ziplist-size", "1");
            redis.rpush("one-per-node", elements);
            redis.configSet("list-max-listpack-size", "-2");
            onePerNode = redis.memoryUsage("one-per-node");
            redis.rpush("packed", elements);
            redis.rpush("one-per-node", elements);
        } finally {
            redis.configSet("list-max-listpack-size", "-2");
        }
        assertThat(onePerNode).isGreaterThan(5 * redis.memoryUsage("packed"));
        assertThat(redis.memoryUsage("one-per-node")).as("still one element per node")
                .isGreaterThan(2 * onePerNode - onePerNode / 10);
        assertThat(redis.lrange("one-per-node", 198, 201)).containsExactly("e198", "e199", "e0", "e1");
    }

    @Test
    void aSmallListIsAListpackAndABigOneAQuicklistAsInRedis72() throws Exception {
        redis.rpush("l", "a", "b", "c");
        assertThat(reply("OBJECT", "ENCODING", "l")).isEqualTo(bulk("listpack"));
        redis.rpush("l", "x".repeat(9000));
        assertThat(reply("OBJECT", "ENCODING", "l")).isEqualTo(bulk("quicklist"));
        redis.rpop("l");
        assertThat(reply("OBJECT", "ENCODING", "l")).isEqualTo(bulk("listpack"));
        redis.linsert("l", true, "missing-pivot", "y".repeat(9000));
        assertThat(reply("OBJECT", "ENCODING", "l")).as("judged before the pivot is looked for")
                .isEqualTo(bulk("quicklist"));
    }

    @Test
    void theEntryLimitOfAPositiveFillDecidesTheEncoding() throws Exception {
        try {
            redis.configSet("list-max-listpack-size", "4");
            redis.rpush("l", "a", "b", "c", "d");
            assertThat(reply("OBJECT", "ENCODING", "l")).isEqualTo(bulk("listpack"));
            redis.rpush("l", "e");
            assertThat(reply("OBJECT", "ENCODING", "l")).isEqualTo(bulk("quicklist"));
            // Two entries left in one node: at most half of four.
            redis.ltrim("l", 0, 1);
            assertThat(reply("OBJECT", "ENCODING", "l")).isEqualTo(bulk("listpack"));
            redis.lmove("l", "moved", LMoveArgs.Builder.leftRight());
            assertThat(reply("OBJECT", "ENCODING", "moved")).isEqualTo(bulk("listpack"));
        } finally {
            redis.configSet("list-max-listpack-size", "-2");
        }
    }

    // ---- watchers ----

    @Test
    void inPlaceChangesAreSignalledToWatchers() throws Exception {
        redis.rpush("l", "a", "b", "c", "d", "e", "f");
        redis.rpush("other", "x");
        assertThat(breaksWatch("l", "RPUSH", "l", "g")).isTrue();
        assertThat(breaksWatch("l", "LPUSHX", "l", "z")).isTrue();
        assertThat(breaksWatch("l", "LPOP", "l")).isTrue();
        assertThat(breaksWatch("l", "RPOP", "l", "2")).isTrue();
        assertThat(breaksWatch("l", "LSET", "l", "0", "q")).isTrue();
        assertThat(breaksWatch("l", "LINSERT", "l", "BEFORE", "q", "p")).isTrue();
        assertThat(breaksWatch("l", "LREM", "l", "0", "p")).isTrue();
        assertThat(breaksWatch("l", "LTRIM", "l", "0", "-1")).isTrue();
        assertThat(breaksWatch("l", "LMOVE", "l", "other", "LEFT", "LEFT")).isTrue();
        assertThat(breaksWatch("l", "RPOPLPUSH", "other", "l")).isTrue();
        assertThat(breaksWatch("l", "LMPOP", "1", "l", "LEFT")).isTrue();
        assertThat(breaksWatch("l", "LRANGE", "l", "0", "-1")).isFalse();
        assertThat(breaksWatch("l", "LINSERT", "l", "BEFORE", "absent", "p")).isFalse();
        assertThat(breaksWatch("l", "LREM", "l", "0", "absent")).isFalse();
        assertThat(breaksWatch("l", "LPOP", "l", "0")).isFalse();
    }

    @Test
    void lettuceSeesRedisErrors() {
        redis.rpush("l", "a");
        assertThatThrownBy(() -> redis.lset("l", 5, "x"))
                .isInstanceOf(RedisCommandExecutionException.class).hasMessage("ERR index out of range");
    }
}
