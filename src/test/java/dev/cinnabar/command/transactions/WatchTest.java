package dev.cinnabar.command.transactions;

import dev.cinnabar.support.RawClient;
import dev.cinnabar.support.ServerTest;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;

import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

class WatchTest extends ServerTest {

    /** Watches {@code watched}, lets another client run {@code change}, then tries a transaction. */
    private boolean transactionSurvives(String watched, Consumer<RedisCommands<String, String>> change) {
        RedisCommands<String, String> other = newConnection().sync();
        assertThat(redis.watch(watched)).isEqualTo("OK");
        change.accept(other);
        redis.multi();
        redis.set("result", "from-transaction");
        TransactionResult result = redis.exec();
        return !result.wasDiscarded();
    }

    @Test
    void aModifiedWatchedKeyMakesExecAnswerNullArray() throws Exception {
        redis.set("w", "1");
        RawClient raw = raw();
        assertThat(raw.command("WATCH", "w").readReply()).isEqualTo("+OK\r\n");
        redis.set("w", "2");
        raw.command("MULTI").readReply();
        assertThat(raw.command("SET", "u", "x").readReply()).isEqualTo("+QUEUED\r\n");
        assertThat(raw.command("EXEC").readReply()).isEqualTo("*-1\r\n");
        assertThat(redis.exists("u")).isZero();
    }

    @Test
    void anUnwatchedKeyChangingDoesNotMatter() {
        redis.set("w", "1");
        assertThat(transactionSurvives("w", other -> other.set("elsewhere", "2"))).isTrue();
        assertThat(redis.get("result")).isEqualTo("from-transaction");
    }

    @Test
    void everyKindOfWriteBreaksTheWatch() {
        java.util.List<Consumer<RedisCommands<String, String>>> writes = java.util.List.of(
                other -> other.set("w", "2"),
                other -> other.del("w"),
                other -> other.append("w", "x"),
                other -> other.incr("n"),
                other -> other.expire("w", 100),
                other -> other.persist("ttl"),
                other -> other.rename("src", "w"),
                other -> other.flushdb(),
                other -> other.flushall(),
                other -> other.swapdb(0, 1),
                other -> other.getdel("w"),
                other -> other.set("w", "1"));
        String[] watchedKeys = {"w", "w", "w", "n", "w", "ttl", "w", "w", "w", "w", "w", "w"};
        for (int i = 0; i < writes.size(); i++) {
            redis.flushall();
            redis.set("w", "1");
            redis.set("n", "1");
            redis.set("src", "s");
            redis.setex("ttl", 100, "t");
            assertThat(transactionSurvives(watchedKeys[i], writes.get(i))).as("write %d", i).isFalse();
        }
    }

    @Test
    void aMissingWatchedKeyThatGetsCreatedBreaksTheWatch() {
        assertThat(transactionSurvives("absent", other -> other.set("absent", "now"))).isFalse();
        assertThat(redis.get("absent")).isEqualTo("now");
    }

    @Test
    void writesThatChangeNothingLeaveTheWatchIntact() {
        redis.set("w", "1");
        assertThat(transactionSurvives("w", other -> {
            other.setnx("w", "2");
            other.del("absent");
            other.persist("w");
            other.get("w");
        })).isTrue();
    }

    @Test
    void flushingAnotherDatabaseOrAnEmptyKeyLeavesTheWatchIntact() {
        redis.set("w", "1");
        assertThat(transactionSurvives("w", other -> {
            other.select(3);
            other.set("w", "db3");
            other.flushdb();
        })).isTrue();
        assertThat(transactionSurvives("nothing-here", RedisCommands::flushdb)).isTrue();
    }

    @Test
    void watchingIsPerDatabase() {
        redis.select(2);
        redis.set("w", "1");
        assertThat(transactionSurvives("w", other -> {
            other.select(2);
            other.set("w", "2");
        })).isFalse();
        assertThat(transactionSurvives("w", other -> other.set("w", "db0"))).isTrue();
    }

    @Test
    void aWatchedKeyThatExpiresBreaksTheWatch() throws Exception {
        redis.set("w", "1", io.lettuce.core.SetArgs.Builder.px(100));
        redis.watch("w");
        Thread.sleep(200);
        redis.multi();
        redis.set("result", "x");
        assertThat(redis.exec().wasDiscarded()).isTrue();
    }

    @Test
    void aKeyAlreadyExpiredWhenWatchedIsNoChangeWhenItIsDeleted() throws Exception {
        redis.set("w", "1", io.lettuce.core.SetArgs.Builder.px(50));
        Thread.sleep(100);
        redis.watch("w");
        assertThat(redis.get("w")).isNull();
        redis.multi();
        redis.set("result", "x");
        assertThat(redis.exec().wasDiscarded()).isFalse();
    }

    @Test
    void unwatchExecAndDiscardForgetTheWatchedKeys() {
        redis.set("k1", "1");
        RedisCommands<String, String> other = newConnection().sync();

        redis.watch("k1", "k2");
        other.set("k1", "changed");
        assertThat(redis.unwatch()).isEqualTo("OK");
        redis.multi();
        redis.set("k1", "tx");
        assertThat(redis.exec().wasDiscarded()).isFalse();
        assertThat(redis.get("k1")).isEqualTo("tx");

        redis.watch("k1");
        redis.multi();
        redis.set("k2", "tx");
        other.set("k1", "changed again");
        assertThat(redis.exec().wasDiscarded()).isTrue();
        redis.multi();
        redis.set("k2", "second");
        assertThat(redis.exec().wasDiscarded()).isFalse();
        assertThat(redis.get("k2")).isEqualTo("second");

        redis.watch("k1", "k2");
        redis.multi();
        redis.set("k2", "queued");
        other.set("k1", "and again");
        assertThat(redis.discard()).isEqualTo("OK");
        redis.multi();
        redis.set("k2", "after discard");
        assertThat(redis.exec().wasDiscarded()).isFalse();
        assertThat(redis.get("k2")).isEqualTo("after discard");
    }

    @Test
    void theTransactionsOwnWritesDoNotCountAgainstIt() {
        redis.set("w", "1");
        redis.watch("w");
        redis.multi();
        redis.set("w", "2");
        redis.incr("w");
        TransactionResult result = redis.exec();
        assertThat(result.wasDiscarded()).isFalse();
        assertThat(redis.get("w")).isEqualTo("3");
    }

    @Test
    void clientListShowsTheTransactionAndTheWatchedKeys() {
        redis.set("w", "1");
        redis.watch("w", "absent", "w");
        assertThat(redis.clientInfo()).contains(" flags=N ").contains(" multi=-1 watch=2 ");
        redis.multi();
        redis.set("a", "1");
        redis.set("b", "1");
        newConnection().sync().set("w", "2");
        String info = newConnection().sync().clientList();
        assertThat(info).contains(" flags=xd ").contains(" multi=2 watch=2 ");
        redis.discard();
        assertThat(redis.clientInfo()).contains(" flags=N ").contains(" multi=-1 watch=0 ");
    }

    @Test
    void aClosedConnectionStopsWatching() throws Exception {
        RawClient raw = raw();
        raw.command("WATCH", "w", "v").readReply();
        assertThat(onKeyspace(() -> store.database(0).watchedKeyCount())).isEqualTo(2);
        raw.close();
        redis.set("w", "1");
        for (int attempt = 0; attempt < 100 && onKeyspace(() -> store.database(0).watchedKeyCount()) > 0; attempt++) {
            Thread.sleep(20);
        }
        assertThat(onKeyspace(() -> store.database(0).watchedKeyCount())).isZero();
    }
}
