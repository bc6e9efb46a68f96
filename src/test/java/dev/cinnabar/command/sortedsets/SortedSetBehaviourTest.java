package dev.cinnabar.command.sortedsets;

import dev.cinnabar.propagation.Propagation;
import dev.cinnabar.store.KeyWatch;
import dev.cinnabar.support.PropagationRecorder;
import dev.cinnabar.support.RawClient;
import dev.cinnabar.support.ServerTest;
import io.lettuce.core.Range;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScoredValueScanCursor;
import io.lettuce.core.ZAddArgs;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sorted set behaviour beyond single replies: encodings and their thresholds, big sets,
 * blocking pops (several clients, order, timeouts, MULTI), propagation and WATCH.
 */
class SortedSetBehaviourTest extends ServerTest {

    @Autowired
    private Propagation propagation;

    @Test
    void codecraftersStagesThroughLettuce() {
        assertThat(redis.zadd("race", 37.20581904838128, "apple")).isEqualTo(1);
        assertThat(redis.zadd("race", 20.5, "banana", 20.5, "apple", 90.0, "pear")).isEqualTo(2);
        assertThat(redis.zrank("race", "apple")).isZero();
        assertThat(redis.zrank("race", "banana")).isEqualTo(1);
        assertThat(redis.zrank("race", "missing_member_1")).isNull();
        assertThat(redis.zrank("missing_key_1", "apple")).isNull();
        assertThat(redis.zrange("race", 0, -1)).containsExactly("apple", "banana", "pear");
        assertThat(redis.zrange("race", -1, -2)).isEmpty();
        assertThat(redis.zrange("race", -4, -1)).containsExactly("apple", "banana", "pear");
        assertThat(redis.zcard("race")).isEqualTo(3);
        assertThat(redis.zscore("race", "pear")).isEqualTo(90.0);
        assertThat(redis.zrem("race", "apple")).isEqualTo(1);
        assertThat(redis.zrangeWithScores("race", 0, -1)).containsExactly(ScoredValue.just(20.5, "banana"),
                ScoredValue.just(90.0, "pear"));
        assertThat(redis.zadd("race", ZAddArgs.Builder.xx().ch(), 1.0, "pear")).isEqualTo(1);
        assertThat(redis.zrangebyscore("race", Range.create(0, 10))).containsExactly("pear");
        assertThat(redis.zcard("missing_key_2")).isZero();
    }

    @Test
    void encodingFollowsTheListpackLimitsLiveFromConfig() throws Exception {
        redis.zadd("small", 1, "a");
        assertThat(redis.objectEncoding("small")).isEqualTo("listpack");
        redis.zadd("long", 1, "x".repeat(65));
        assertThat(redis.objectEncoding("long")).isEqualTo("skiplist");
        for (int i = 0; i < 128; i++) {
            redis.zadd("grows", i, "m" + i);
        }
        assertThat(redis.objectEncoding("grows")).isEqualTo("listpack");
        redis.zadd("grows", 200, "one-more");
        assertThat(redis.objectEncoding("grows")).isEqualTo("skiplist");
        try {
            redis.configSet("zset-max-ziplist-entries", "2");
            redis.zadd("limited", 1.0, "a", 2.0, "b");
            assertThat(redis.objectEncoding("limited")).isEqualTo("listpack");
            redis.zadd("limited", 3, "c");
            assertThat(redis.objectEncoding("limited")).isEqualTo("skiplist");
            redis.zunionstore("union", "small", "small");
            assertThat(redis.objectEncoding("union")).isEqualTo("listpack");
            redis.zunionstore("union", "grows");
            assertThat(redis.objectEncoding("union")).isEqualTo("skiplist");
        } finally {
            redis.configSet("zset-max-listpack-entries", "128");
        }
    }

    @Test
    void aBigSetKeepsRanksScoresAndRangesExact() {
        List<ScoredValue<String>> expected = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            redis.zadd("big", i % 500, String.format("m%05d", i));
        }
        for (int score = 0; score < 500; score++) {
            for (int i = score; i < 3000; i += 500) {
                expected.add(ScoredValue.just(score, String.format("m%05d", i)));
            }
        }
        assertThat(redis.objectEncoding("big")).isEqualTo("skiplist");
        assertThat(redis.zrangeWithScores("big", 0, -1)).isEqualTo(expected);
        assertThat(redis.zrank("big", "m02999")).isEqualTo(2999);
        assertThat(redis.zrevrank("big", "m00000")).isEqualTo(2999);
        assertThat(redis.zcount("big", Range.create(10, 19))).isEqualTo(60);
        assertThat(redis.zrangebyscore("big", Range.create(499, 1000))).hasSize(6);
        assertThat(redis.zremrangebyscore("big", Range.create(0, 249))).isEqualTo(1500);
        assertThat(redis.zrange("big", 0, 0)).containsExactly("m00250");
        assertThat(redis.zpopmax("big", 2)).extracting(ScoredValue::getValue).containsExactly("m02999", "m02499");
    }

    @Test
    void zscanWalksABigSetWithCursorsAndMatch() {
        for (int i = 0; i < 500; i++) {
            redis.zadd("big", i, "member:" + i);
        }
        Set<String> seen = new HashSet<>();
        ScoredValueScanCursor<String> cursor = redis.zscan("big");
        while (true) {
            for (ScoredValue<String> value : cursor.getValues()) {
                assertThat(value.getValue()).isEqualTo("member:" + (int) value.getScore());
                seen.add(value.getValue());
            }
            if (cursor.isFinished()) {
                break;
            }
            cursor = redis.zscan("big", cursor);
        }
        assertThat(seen).hasSize(500);
        ScoredValueScanCursor<String> matched = redis.zscan("big", ScanArgs.Builder.matches("member:1?").limit(1000));
        assertThat(matched.getValues()).extracting(ScoredValue::getValue).allMatch(m -> m.matches("member:1\\d"));
    }

    @Test
    void zrandmemberPicksDistinctMembersForAPositiveCountAndRepeatsForANegativeOne() {
        for (int i = 0; i < 200; i++) {
            redis.zadd("k", i, "m" + i);
        }
        List<String> distinct = redis.zrandmember("k", 50);
        assertThat(distinct).hasSize(50).doesNotHaveDuplicates();
        assertThat(redis.zrandmember("k", -300)).hasSize(300).allMatch(m -> m.startsWith("m"));
        assertThat(redis.zrandmemberWithScores("k", 3)).allMatch(v -> v.getValue().equals("m" + (int) v.getScore()));
        assertThat(redis.zrandmember("k")).startsWith("m");
    }

    @Test
    void blockedClientsAreServedInArrivalOrderAndPropagatedAsPlainPops() throws Exception {
        try (PropagationRecorder recorder = new PropagationRecorder(propagation)) {
            RawClient first = raw();
            RawClient second = raw();
            RawClient third = raw();
            first.command("BZPOPMIN", "other", "zs", "0");
            awaitBlockedClients(1);
            second.command("BZPOPMAX", "zs", "0");
            awaitBlockedClients(2);
            third.command("BZMPOP", "0", "1", "zs", "MIN", "COUNT", "5");
            awaitBlockedClients(3);
            redis.zadd("zs", 1.0, "a", 2.0, "b", 3.0, "c", 4.0, "d");
            assertThat(first.readReply()).isEqualTo("*3\r\n$2\r\nzs\r\n$1\r\na\r\n$1\r\n1\r\n");
            assertThat(second.readReply()).isEqualTo("*3\r\n$2\r\nzs\r\n$1\r\nd\r\n$1\r\n4\r\n");
            assertThat(third.readReply()).isEqualTo(
                    "*2\r\n$2\r\nzs\r\n*2\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n*2\r\n$1\r\nc\r\n$1\r\n3\r\n");
            assertThat(redis.exists("zs")).isZero();
            assertThat(recorder.commands()).containsExactly("0 ZADD zs 1.0 a 2.0 b 3.0 c 4.0 d", "0 ZPOPMIN zs",
                    "0 ZPOPMAX zs", "0 ZPOPMIN zs 2");
        }
    }

    @Test
    void immediatePopsPropagateAsPlainPopsToo() throws Exception {
        redis.zadd("zs", 1.0, "a", 2.0, "b", 3.0, "c");
        try (PropagationRecorder recorder = new PropagationRecorder(propagation)) {
            RawClient client = raw();
            client.command("BZPOPMAX", "zs", "0").readReply();
            client.command("ZMPOP", "2", "none", "zs", "MIN", "COUNT", "9").readReply();
            client.command("ZMPOP", "1", "zs", "MIN").readReply();
            assertThat(recorder.commands()).containsExactly("0 ZPOPMAX zs", "0 ZPOPMIN zs 2");
        }
    }

    @Test
    void blockingPopTimesOutWithANullArray() throws Exception {
        RawClient client = raw();
        assertThat(client.command("BZPOPMIN", "zs", "0.05").readReply()).isEqualTo("*-1\r\n");
        assertThat(client.command("BZMPOP", "0.05", "1", "zs", "MAX").readReply()).isEqualTo("*-1\r\n");
        awaitBlockedClients(0);
    }

    @Test
    void aWaiterIgnoresAKeyOfAnotherTypeAndKeepsWaiting() throws Exception {
        RawClient waiter = raw();
        waiter.command("BZPOPMIN", "k", "0");
        awaitBlockedClients(1);
        redis.set("k", "string");
        redis.del("k");
        redis.zadd("k", 7, "x");
        assertThat(waiter.readReply()).isEqualTo("*3\r\n$1\r\nk\r\n$1\r\nx\r\n$1\r\n7\r\n");
    }

    @Test
    void insideMultiBlockingPopsAnswerAtOnce() throws Exception {
        RawClient client = raw();
        client.command("MULTI").readReply();
        client.command("BZPOPMIN", "zs", "0").readReply();
        client.command("BZMPOP", "0", "1", "zs", "MIN").readReply();
        client.command("ZADD", "zs", "1", "a").readReply();
        client.command("BZPOPMAX", "zs", "0").readReply();
        assertThat(client.command("EXEC").readReply())
                .isEqualTo("*4\r\n*-1\r\n*-1\r\n:1\r\n*3\r\n$2\r\nzs\r\n$1\r\na\r\n$1\r\n1\r\n");
    }

    @Test
    void geoaddIsPropagatedAsTheZaddOfItsScores() throws Exception {
        try (PropagationRecorder recorder = new PropagationRecorder(propagation)) {
            redis.geoadd("g", 13.361389, 38.115556, "Palermo");
            redis.geoadd("g", 13.361389, 38.115556, "Palermo");
            assertThat(recorder.commands()).containsExactly("0 ZADD g 3479099956230698 Palermo");
        }
    }

    @Test
    void inPlaceChangesBreakWatchAndNoOpsDoNot() throws Exception {
        redis.zadd("zs", 1.0, "a", 2.0, "b");
        assertThat(breaksWatch("zs", "ZADD", "zs", "1", "a")).isFalse();
        assertThat(breaksWatch("zs", "ZADD", "zs", "5", "a")).isTrue();
        assertThat(breaksWatch("zs", "ZREM", "zs", "nope")).isFalse();
        assertThat(breaksWatch("zs", "ZINCRBY", "zs", "1", "b")).isTrue();
        assertThat(breaksWatch("zs", "ZPOPMIN", "zs")).isTrue();
        assertThat(breaksWatch("zs", "ZREMRANGEBYSCORE", "zs", "100", "200")).isFalse();
        assertThat(breaksWatch("zs", "ZREM", "zs", "a")).isTrue();
        assertThat(redis.exists("zs")).isZero();
    }

    private boolean breaksWatch(String key, String... command) throws Exception {
        KeyWatch watch = new KeyWatch();
        onKeyspace(() -> {
            watch.watch(store.database(0), key.getBytes(StandardCharsets.UTF_8));
            return null;
        });
        try {
            raw().command(command).readReply();
            return onKeyspace(watch::isBroken);
        } finally {
            onKeyspace(() -> {
                watch.unwatchAll();
                return null;
            });
        }
    }
}
