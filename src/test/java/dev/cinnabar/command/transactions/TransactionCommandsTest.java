package dev.cinnabar.command.transactions;

import dev.cinnabar.propagation.Propagation;
import dev.cinnabar.support.PropagationRecorder;
import dev.cinnabar.support.RawClient;
import dev.cinnabar.support.ServerTest;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class TransactionCommandsTest extends ServerTest {

    private static final String EXEC_ABORT = "-EXECABORT Transaction discarded because of previous errors.\r\n";

    @Autowired
    Propagation propagation;

    @Test
    void execRunsTheQueueAndAnswersEveryReplyErrorsIncluded() {
        redis.set("word", "apple");
        redis.set("n", "41");
        redis.multi();
        assertThat(redis.incr("word")).isNull();
        redis.incr("n");
        redis.get("n");
        TransactionResult result = redis.exec();
        assertThat(result.wasDiscarded()).isFalse();
        assertThat(result).hasSize(3);
        assertThat(result.<Object>get(0)).isInstanceOf(Exception.class);
        assertThat(((Exception) result.get(0)).getMessage()).isEqualTo("ERR value is not an integer or out of range");
        assertThat(result.<Long>get(1)).isEqualTo(42L);
        assertThat(result.<String>get(2)).isEqualTo("42");
    }

    @Test
    void queuedCommandsAreAnsweredQueuedAndInvisibleToOthersUntilExec() throws Exception {
        RawClient raw = raw();
        assertThat(raw.command("MULTI").readReply()).isEqualTo("+OK\r\n");
        assertThat(raw.command("SET", "k", "7").readReply()).isEqualTo("+QUEUED\r\n");
        assertThat(raw.command("INCR", "k").readReply()).isEqualTo("+QUEUED\r\n");
        assertThat(redis.get("k")).isNull();
        assertThat(raw.command("EXEC").readReply()).isEqualTo("*2\r\n+OK\r\n:8\r\n");
        assertThat(redis.get("k")).isEqualTo("8");
    }

    @Test
    void emptyTransactionAndExecOrDiscardWithoutMulti() throws Exception {
        RawClient raw = raw();
        assertThat(raw.command("EXEC").readReply()).isEqualTo("-ERR EXEC without MULTI\r\n");
        assertThat(raw.command("DISCARD").readReply()).isEqualTo("-ERR DISCARD without MULTI\r\n");
        assertThat(raw.command("MULTI").readReply()).isEqualTo("+OK\r\n");
        assertThat(raw.command("EXEC").readReply()).isEqualTo("*0\r\n");
        assertThat(raw.command("EXEC").readReply()).isEqualTo("-ERR EXEC without MULTI\r\n");
    }

    @Test
    void discardDropsTheQueue() throws Exception {
        RawClient raw = raw();
        raw.command("SET", "k2", "v2").readReply();
        raw.command("MULTI").readReply();
        raw.command("SET", "k1", "v1").readReply();
        assertThat(raw.command("DISCARD").readReply()).isEqualTo("+OK\r\n");
        assertThat(raw.command("GET", "k1").readReply()).isEqualTo("$-1\r\n");
        assertThat(raw.command("GET", "k2").readReply()).isEqualTo("$2\r\nv2\r\n");
        assertThat(raw.command("DISCARD").readReply()).isEqualTo("-ERR DISCARD without MULTI\r\n");
    }

    @Test
    void aCommandRejectedWhileQueueingAbortsTheTransaction() throws Exception {
        RawClient raw = raw();
        for (String[] rejected : new String[][]{{"NOSUCHCOMMAND"}, {"GET"}, {"CONFIG", "NOPE"}, {"SHUTDOWN"}}) {
            raw.command("MULTI").readReply();
            assertThat(raw.command("SET", "k", "v").readReply()).isEqualTo("+QUEUED\r\n");
            assertThat(raw.command(rejected).readReply()).startsWith("-ERR ");
            assertThat(raw.command("SET", "k2", "v").readReply()).isEqualTo("+QUEUED\r\n");
            assertThat(raw.command("EXEC").readReply()).isEqualTo(EXEC_ABORT);
        }
        assertThat(redis.exists("k", "k2")).isZero();
        raw.command("MULTI").readReply();
        assertThat(raw.command("SHUTDOWN").readReply()).isEqualTo("-ERR Command not allowed inside a transaction\r\n");
        raw.command("EXEC").readReply();
    }

    @Test
    void nestedMultiAndWatchInsideMultiAreRefusedWithoutAbortingTheTransaction() throws Exception {
        RawClient raw = raw();
        raw.command("MULTI").readReply();
        assertThat(raw.command("MULTI").readReply()).isEqualTo("-ERR MULTI calls can not be nested\r\n");
        assertThat(raw.command("WATCH", "k").readReply()).isEqualTo("-ERR WATCH inside MULTI is not allowed\r\n");
        raw.command("SET", "k", "v").readReply();
        assertThat(raw.command("EXEC").readReply()).isEqualTo("*1\r\n+OK\r\n");
    }

    @Test
    void selectInsideATransactionAppliesToTheCommandsAfterIt() throws Exception {
        RawClient raw = raw();
        raw.command("MULTI").readReply();
        raw.command("SELECT", "1").readReply();
        raw.command("SET", "x", "1").readReply();
        assertThat(raw.command("EXEC").readReply()).isEqualTo("*2\r\n+OK\r\n+OK\r\n");
        assertThat(raw.command("GET", "x").readReply()).isEqualTo("$1\r\n1\r\n");
        assertThat(redis.exists("x")).isZero();
    }

    @Test
    void quitAndResetRunAtOnceInsideMulti() throws Exception {
        RawClient raw = raw();
        raw.command("MULTI").readReply();
        raw.command("SET", "k", "v").readReply();
        assertThat(raw.command("RESET").readReply()).isEqualTo("+RESET\r\n");
        assertThat(raw.command("EXEC").readReply()).isEqualTo("-ERR EXEC without MULTI\r\n");
        raw.command("MULTI").readReply();
        assertThat(raw.command("QUIT").readReply()).isEqualTo("+OK\r\n");
        assertThat(raw.isClosedByServer()).isTrue();
        assertThat(redis.exists("k")).isZero();
    }

    @Test
    void transactionsOfSeveralClientsRunWholeInExecOrder() {
        RedisCommands<String, String> second = newConnection().sync();
        RedisCommands<String, String> third = newConnection().sync();
        redis.set("k2", "10");
        for (RedisCommands<String, String> client : java.util.List.of(redis, second, third)) {
            client.incr("k1");
        }
        for (RedisCommands<String, String> client : java.util.List.of(redis, second, third)) {
            client.multi();
            client.incr("k1");
            client.incr("k2");
        }
        int i = 0;
        for (RedisCommands<String, String> client : java.util.List.of(redis, second, third)) {
            TransactionResult result = client.exec();
            assertThat(result.<Long>get(0)).isEqualTo(4L + i);
            assertThat(result.<Long>get(1)).isEqualTo(11L + i);
            i++;
        }
    }

    @Test
    void aConcurrentWriterNeverInterleavesInsideExec() throws Exception {
        RedisCommands<String, String> writer = newConnection().sync();
        CompletableFuture<Void> hammering = CompletableFuture.runAsync(() -> {
            for (int n = 0; n < 2000; n++) {
                writer.incr("counter");
            }
        });
        int transactions = 0;
        while (!hammering.isDone()) {
            redis.multi();
            redis.get("counter");
            for (int n = 0; n < 10; n++) {
                redis.incr("counter");
            }
            redis.get("counter");
            TransactionResult result = redis.exec();
            String before = result.get(0);
            long first = before == null ? 0 : Long.parseLong(before);
            for (int n = 0; n < 10; n++) {
                assertThat(result.<Long>get(n + 1)).isEqualTo(first + n + 1);
            }
            assertThat(result.<String>get(11)).isEqualTo(Long.toString(first + 10));
            transactions++;
        }
        hammering.get(10, TimeUnit.SECONDS);
        assertThat(redis.get("counter")).isEqualTo(Long.toString(2000L + 10L * transactions));
    }

    @Test
    void integerErrorsHoldInsideTransactions() throws Exception {
        RawClient raw = raw();
        raw.command("SET", "max", Long.toString(Long.MAX_VALUE)).readReply();
        raw.command("SET", "word", "pear").readReply();
        raw.command("SET", "f", "1.5").readReply();
        raw.command("MULTI").readReply();
        raw.command("INCR", "max").readReply();
        raw.command("DECRBY", "word", "2").readReply();
        raw.command("INCRBY", "f", "1").readReply();
        raw.command("INCRBYFLOAT", "f", "1.25").readReply();
        raw.command("DECR", "missing").readReply();
        assertThat(raw.command("EXEC").readReply()).isEqualTo("*5\r\n"
                + "-ERR increment or decrement would overflow\r\n"
                + "-ERR value is not an integer or out of range\r\n"
                + "-ERR value is not an integer or out of range\r\n"
                + "$4\r\n2.75\r\n"
                + ":-1\r\n");
    }

    @Test
    void aTransactionPropagatesAsOneMultiExecBlockOfItsWrites() throws Exception {
        try (PropagationRecorder recorder = new PropagationRecorder(propagation)) {
            redis.multi();
            redis.set("a", "1");
            redis.get("a");
            redis.incr("a");
            redis.incr("not-a-number-yet");
            redis.exec();
            redis.multi();
            redis.get("a");
            redis.exists("a");
            redis.exec();
            redis.set("after", "x");
            assertThat(recorder.commands()).containsExactly(
                    "0 MULTI", "0 SET a 1", "0 INCR a", "0 INCR not-a-number-yet", "0 EXEC", "0 SET after x");
        }
    }

    @Test
    void failedAndAbortedTransactionsPropagateNothing() throws Exception {
        try (PropagationRecorder recorder = new PropagationRecorder(propagation)) {
            redis.set("word", "kiwi");
            redis.multi();
            redis.incr("word");
            redis.exec();
            RawClient raw = raw();
            raw.command("MULTI").readReply();
            raw.command("SET", "k", "v").readReply();
            raw.command("GET").readReply();
            raw.command("EXEC").readReply();
            assertThat(recorder.commands()).containsExactly("0 SET word kiwi");
        }
    }
}
