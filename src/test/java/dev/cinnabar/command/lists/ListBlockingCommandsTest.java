package dev.cinnabar.command.lists;

import dev.cinnabar.propagation.Propagation;
import dev.cinnabar.support.PropagationRecorder;
import dev.cinnabar.support.RawClient;
import dev.cinnabar.support.ServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

class ListBlockingCommandsTest extends ServerTest {

    @Autowired
    Propagation propagation;

    @Test
    void aPushServesTheBlockedClientAndStillCountsWhatItPushed() throws Exception {
        RawClient waiter = raw();
        waiter.command("BLPOP", "queue", "0");
        awaitBlockedClients(1);
        RawClient pusher = raw();
        assertThat(pusher.command("RPUSH", "queue", "job").readReply()).isEqualTo(":1\r\n");
        assertThat(waiter.readReply()).isEqualTo("*2\r\n$5\r\nqueue\r\n$3\r\njob\r\n");
        assertThat(redis.exists("queue")).isZero();
        awaitBlockedClients(0);
    }

    @Test
    void blockedClientsAreServedFirstComeFirstServed() throws Exception {
        RawClient first = raw();
        RawClient second = raw();
        RawClient third = raw();
        first.command("BLPOP", "q", "0");
        awaitBlockedClients(1);
        second.command("BRPOP", "q", "0");
        awaitBlockedClients(2);
        third.command("BLPOP", "q", "0");
        awaitBlockedClients(3);
        assertThat(redis.rpush("q", "a", "b")).isEqualTo(2);
        assertThat(first.readReply()).isEqualTo("*2\r\n$1\r\nq\r\n$1\r\na\r\n");
        assertThat(second.readReply()).isEqualTo("*2\r\n$1\r\nq\r\n$1\r\nb\r\n");
        assertThat(third.nothingMoreWithin(100)).isTrue();
        redis.lpush("q", "c");
        assertThat(third.readReply()).isEqualTo("*2\r\n$1\r\nq\r\n$1\r\nc\r\n");
    }

    @Test
    void theFirstKeyWithDataWinsAndAnyKeyCanServeAWaiter() throws Exception {
        redis.rpush("second", "2");
        redis.rpush("third", "3");
        assertThat(redis.blpop(1, "first", "second", "third").getKey()).isEqualTo("second");
        RawClient waiter = raw();
        waiter.command("BRPOP", "a", "b", "c", "5");
        awaitBlockedClients(1);
        redis.rpush("c", "from-c");
        assertThat(waiter.readReply()).isEqualTo("*2\r\n$1\r\nc\r\n$6\r\nfrom-c\r\n");
        awaitBlockedClients(0);
        redis.rpush("a", "left alone");
        assertThat(redis.lrange("a", 0, -1)).containsExactly("left alone");
    }

    @Test
    void aTimeoutAnswersANullArray() throws Exception {
        RawClient raw = raw();
        assertThat(raw.command("BLPOP", "missing", "0.1").readReply()).isEqualTo("*-1\r\n");
        assertThat(raw.command("BRPOP", "missing", "0.05").readReply()).isEqualTo("*-1\r\n");
        assertThat(raw.command("BLMOVE", "missing", "d", "LEFT", "RIGHT", "0.05").readReply()).isEqualTo("*-1\r\n");
        assertThat(raw.command("BRPOPLPUSH", "missing", "d", "0.05").readReply()).isEqualTo("*-1\r\n");
        assertThat(raw.command("BLMPOP", "0.05", "1", "missing", "LEFT").readReply()).isEqualTo("*-1\r\n");
        assertThat(clients.blockedCount()).isZero();
    }

    @Test
    void timeoutsAreCheckedAsRedisChecksThem() throws Exception {
        RawClient raw = raw();
        assertThat(raw.command("BLPOP", "k", "-1").readReply()).isEqualTo("-ERR timeout is negative\r\n");
        assertThat(raw.command("BLPOP", "k", "1e100").readReply()).isEqualTo("-ERR timeout is negative\r\n");
        assertThat(raw.command("BLPOP", "k", "inf").readReply()).isEqualTo("-ERR timeout is negative\r\n");
        assertThat(raw.command("BLPOP", "k", "abc").readReply())
                .isEqualTo("-ERR timeout is not a float or out of range\r\n");
        assertThat(raw.command("BLPOP", "k", "nan").readReply())
                .isEqualTo("-ERR timeout is not a float or out of range\r\n");
        assertThat(raw.command("BLMOVE", "a", "b", "UP", "RIGHT", "-1").readReply()).isEqualTo("-ERR syntax error\r\n");
        assertThat(raw.command("BLMPOP", "-1", "0", "a", "LEFT").readReply())
                .isEqualTo("-ERR numkeys should be greater than 0\r\n");
        assertThat(raw.command("BLMPOP", "-1", "1", "a", "LEFT").readReply()).isEqualTo("-ERR timeout is negative\r\n");
        assertThat(raw.command("BLMPOP", "1", "1", "a", "LEFT", "COUNT", "0").readReply())
                .isEqualTo("-ERR count should be greater than 0\r\n");
        assertThat(raw.command("BLPOP", "k").readReply())
                .isEqualTo("-ERR wrong number of arguments for 'blpop' command\r\n");
    }

    @Test
    void aKeyOfAnotherTypeAnswersWrongTypeAtOnceButKeepsWaitersWaiting() throws Exception {
        redis.set("text", "x");
        RawClient raw = raw();
        assertThat(raw.command("BLPOP", "empty", "text", "1").readReply())
                .startsWith("-WRONGTYPE Operation against a key holding the wrong kind of value");
        RawClient waiter = raw();
        waiter.command("BLPOP", "k", "0");
        awaitBlockedClients(1);
        redis.set("k", "a string now");
        assertThat(waiter.nothingMoreWithin(100)).isTrue();
        redis.del("k");
        redis.rpush("k", "v");
        assertThat(waiter.readReply()).isEqualTo("*2\r\n$1\r\nk\r\n$1\r\nv\r\n");
    }

    @Test
    void aBlockedClientsNextCommandsWaitTheirTurn() throws Exception {
        RawClient waiter = raw();
        waiter.send("*3\r\n$5\r\nBLPOP\r\n$1\r\nq\r\n$1\r\n0\r\nPING\r\n*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n");
        awaitBlockedClients(1);
        assertThat(waiter.nothingMoreWithin(100)).isTrue();
        redis.rpush("q", "v");
        assertThat(waiter.readReply()).isEqualTo("*2\r\n$1\r\nq\r\n$1\r\nv\r\n");
        assertThat(waiter.readReply()).isEqualTo("+PONG\r\n");
        assertThat(waiter.readReply()).isEqualTo("$2\r\nhi\r\n");
    }

    @Test
    void aDisconnectedWaiterIsForgotten() throws Exception {
        RawClient gone = raw();
        gone.command("BLPOP", "q", "0");
        awaitBlockedClients(1);
        gone.close();
        awaitBlockedClients(0);
        RawClient waiter = raw();
        waiter.command("BLPOP", "q", "0");
        awaitBlockedClients(1);
        redis.rpush("q", "only");
        assertThat(waiter.readReply()).isEqualTo("*2\r\n$1\r\nq\r\n$4\r\nonly\r\n");
    }

    @Test
    void insideMultiTheBlockingFormsAnswerAtOnce() throws Exception {
        RawClient raw = raw();
        raw.command("MULTI").readReply();
        raw.command("BLPOP", "q", "0").readReply();
        raw.command("BLMOVE", "q", "d", "LEFT", "RIGHT", "0").readReply();
        raw.command("BRPOPLPUSH", "q", "d", "0").readReply();
        raw.command("BLMPOP", "0", "1", "q", "LEFT").readReply();
        raw.command("RPUSH", "q", "a", "b").readReply();
        raw.command("BRPOP", "q", "0").readReply();
        assertThat(raw.command("EXEC").readReply()).isEqualTo(
                "*6\r\n*-1\r\n$-1\r\n$-1\r\n*-1\r\n:2\r\n*2\r\n$1\r\nq\r\n$1\r\nb\r\n");
    }

    @Test
    void aTransactionThatPushesServesWaitersOnlyOnceItIsWhole() throws Exception {
        RawClient waiter = raw();
        waiter.command("BLPOP", "q", "0");
        awaitBlockedClients(1);
        RawClient raw = raw();
        raw.command("MULTI").readReply();
        raw.command("RPUSH", "q", "a").readReply();
        raw.command("LLEN", "q").readReply();
        assertThat(raw.command("EXEC").readReply()).isEqualTo("*2\r\n:1\r\n:1\r\n");
        assertThat(waiter.readReply()).isEqualTo("*2\r\n$1\r\nq\r\n$1\r\na\r\n");
    }

    @Test
    void blmoveWaitsForItsSourceAndItsPushServesTheNextWaiter() throws Exception {
        RawClient mover = raw();
        RawClient consumer = raw();
        mover.command("BLMOVE", "source", "target", "LEFT", "RIGHT", "0");
        awaitBlockedClients(1);
        consumer.command("BRPOP", "target", "0");
        awaitBlockedClients(2);
        redis.lpush("source", "x");
        assertThat(mover.readReply()).isEqualTo("$1\r\nx\r\n");
        assertThat(consumer.readReply()).isEqualTo("*2\r\n$6\r\ntarget\r\n$1\r\nx\r\n");
        assertThat(redis.exists("source", "target")).isZero();
    }

    @Test
    void brpoplpushIntoAKeyOfAnotherTypeAnswersWrongTypeAndLeavesTheElement() throws Exception {
        redis.set("target", "text");
        RawClient mover = raw();
        mover.command("BRPOPLPUSH", "source", "target", "0");
        awaitBlockedClients(1);
        assertThat(redis.rpush("source", "a")).isEqualTo(1);
        assertThat(mover.readReply()).startsWith("-WRONGTYPE ");
        assertThat(redis.lrange("source", 0, -1)).containsExactly("a");
        assertThat(redis.get("target")).isEqualTo("text");
    }

    @Test
    void blmpopServesCountElementsWithTheirKey() throws Exception {
        RawClient waiter = raw();
        waiter.command("BLMPOP", "0", "2", "a", "b", "RIGHT", "COUNT", "2");
        awaitBlockedClients(1);
        redis.rpush("b", "1", "2", "3");
        assertThat(waiter.readReply()).isEqualTo("*2\r\n$1\r\nb\r\n*2\r\n$1\r\n3\r\n$1\r\n2\r\n");
        assertThat(redis.lrange("b", 0, -1)).containsExactly("1");
    }

    @Test
    void whatIsPropagatedIsThePlainPopOrMove() throws Exception {
        try (PropagationRecorder recorder = new PropagationRecorder(propagation)) {
            redis.rpush("q", "a");
            redis.blpop(1, "q");
            RawClient waiter = raw();
            waiter.command("BRPOP", "q", "0");
            awaitBlockedClients(1);
            redis.rpush("q", "b");
            waiter.readReply();
            RawClient mover = raw();
            mover.command("BLMOVE", "s", "d", "RIGHT", "LEFT", "0");
            awaitBlockedClients(1);
            redis.rpush("s", "c");
            mover.readReply();
            redis.rpush("s", "e");
            redis.brpoplpush(1, "s", "d");
            redis.rpush("m", "1", "2");
            RawClient multiPop = raw();
            multiPop.command("BLMPOP", "1", "1", "m", "LEFT", "COUNT", "5").readReply();
            assertThat(recorder.commands()).containsExactly(
                    "0 RPUSH q a", "0 LPOP q",
                    "0 RPUSH q b", "0 RPOP q",
                    "0 RPUSH s c", "0 LMOVE s d RIGHT LEFT",
                    "0 RPUSH s e", "0 RPOPLPUSH s d",
                    "0 RPUSH m 1 2", "0 LPOP m 5");
        }
    }

    @Test
    void clientUnblockEndsTheWaitAsATimeoutOrAnError() throws Exception {
        RawClient waiter = raw();
        long id = Long.parseLong(waiter.command("CLIENT", "ID").readReply().substring(1).trim());
        waiter.command("BLPOP", "q", "0");
        awaitBlockedClients(1);
        assertThat(redis.clientUnblock(id, io.lettuce.core.UnblockType.TIMEOUT)).isEqualTo(1);
        assertThat(waiter.readReply()).isEqualTo("*-1\r\n");
        assertThat(redis.clientUnblock(id, io.lettuce.core.UnblockType.TIMEOUT)).isZero();
        waiter.command("BLMOVE", "q", "d", "LEFT", "LEFT", "0");
        awaitBlockedClients(1);
        assertThat(redis.clientUnblock(id, io.lettuce.core.UnblockType.ERROR)).isEqualTo(1);
        assertThat(waiter.readReply()).isEqualTo("-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n");
        assertThat(waiter.command("PING").readReply()).isEqualTo("+PONG\r\n");
        RawClient raw = raw();
        assertThat(raw.command("CLIENT", "UNBLOCK", Long.toString(id), "MAYBE").readReply())
                .isEqualTo("-ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR\r\n");
        assertThat(raw.command("CLIENT", "UNBLOCK", "x").readReply())
                .isEqualTo("-ERR value is not an integer or out of range\r\n");
    }

    @Test
    void infoAndClientListShowBlockedClients() throws Exception {
        RawClient waiter = raw();
        waiter.command("BRPOP", "q", "0");
        awaitBlockedClients(1);
        assertThat(redis.info("clients")).contains("blocked_clients:1\r\n");
        assertThat(redis.clientList()).containsPattern("flags=b .* cmd=brpop ");
        redis.rpush("q", "v");
        waiter.readReply();
        assertThat(redis.info("clients")).contains("blocked_clients:0\r\n");
    }

    @Test
    void swapdbBringingAListWakesItsWaiter() throws Exception {
        RawClient waiter = raw();
        waiter.command("BLPOP", "q", "0");
        awaitBlockedClients(1);
        redis.select(5);
        redis.rpush("q", "from db 5");
        redis.swapdb(0, 5);
        assertThat(waiter.readReply()).isEqualTo("*2\r\n$1\r\nq\r\n$9\r\nfrom db 5\r\n");
    }

    @Test
    void aWaiterIsServedInTheDatabaseItBlockedIn() throws Exception {
        RawClient waiter = raw();
        waiter.command("SELECT", "3").readReply();
        waiter.command("BLPOP", "q", "0");
        awaitBlockedClients(1);
        redis.rpush("q", "db0");
        assertThat(waiter.nothingMoreWithin(100)).isTrue();
        redis.select(3);
        redis.rpush("q", "db3");
        assertThat(waiter.readReply()).isEqualTo("*2\r\n$1\r\nq\r\n$3\r\ndb3\r\n");
    }
}
