package dev.cinnabar.command.streams;

import dev.cinnabar.propagation.Propagation;
import dev.cinnabar.support.PropagationRecorder;
import dev.cinnabar.support.RawClient;
import dev.cinnabar.support.ServerTest;
import io.lettuce.core.Consumer;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XClaimArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.models.stream.PendingMessages;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StreamCommandsTest extends ServerTest {

    @Autowired
    private Propagation propagation;


    // ---- the CodeCrafters stages, byte for byte ----

    @Test
    void createsStreamsAndValidatesIdsAsTheTesterExpects() throws Exception {
        RawClient raw = raw();
        assertThat(raw.command("XADD", "k", "0-1", "foo", "bar").readReply()).isEqualTo("$3\r\n0-1\r\n");
        assertThat(raw.command("TYPE", "k").readReply()).isEqualTo("+stream\r\n");
        assertThat(raw.command("XADD", "v", "1-1", "a", "b").readReply()).isEqualTo("$3\r\n1-1\r\n");
        assertThat(raw.command("XADD", "v", "1-2", "a", "b").readReply()).isEqualTo("$3\r\n1-2\r\n");
        String notAbove = "-ERR The ID specified in XADD is equal or smaller than the target stream top item\r\n";
        assertThat(raw.command("XADD", "v", "1-2", "a", "b").readReply()).isEqualTo(notAbove);
        assertThat(raw.command("XADD", "v", "0-3", "a", "b").readReply()).isEqualTo(notAbove);
        assertThat(raw.command("XADD", "v", "0-0", "a", "b").readReply())
                .isEqualTo("-ERR The ID specified in XADD must be greater than 0-0\r\n");
        assertThat(raw.command("XADD", "p", "0-*", "a", "b").readReply()).isEqualTo("$3\r\n0-1\r\n");
        assertThat(raw.command("XADD", "p", "1-*", "a", "b").readReply()).isEqualTo("$3\r\n1-0\r\n");
        assertThat(raw.command("XADD", "p", "1-*", "a", "b").readReply()).isEqualTo("$3\r\n1-1\r\n");
        assertThat(raw.nothingMoreWithin(20)).isTrue();
    }

    @Test
    void fullyGeneratedIdsFollowTheClockAndNeverGoBack() throws Exception {
        long before = System.currentTimeMillis();
        String id = redis.xadd("s", "a", "1");
        long after = System.currentTimeMillis();
        long ms = Long.parseLong(id.substring(0, id.indexOf('-')));
        assertThat(id).endsWith("-0");
        assertThat(ms).isBetween(before, after);
        redis.xadd("f", new XAddArgs().id("99999999999999-5"), Map.of("a", "1"));
        assertThat(redis.xadd("f", "a", "2")).isEqualTo("99999999999999-6");
    }

    @Test
    void rangesAndReadsReplyEntriesAsNestedArrays() throws Exception {
        RawClient raw = raw();
        for (int i = 1; i <= 4; i++) {
            raw.command("XADD", "k", "0-" + i, "f" + i, "v" + i).readReply();
        }
        assertThat(raw.command("XRANGE", "k", "0-2", "0-3").readReply()).isEqualTo(
                "*2\r\n*2\r\n$3\r\n0-2\r\n*2\r\n$2\r\nf2\r\n$2\r\nv2\r\n*2\r\n$3\r\n0-3\r\n*2\r\n$2\r\nf3\r\n$2\r\nv3\r\n");
        assertThat(raw.command("XRANGE", "k", "-", "0-1").readReply())
                .isEqualTo("*1\r\n*2\r\n$3\r\n0-1\r\n*2\r\n$2\r\nf1\r\n$2\r\nv1\r\n");
        assertThat(raw.command("XRANGE", "k", "(0-3", "+").readReply())
                .isEqualTo("*1\r\n*2\r\n$3\r\n0-4\r\n*2\r\n$2\r\nf4\r\n$2\r\nv4\r\n");
        assertThat(raw.command("XREVRANGE", "k", "+", "-", "COUNT", "1").readReply())
                .isEqualTo("*1\r\n*2\r\n$3\r\n0-4\r\n*2\r\n$2\r\nf4\r\n$2\r\nv4\r\n");
        assertThat(raw.command("XRANGE", "k", "-", "+", "COUNT", "0").readReply()).isEqualTo("*-1\r\n");
        assertThat(raw.command("XRANGE", "missing", "-", "+").readReply()).isEqualTo("*0\r\n");
        raw.command("XADD", "h", "0-2", "humidity", "b").readReply();
        assertThat(raw.command("XREAD", "streams", "k", "h", "0-3", "0-1").readReply()).isEqualTo(
                "*2\r\n*2\r\n$1\r\nk\r\n*1\r\n*2\r\n$3\r\n0-4\r\n*2\r\n$2\r\nf4\r\n$2\r\nv4\r\n"
                        + "*2\r\n$1\r\nh\r\n*1\r\n*2\r\n$3\r\n0-2\r\n*2\r\n$8\r\nhumidity\r\n$1\r\nb\r\n");
        assertThat(raw.command("XREAD", "COUNT", "1", "streams", "k", "missing", "0", "0").readReply())
                .isEqualTo("*1\r\n*2\r\n$1\r\nk\r\n*1\r\n*2\r\n$3\r\n0-1\r\n*2\r\n$2\r\nf1\r\n$2\r\nv1\r\n");
        assertThat(raw.command("XREAD", "streams", "k", "$").readReply()).isEqualTo("*-1\r\n");
        assertThat(redis.xlen("k")).isEqualTo(4);
        assertThat(redis.xdel("k", "0-1", "0-9")).isEqualTo(1);
        assertThat(redis.xrange("k", Range.create("-", "+"))).extracting(StreamMessage::getId)
                .containsExactly("0-2", "0-3", "0-4");
    }

    @Test
    void answersRedisErrorsByteForByte() throws Exception {
        RawClient raw = raw();
        raw.command("XADD", "s", "1-1", "a", "1").readReply();
        Map<String[], String> cases = new java.util.LinkedHashMap<>();
        cases.put(new String[] {"XADD", "s", "1-1", "a"}, "-ERR wrong number of arguments for 'xadd' command\r\n");
        cases.put(new String[] {"XADD", "s", "MAXLEN", "-1", "*", "a", "1"},
                "-ERR The MAXLEN argument must be >= 0.\r\n");
        cases.put(new String[] {"XADD", "s", "MAXLEN", "1", "LIMIT", "5", "*", "a", "1"},
                "-ERR syntax error, LIMIT cannot be used without the special ~ option\r\n");
        cases.put(new String[] {"XADD", "s", "MAXLEN", "1", "MINID", "1", "*", "a", "1"},
                "-ERR syntax error, MAXLEN and MINID options at the same time are not compatible\r\n");
        cases.put(new String[] {"XADD", "s", "1-x", "a", "1"},
                "-ERR Invalid stream ID specified as stream command argument\r\n");
        cases.put(new String[] {"XADD", "n", "NOMKSTREAM", "*", "a", "1"}, "$-1\r\n");
        cases.put(new String[] {"XRANGE", "s", "-", "(0-0"}, "-ERR invalid end ID for the interval\r\n");
        cases.put(new String[] {"XRANGE", "s", "-", "+", "foo"}, "-ERR syntax error\r\n");
        cases.put(new String[] {"XREAD", "streams", "s", "$", "$"},
                "-ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.\r\n");
        cases.put(new String[] {"XREAD", "streams", "s", ">"}, "-ERR The > ID can be specified only when calling "
                + "XREADGROUP using the GROUP <group> <consumer> option.\r\n");
        cases.put(new String[] {"XREAD", "block", "-1", "streams", "s", "0"}, "-ERR timeout is negative\r\n");
        cases.put(new String[] {"XREADGROUP", "GROUP", "g", "c", "streams", "s", ">"},
                "-NOGROUP No such key 's' or consumer group 'g' in XREADGROUP with GROUP option\r\n");
        cases.put(new String[] {"XGROUP", "CREATE", "nokey", "g", "$"}, "-ERR The XGROUP subcommand requires the key "
                + "to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream "
                + "automatically.\r\n");
        cases.put(new String[] {"XGROUP", "SETID", "s", "nog", "0"},
                "-NOGROUP No such consumer group 'nog' for key name 's'\r\n");
        cases.put(new String[] {"XCLAIM", "s", "nog", "c", "0", "1-1"},
                "-NOGROUP No such key 's' or consumer group 'nog'\r\n");
        cases.put(new String[] {"XINFO", "STREAM", "nokey"}, "-ERR no such key\r\n");
        cases.put(new String[] {"XSETID", "s", "0-1"},
                "-ERR The ID specified in XSETID is smaller than the target stream top item\r\n");
        cases.put(new String[] {"XTRIM", "s", "foo", "1"}, "-ERR syntax error\r\n");
        for (Map.Entry<String[], String> c : cases.entrySet()) {
            assertThat(raw.command(c.getKey()).readReply()).as(String.join(" ", c.getKey())).isEqualTo(c.getValue());
        }
        raw.command("SET", "str", "v").readReply();
        assertThat(raw.command("XADD", "str", "*", "a", "1").readReply())
                .isEqualTo("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertThat(raw.command("XGROUP", "CREATE", "s", "g", "$").readReply()).isEqualTo("+OK\r\n");
        assertThat(raw.command("XGROUP", "CREATE", "s", "g", "$").readReply())
                .isEqualTo("-BUSYGROUP Consumer Group name already exists\r\n");
        assertThat(raw.command("XREADGROUP", "GROUP", "g", "c", "streams", "s", "$").readReply())
                .startsWith("-ERR The $ ID is meaningless in the context of XREADGROUP");
    }

    @Test
    void trimsExactlyAndByWholeBlocks() {
        for (int i = 1; i <= 150; i++) {
            redis.xadd("s", new XAddArgs().id(i + "-0"), Map.of("f", "v"));
        }
        assertThat(redis.xtrim("s", true, 120)).isZero();
        assertThat(redis.xtrim("s", false, 120)).isEqualTo(30);
        assertThat(redis.xtrim("s", true, 10)).isEqualTo(70);
        assertThat(redis.xlen("s")).isEqualTo(50);
        assertThat(redis.xadd("s", XAddArgs.Builder.minId("149").id("151-0"), Map.of("f", "v")))
                .isEqualTo("151-0");
        assertThat(redis.xrange("s", Range.create("-", "+"))).extracting(StreamMessage::getId)
                .containsExactly("149-0", "150-0", "151-0");
        redis.xdel("s", "149-0", "150-0", "151-0");
        assertThat(redis.exists("s")).as("an empty stream stays").isEqualTo(1);
        assertThat(redis.type("s")).isEqualTo("stream");
    }

    @Test
    void propagatesGeneratedIdsAndApproximateTrimsAsExactOnes() throws Exception {
        for (int i = 1; i <= 3; i++) {
            redis.xadd("s", new XAddArgs().id(i + "-0"), Map.of("f", "v"));
        }
        try (PropagationRecorder recorder = new PropagationRecorder(propagation)) {
            redis.xadd("s", new XAddArgs().id("5-*"), Map.of("f", "v"));
            redis.xadd("s", XAddArgs.Builder.maxlen(1).approximateTrimming().id("6-0"), Map.of("f", "v"));
            redis.xtrim("s", true, 0);
            redis.xtrim("s", false, 10);
            assertThat(recorder.commands()).containsExactly(
                    "0 XADD s 5-0 f v",
                    "0 XADD s MAXLEN = 5 6-0 f v",
                    "0 XTRIM s MAXLEN = 0");
        }
    }

    // ---- consumer groups ----

    @Test
    void consumerGroupsDeliverTrackAcknowledgeAndClaim() throws Exception {
        for (int i = 1; i <= 4; i++) {
            redis.xadd("s", new XAddArgs().id("1-" + i), Map.of("f", "v" + i));
        }
        assertThat(redis.xgroupCreate(XReadArgs.StreamOffset.from("s", "0"), "g")).isEqualTo("OK");
        // Lettuce misreads a RESP2 XREADGROUP reply of several entries (with real Redis as well): read them raw.
        assertThat(raw().command("XREADGROUP", "GROUP", "g", "alice", "COUNT", "2", "STREAMS", "s", ">").readReply())
                .isEqualTo("*1\r\n*2\r\n$1\r\ns\r\n*2\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\nf\r\n$2\r\nv1\r\n"
                        + "*2\r\n$3\r\n1-2\r\n*2\r\n$1\r\nf\r\n$2\r\nv2\r\n");
        redis.xreadgroup(Consumer.from("g", "bob"), XReadArgs.StreamOffset.lastConsumed("s"));
        PendingMessages summary = redis.xpending("s", "g");
        assertThat(summary.getCount()).isEqualTo(4);
        assertThat(summary.getConsumerMessageCount()).containsEntry("alice", 2L).containsEntry("bob", 2L);
        assertThat(redis.xreadgroup(Consumer.from("g", "alice"), XReadArgs.Builder.count(1),
                XReadArgs.StreamOffset.from("s", "0"))).extracting(StreamMessage::getId).containsExactly("1-1");
        assertThat(redis.xack("s", "g", "1-1", "1-9")).isEqualTo(1);
        assertThat(redis.xclaim("s", Consumer.from("g", "carol"), XClaimArgs.Builder.justid(), "1-2", "1-3"))
                .extracting(StreamMessage::getId).containsExactly("1-2", "1-3");
        assertThat(redis.xpending("s", "g", Range.create("-", "+"), io.lettuce.core.Limit.from(10)))
                .extracting(m -> m.getId() + " " + m.getConsumer() + " " + m.getRedeliveryCount())
                .containsExactly("1-2 carol 1", "1-3 carol 1", "1-4 bob 1");
        assertThat(redis.xinfoGroups("s")).hasSize(1);
        assertThat(redis.xgroupDelconsumer("s", Consumer.from("g", "carol"))).isEqualTo(2);
        assertThat(redis.xgroupDestroy("s", "g")).isTrue();
    }

    @Test
    void infoReportsEntriesReadLagAndPendingEntries() throws Exception {
        RawClient raw = raw();
        raw.command("XADD", "s", "1-1", "a", "1").readReply();
        raw.command("XADD", "s", "1-2", "b", "2").readReply();
        raw.command("XDEL", "s", "1-1").readReply();
        assertThat(raw.command("XINFO", "STREAM", "s").readReply()).isEqualTo("*20\r\n$6\r\nlength\r\n:1\r\n"
                + "$15\r\nradix-tree-keys\r\n:1\r\n$16\r\nradix-tree-nodes\r\n:2\r\n$17\r\nlast-generated-id\r\n"
                + "$3\r\n1-2\r\n$20\r\nmax-deleted-entry-id\r\n$3\r\n1-1\r\n$13\r\nentries-added\r\n:2\r\n"
                + "$23\r\nrecorded-first-entry-id\r\n$3\r\n1-2\r\n$6\r\ngroups\r\n:0\r\n$11\r\nfirst-entry\r\n"
                + "*2\r\n$3\r\n1-2\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n$10\r\nlast-entry\r\n*2\r\n$3\r\n1-2\r\n"
                + "*2\r\n$1\r\nb\r\n$1\r\n2\r\n");
        raw.command("XGROUP", "CREATE", "s", "g", "0").readReply();
        raw.command("XGROUP", "CREATE", "s", "h", "$").readReply();
        raw.command("XREADGROUP", "GROUP", "g", "c1", "streams", "s", ">").readReply();
        assertThat(raw.command("XINFO", "GROUPS", "s").readReply()).isEqualTo("*2\r\n*12\r\n$4\r\nname\r\n$1\r\ng\r\n"
                + "$9\r\nconsumers\r\n:1\r\n$7\r\npending\r\n:1\r\n$17\r\nlast-delivered-id\r\n$3\r\n1-2\r\n"
                + "$12\r\nentries-read\r\n:2\r\n$3\r\nlag\r\n:0\r\n"
                + "*12\r\n$4\r\nname\r\n$1\r\nh\r\n$9\r\nconsumers\r\n:0\r\n$7\r\npending\r\n:0\r\n"
                + "$17\r\nlast-delivered-id\r\n$3\r\n1-2\r\n$12\r\nentries-read\r\n$-1\r\n$3\r\nlag\r\n:0\r\n");
        assertThat(raw.command("XPENDING", "s", "g").readReply())
                .isEqualTo("*4\r\n:1\r\n$3\r\n1-2\r\n$3\r\n1-2\r\n*1\r\n*2\r\n$2\r\nc1\r\n$1\r\n1\r\n");
        assertThat(raw.command("XINFO", "STREAM", "s", "FULL").readReply()).startsWith("*18\r\n")
                .contains("$9\r\npel-count\r\n:1\r\n$7\r\npending\r\n*1\r\n*4\r\n$3\r\n1-2\r\n$2\r\nc1\r\n:");
        assertThat(raw.command("XINFO", "HELP").readReply())
                .startsWith("*9\r\n+XINFO <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n");
        assertThat(raw.command("XGROUP", "HELP").readReply()).startsWith("*17\r\n+XGROUP <subcommand>");
    }

    @Test
    void groupReadsPropagateAsClaimsAndGroupIds() throws Exception {
        for (int i = 1; i <= 3; i++) {
            redis.xadd("s", new XAddArgs().id("1-" + i), Map.of("f", "v"));
        }
        redis.xgroupCreate(XReadArgs.StreamOffset.from("s", "0"), "g");
        try (PropagationRecorder recorder = new PropagationRecorder(propagation)) {
            redis.xreadgroup(Consumer.from("g", "alice"), XReadArgs.Builder.count(1),
                    XReadArgs.StreamOffset.lastConsumed("s"));
            redis.xreadgroup(Consumer.from("g", "bob"), XReadArgs.Builder.noack(true),
                    XReadArgs.StreamOffset.lastConsumed("s"));
            redis.xreadgroup(Consumer.from("g", "alice"), XReadArgs.StreamOffset.from("s", "0"));
            List<String> commands = recorder.commands();
            assertThat(commands).hasSize(3);
            assertThat(commands.get(0)).matches("0 XCLAIM s g alice 0 1-1 TIME \\d+ RETRYCOUNT 1 FORCE JUSTID LASTID 1-1");
            assertThat(commands.subList(1, 3)).containsExactly("0 XGROUP CREATECONSUMER s g bob",
                    "0 XGROUP SETID s g 1-3 ENTRIESREAD 3");
        }
    }

    // ---- blocking ----

    @Test
    void blockedReadIsServedByTheNextAddThenTimesOutWithANullArray() throws Exception {
        RawClient reader = raw();
        reader.command("XADD", "k", "0-1", "temperature", "1").readReply();
        reader.command("XREAD", "block", "1000", "streams", "k", "0-1");
        awaitBlockedClients(1);
        assertThat(redis.xadd("k", new XAddArgs().id("0-2"), Map.of("temperature", "2"))).isEqualTo("0-2");
        assertThat(reader.readReply()).isEqualTo(
                "*1\r\n*2\r\n$1\r\nk\r\n*1\r\n*2\r\n$3\r\n0-2\r\n*2\r\n$11\r\ntemperature\r\n$1\r\n2\r\n");
        assertThat(reader.nothingMoreWithin(50)).isTrue();
        reader.command("XREAD", "block", "100", "streams", "k", "0-2");
        assertThat(reader.readReply()).isEqualTo("*-1\r\n");
    }

    @Test
    void dollarWaitsForEntriesAddedAfterBlockingAndClientsAreServedInOrder() throws Exception {
        redis.xadd("k", new XAddArgs().id("0-1"), Map.of("a", "1"));
        RawClient first = raw();
        RawClient second = raw();
        first.command("XREAD", "BLOCK", "0", "STREAMS", "other", "k", "$", "$");
        awaitBlockedClients(1);
        second.command("XREAD", "BLOCK", "0", "COUNT", "1", "STREAMS", "k", "$");
        awaitBlockedClients(2);
        redis.xadd("k", new XAddArgs().id("0-2"), Map.of("a", "2"));
        String expected = "*1\r\n*2\r\n$1\r\nk\r\n*1\r\n*2\r\n$3\r\n0-2\r\n*2\r\n$1\r\na\r\n$1\r\n2\r\n";
        assertThat(first.readReply()).isEqualTo(expected);
        assertThat(second.readReply()).isEqualTo(expected);
        first.command("XREAD", "block", "100", "streams", "k", "$");
        assertThat(first.readReply()).isEqualTo("*-1\r\n");
    }

    @Test
    void disconnectedWaitersAreForgottenAndMultiDoesNotBlock() throws Exception {
        RawClient gone = raw();
        gone.command("XREAD", "BLOCK", "0", "STREAMS", "k", "$");
        awaitBlockedClients(1);
        gone.close();
        awaitBlockedClients(0);
        RawClient raw = raw();
        raw.command("MULTI").readReply();
        raw.command("XREAD", "BLOCK", "0", "STREAMS", "k", "$").readReply();
        assertThat(raw.command("EXEC").readReply()).isEqualTo("*1\r\n*-1\r\n");
        redis.xadd("k", "a", "1");
        assertThat(redis.xlen("k")).isEqualTo(1);
    }

    @Test
    void blockedGroupReadersGetEntriesInTurnAndHearOfDeletedStreamsAndGroups() throws Exception {
        redis.xgroupCreate(XReadArgs.StreamOffset.from("s", "$"), "g", io.lettuce.core.XGroupCreateArgs.Builder
                .mkstream());
        RawClient alice = raw();
        RawClient bob = raw();
        alice.command("XREADGROUP", "GROUP", "g", "alice", "BLOCK", "0", "STREAMS", "s", ">");
        awaitBlockedClients(1);
        bob.command("XREADGROUP", "GROUP", "g", "bob", "BLOCK", "0", "STREAMS", "s", ">");
        awaitBlockedClients(2);
        redis.xadd("s", new XAddArgs().id("1-1"), Map.of("a", "1"));
        assertThat(alice.readReply()).isEqualTo("*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n");
        awaitBlockedClients(1);
        redis.xadd("s", new XAddArgs().id("1-2"), Map.of("a", "2"));
        assertThat(bob.readReply()).isEqualTo("*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n1-2\r\n*2\r\n$1\r\na\r\n$1\r\n2\r\n");
        assertThat(redis.xpending("s", "g").getConsumerMessageCount()).containsEntry("alice", 1L)
                .containsEntry("bob", 1L);

        alice.command("XREADGROUP", "GROUP", "g", "alice", "BLOCK", "0", "STREAMS", "s", ">");
        awaitBlockedClients(1);
        redis.xgroupDestroy("s", "g");
        assertThat(alice.readReply())
                .isEqualTo("-NOGROUP the consumer group this client was blocked on no longer exists\r\n");
        redis.xgroupCreate(XReadArgs.StreamOffset.from("s", "$"), "g");
        bob.command("XREADGROUP", "GROUP", "g", "bob", "BLOCK", "0", "STREAMS", "s", ">");
        awaitBlockedClients(1);
        redis.del("s");
        assertThat(bob.readReply()).isEqualTo("-UNBLOCKED the stream key no longer exists\r\n");
    }
}
