package dev.cinnabar.command.keys;

import dev.cinnabar.store.Database;
import dev.cinnabar.store.KeyspaceStats;
import dev.cinnabar.support.RawClient;
import dev.cinnabar.support.ListLikeValue;
import dev.cinnabar.support.ServerTest;
import io.lettuce.core.CopyArgs;
import io.lettuce.core.FlushMode;
import io.lettuce.core.RedisCommandExecutionException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyCommandsTest extends ServerTest {

    private long changes() throws Exception {
        return onKeyspace(store::changesSinceSave);
    }

    private Database database(int index) {
        return store.database(index);
    }

    private boolean existsIn(int database, String key) throws Exception {
        return onKeyspace(() -> database(database).exists(bytes(key)));
    }

    private Object valueIn(int database, String key) throws Exception {
        return onKeyspace(() -> database(database).get(bytes(key)));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private void putList(String key, String... elements) throws Exception {
        onKeyspace(() -> {
            database(0).put(bytes(key), new ListLikeValue(List.of(elements)));
            return null;
        });
    }

    @Test
    void delCountsTheKeysItRemovedAndRecordsAsManyChanges() throws Exception {
        redis.set("a", "1");
        redis.set("b", "2");
        redis.set("c", "3");
        long before = changes();

        assertThat(redis.del("a", "missing", "b", "a")).isEqualTo(2);

        assertThat(changes() - before).isEqualTo(2);
        assertThat(redis.exists("a", "b", "c")).isEqualTo(1);
    }

    @Test
    void unlinkDeletesLikeDel() throws Exception {
        redis.set("a", "1");
        putList("l", "x");

        assertThat(redis.unlink("a", "l", "missing")).isEqualTo(2);
        assertThat(redis.dbsize()).isZero();
    }

    @Test
    void delAndExistsRequireAKey() throws Exception {
        RawClient raw = raw();
        assertThat(raw.command("DEL").readReply()).isEqualTo("-ERR wrong number of arguments for 'del' command\r\n");
        assertThat(raw.command("EXISTS").readReply())
                .isEqualTo("-ERR wrong number of arguments for 'exists' command\r\n");
    }

    @Test
    void existsCountsRepeatedKeysEachTimeAndCountsKeyspaceHits() throws Exception {
        redis.set("a", "1");
        KeyspaceStats stats = store.stats();
        long hits = onKeyspace(stats::hits);
        long misses = onKeyspace(stats::misses);

        assertThat(raw().command("EXISTS", "a", "a", "missing", "a").readReply()).isEqualTo(":3\r\n");

        assertThat(onKeyspace(stats::hits) - hits).isEqualTo(3);
        assertThat(onKeyspace(stats::misses) - misses).isEqualTo(1);
    }

    @Test
    void typeNamesTheValueTypeAsASimpleString() throws Exception {
        redis.set("s", "v");
        putList("l", "x");
        RawClient raw = raw();

        assertThat(raw.command("TYPE", "s").readReply()).isEqualTo("+string\r\n");
        assertThat(raw.command("TYPE", "l").readReply()).isEqualTo("+list\r\n");
        assertThat(raw.command("TYPE", "missing").readReply()).isEqualTo("+none\r\n");
    }

    @Test
    void touchCountsExistingKeys() {
        redis.set("a", "1");
        redis.set("b", "1");

        assertThat(redis.touch("a", "b", "missing", "a")).isEqualTo(3);
    }

    @Test
    void randomKeyAnswersAKeyOrNullWhenEmpty() throws Exception {
        assertThat(raw().command("RANDOMKEY").readReply()).isEqualTo("$-1\r\n");
        redis.set("a", "1");
        redis.set("b", "1");

        for (int i = 0; i < 20; i++) {
            assertThat(redis.randomkey()).isIn("a", "b");
        }
    }

    @Test
    void renameMovesTheValueAndItsTimeToLive() throws Exception {
        redis.set("a", "1");
        redis.pexpire("a", 100_000);
        redis.set("b", "old");
        long before = changes();

        assertThat(redis.rename("a", "b")).isEqualTo("OK");

        assertThat(changes() - before).isEqualTo(1);
        assertThat(redis.get("b")).isEqualTo("1");
        assertThat(redis.exists("a")).isZero();
        assertThat(redis.pttl("b")).isBetween(1L, 100_000L);
    }

    @Test
    void renameOfAKeyWithoutTimeToLiveClearsTheTargetsOne() {
        redis.set("a", "1");
        redis.set("b", "2");
        redis.expire("b", 100);

        redis.rename("a", "b");

        assertThat(redis.ttl("b")).isEqualTo(-1);
    }

    @Test
    void renameOfAMissingKeyIsAnError() throws Exception {
        RawClient raw = raw();
        assertThat(raw.command("RENAME", "missing", "x").readReply()).isEqualTo("-ERR no such key\r\n");
        assertThat(raw.command("RENAME", "missing", "missing").readReply()).isEqualTo("-ERR no such key\r\n");
        assertThat(raw.command("RENAMENX", "missing", "x").readReply()).isEqualTo("-ERR no such key\r\n");
    }

    @Test
    void renameOntoItselfChangesNothing() throws Exception {
        redis.set("a", "1");
        long before = changes();
        RawClient raw = raw();

        assertThat(raw.command("RENAME", "a", "a").readReply()).isEqualTo("+OK\r\n");
        assertThat(raw.command("RENAMENX", "a", "a").readReply()).isEqualTo(":0\r\n");

        assertThat(changes()).isEqualTo(before);
        assertThat(redis.get("a")).isEqualTo("1");
    }

    @Test
    void renamenxRenamesOnlyOntoAMissingKey() {
        redis.set("a", "1");
        redis.set("b", "2");

        assertThat(redis.renamenx("a", "b")).isFalse();
        assertThat(redis.get("b")).isEqualTo("2");
        assertThat(redis.renamenx("a", "c")).isTrue();
        assertThat(redis.get("c")).isEqualTo("1");
        assertThat(redis.exists("a")).isZero();
    }

    @Test
    void copyDuplicatesTheValueAndTimeToLive() throws Exception {
        redis.set("a", "1");
        redis.expire("a", 100);

        assertThat(redis.copy("a", "b")).isTrue();

        assertThat(redis.get("b")).isEqualTo("1");
        assertThat(redis.ttl("b")).isBetween(99L, 100L);
        assertThat(onKeyspace(() -> database(0).get(bytes("a")) != database(0).get(bytes("b")))).isTrue();
    }

    @Test
    void copyOfATypedValueIsADeepCopy() throws Exception {
        putList("l", "x", "y");

        assertThat(redis.copy("l", "m")).isTrue();

        ListLikeValue original = (ListLikeValue) valueIn(0, "l");
        ListLikeValue copy = (ListLikeValue) valueIn(0, "m");
        assertThat(copy).isNotSameAs(original);
        assertThat(copy.elements).containsExactly("x", "y");
    }

    @Test
    void copyKeepsAnExistingTargetUnlessReplaceIsGiven() throws Exception {
        redis.set("a", "new");
        redis.set("b", "old");

        assertThat(redis.copy("a", "b")).isFalse();
        assertThat(redis.get("b")).isEqualTo("old");
        assertThat(redis.copy("a", "b", CopyArgs.Builder.replace(true))).isTrue();
        assertThat(redis.get("b")).isEqualTo("new");
        assertThat(redis.copy("missing", "c")).isFalse();
    }

    @Test
    void copyToAnotherDatabase() throws Exception {
        redis.set("a", "1");

        assertThat(redis.copy("a", "a", CopyArgs.Builder.destinationDb(3))).isTrue();

        assertThat(valueIn(3, "a")).isEqualTo(bytes("1"));
        assertThat(redis.get("a")).isEqualTo("1");
    }

    @Test
    void copyErrors() throws Exception {
        redis.set("a", "1");
        RawClient raw = raw();

        assertThat(raw.command("COPY", "a", "a").readReply())
                .isEqualTo("-ERR source and destination objects are the same\r\n");
        assertThat(raw.command("COPY", "a", "a", "DB", "0").readReply())
                .isEqualTo("-ERR source and destination objects are the same\r\n");
        assertThat(raw.command("COPY", "a", "b", "DB", "16").readReply())
                .isEqualTo("-ERR DB index is out of range\r\n");
        assertThat(raw.command("COPY", "a", "b", "DB", "-1").readReply())
                .isEqualTo("-ERR DB index is out of range\r\n");
        assertThat(raw.command("COPY", "a", "b", "DB", "x").readReply())
                .isEqualTo("-ERR value is not an integer or out of range\r\n");
        assertThat(raw.command("COPY", "a", "b", "DB", "99999999999").readReply())
                .isEqualTo("-ERR value is out of range, value must between -2147483648 and 2147483647\r\n");
        assertThat(raw.command("COPY", "a", "b", "DB").readReply()).isEqualTo("-ERR syntax error\r\n");
        assertThat(raw.command("COPY", "a", "b", "FOO").readReply()).isEqualTo("-ERR syntax error\r\n");
    }

    @Test
    void moveTransfersTheKeyWithItsTimeToLive() throws Exception {
        redis.set("a", "1");
        redis.expire("a", 100);
        long before = changes();

        assertThat(redis.move("a", 2)).isTrue();

        assertThat(changes() - before).isEqualTo(1);
        assertThat(redis.exists("a")).isZero();
        assertThat(valueIn(2, "a")).isEqualTo(bytes("1"));
        assertThat(onKeyspace(() -> database(2).expireAt(bytes("a")))).isPositive();
    }

    @Test
    void moveLeavesAKeyThatExistsInTheTarget() throws Exception {
        redis.set("a", "here");
        onKeyspace(() -> {
            database(1).put(bytes("a"), bytes("there"));
            return null;
        });

        assertThat(redis.move("a", 1)).isFalse();
        assertThat(redis.move("missing", 1)).isFalse();

        assertThat(redis.get("a")).isEqualTo("here");
        assertThat(valueIn(1, "a")).isEqualTo(bytes("there"));
    }

    @Test
    void moveErrors() throws Exception {
        redis.set("a", "1");
        RawClient raw = raw();

        assertThat(raw.command("MOVE", "a", "0").readReply())
                .isEqualTo("-ERR source and destination objects are the same\r\n");
        assertThat(raw.command("MOVE", "a", "16").readReply()).isEqualTo("-ERR DB index is out of range\r\n");
        assertThat(raw.command("MOVE", "a", "x").readReply())
                .isEqualTo("-ERR value is not an integer or out of range\r\n");
    }

    @Test
    void objectEncodingOfStringsFollowsRedisThresholds() throws Exception {
        redis.set("int", "-9223372036854775808");
        redis.set("notint", "-0");
        redis.set("leadingzero", "007");
        redis.set("toolong", "12345678901234567890");
        redis.set("short", "x".repeat(44));
        redis.set("long", "x".repeat(45));
        putList("l", "x");

        assertThat(redis.objectEncoding("int")).isEqualTo("int");
        assertThat(redis.objectEncoding("notint")).isEqualTo("embstr");
        assertThat(redis.objectEncoding("leadingzero")).isEqualTo("embstr");
        assertThat(redis.objectEncoding("toolong")).isEqualTo("embstr");
        assertThat(redis.objectEncoding("short")).isEqualTo("embstr");
        assertThat(redis.objectEncoding("long")).isEqualTo("raw");
        assertThat(redis.objectEncoding("l")).isEqualTo("listpack");
        assertThat(raw().command("OBJECT", "ENCODING", "missing").readReply()).isEqualTo("$-1\r\n");
    }

    @Test
    void objectRefcountShowsSharedSmallIntegers() throws Exception {
        redis.set("small", "9999");
        redis.set("large", "10000");
        redis.set("text", "hello");

        assertThat(redis.objectRefcount("small")).isEqualTo(Integer.MAX_VALUE);
        assertThat(redis.objectRefcount("large")).isEqualTo(1);
        assertThat(redis.objectRefcount("text")).isEqualTo(1);
        assertThat(raw().command("OBJECT", "REFCOUNT", "missing").readReply()).isEqualTo("$-1\r\n");
    }

    @Test
    void objectIdletimeCountsSecondsSinceTheLastAccessAndIsNotResetByLooking() throws Exception {
        redis.set("a", "1");
        Thread.sleep(2100);

        assertThat(redis.objectIdletime("a")).isGreaterThanOrEqualTo(2);
        assertThat(redis.ttl("a")).isEqualTo(-1);
        assertThat(redis.objectIdletime("a")).isGreaterThanOrEqualTo(2);
        redis.get("a");
        assertThat(redis.objectIdletime("a")).isZero();
        assertThat(raw().command("OBJECT", "IDLETIME", "missing").readReply()).isEqualTo("$-1\r\n");
    }

    @Test
    void objectFreqNeedsAnLfuPolicy() throws Exception {
        redis.set("a", "1");
        RawClient raw = raw();

        assertThat(raw.command("OBJECT", "FREQ", "missing").readReply()).isEqualTo("$-1\r\n");
        assertThat(raw.command("OBJECT", "FREQ", "a").readReply()).isEqualTo("-ERR An LFU maxmemory policy is not "
                + "selected, access frequency not tracked. Please note that when switching between policies at "
                + "runtime LRU and LFU data will take some time to adjust.\r\n");
    }

    @Test
    void withAnLfuPolicyFreqAnswersAndIdletimeIsAnError() throws Exception {
        redis.set("a", "1");
        redis.configSet("maxmemory-policy", "allkeys-lfu");
        try {
            assertThat(redis.objectFreq("a")).isEqualTo(5);
            assertThat(raw().command("OBJECT", "IDLETIME", "a").readReply()).isEqualTo("-ERR An LFU maxmemory "
                    + "policy is selected, idle time not tracked. Please note that when switching between policies "
                    + "at runtime LRU and LFU data will take some time to adjust.\r\n");
        } finally {
            redis.configSet("maxmemory-policy", "noeviction");
        }
    }

    @Test
    void smallIntegersAreNotSharedUnderAnLruPolicyWithAMemoryLimit() {
        redis.set("small", "1");
        redis.configSet("maxmemory-policy", "allkeys-lru");
        redis.configSet("maxmemory", "1gb");
        try {
            assertThat(redis.objectRefcount("small")).isEqualTo(1);
        } finally {
            redis.configSet("maxmemory", "0");
            redis.configSet("maxmemory-policy", "noeviction");
        }
        assertThat(redis.objectRefcount("small")).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void objectHelpAndErrors() throws Exception {
        RawClient raw = raw();

        String help = raw.command("OBJECT", "HELP").readReply();
        assertThat(help).startsWith("*15\r\n+OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n"
                + "+ENCODING <key>\r\n").endsWith("+HELP\r\n+    Prints this help.\r\n");
        assertThat(raw.command("OBJECT", "ENCODING").readReply())
                .isEqualTo("-ERR wrong number of arguments for 'object|encoding' command\r\n");
        assertThat(raw.command("OBJECT", "FOO").readReply())
                .isEqualTo("-ERR unknown subcommand 'FOO'. Try OBJECT HELP.\r\n");
    }

    @Test
    void dbsizeCountsTheSelectedDatabase() throws Exception {
        redis.set("a", "1");
        redis.set("b", "1");
        onKeyspace(() -> {
            database(1).put(bytes("c"), bytes("1"));
            return null;
        });

        assertThat(redis.dbsize()).isEqualTo(2);
    }

    @Test
    void flushdbEmptiesOnlyTheSelectedDatabase() throws Exception {
        redis.set("a", "1");
        redis.set("b", "1");
        onKeyspace(() -> {
            database(1).put(bytes("c"), bytes("1"));
            return null;
        });
        long before = changes();

        assertThat(redis.flushdb()).isEqualTo("OK");

        assertThat(changes() - before).isEqualTo(2);
        assertThat(redis.dbsize()).isZero();
        assertThat(existsIn(1, "c")).isTrue();
        assertThat(redis.flushdb(FlushMode.ASYNC)).isEqualTo("OK");
        assertThat(redis.flushdb(FlushMode.SYNC)).isEqualTo("OK");
    }

    @Test
    void flushallEmptiesEveryDatabaseAndCountsTheKeysAsChanges() throws Exception {
        redis.set("a", "1");
        onKeyspace(() -> {
            database(5).put(bytes("c"), bytes("1"));
            return null;
        });
        long before = changes();

        assertThat(redis.flushall(FlushMode.ASYNC)).isEqualTo("OK");

        assertThat(changes() - before).isEqualTo(2);
        assertThat(onKeyspace(store::totalKeys)).isZero();
        assertThat(redis.flushall()).isEqualTo("OK");
        assertThat(changes() - before).isEqualTo(2);
    }

    @Test
    void flushOptionsAreChecked() throws Exception {
        RawClient raw = raw();

        assertThat(raw.command("FLUSHALL", "FOO").readReply()).isEqualTo("-ERR syntax error\r\n");
        assertThat(raw.command("FLUSHALL", "SYNC", "ASYNC").readReply()).isEqualTo("-ERR syntax error\r\n");
        assertThat(raw.command("FLUSHDB", "now").readReply()).isEqualTo("-ERR syntax error\r\n");
        assertThat(raw.command("flushdb", "sync").readReply()).isEqualTo("+OK\r\n");
    }

    @Test
    void swapdbExchangesTwoDatabases() throws Exception {
        redis.set("a", "zero");
        onKeyspace(() -> {
            database(1).put(bytes("b"), bytes("one"));
            return null;
        });
        long before = changes();

        assertThat(raw().command("SWAPDB", "0", "1").readReply()).isEqualTo("+OK\r\n");

        assertThat(changes() - before).isEqualTo(1);
        assertThat(redis.get("b")).isEqualTo("one");
        assertThat(redis.exists("a")).isZero();
        assertThat(valueIn(1, "a")).isEqualTo(bytes("zero"));
    }

    @Test
    void swapdbErrors() throws Exception {
        RawClient raw = raw();

        assertThat(raw.command("SWAPDB", "0", "16").readReply()).isEqualTo("-ERR DB index is out of range\r\n");
        assertThat(raw.command("SWAPDB", "-1", "0").readReply()).isEqualTo("-ERR DB index is out of range\r\n");
        assertThat(raw.command("SWAPDB", "x", "0").readReply()).isEqualTo("-ERR invalid first DB index\r\n");
        assertThat(raw.command("SWAPDB", "0", "x").readReply()).isEqualTo("-ERR invalid second DB index\r\n");
        assertThat(raw.command("SWAPDB", "99", "x").readReply()).isEqualTo("-ERR invalid second DB index\r\n");
        assertThat(raw.command("SWAPDB", "0", "99999999999").readReply())
                .isEqualTo("-ERR invalid second DB index\r\n");
        assertThat(raw.command("SWAPDB", "3", "3").readReply()).isEqualTo("+OK\r\n");
    }

    @Test
    void lettuceSeesErrorsAsExceptions() {
        assertThatThrownBy(() -> redis.rename("missing", "x"))
                .isInstanceOf(RedisCommandExecutionException.class)
                .hasMessage("ERR no such key");
    }
}
