package dev.cinnabar.propagation;

import dev.cinnabar.store.Database;
import dev.cinnabar.support.PropagationRecorder;
import dev.cinnabar.support.RawClient;
import dev.cinnabar.support.ServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the AOF and replicas receive for commands whose arguments alone would not reproduce
 * their effect, as redis-server 7.0.15 writes them to its AOF: relative expiries become
 * absolute, expired keys become DEL, FLUSHALL and FLUSHDB always leave.
 */
class DeterministicPropagationTest extends ServerTest {

    @Autowired
    Propagation propagation;

    @Test
    void setWithARelativeOrSecondsExpiryBecomesSetPxat() throws Exception {
        try (PropagationRecorder recorder = new PropagationRecorder(propagation)) {
            RawClient raw = raw();
            long before = System.currentTimeMillis();
            raw.command("set", "a", "1", "ex", "100").readReply();
            raw.command("SET", "b", "1", "px", "100000", "nx").readReply();
            raw.command("setex", "c", "100", "v").readReply();
            raw.command("psetex", "d", "100000", "v").readReply();
            raw.command("set", "e", "v", "exat", "4000000000", "get").readReply();
            long after = System.currentTimeMillis();
            List<String> commands = recorder.commands();
            assertThat(commands).hasSize(5);
            assertAbsolute(commands.get(0), "0 SET a 1 PXAT ", before + 100_000, after + 100_000);
            assertAbsolute(commands.get(1), "0 SET b 1 PXAT ", before + 100_000, after + 100_000);
            assertAbsolute(commands.get(2), "0 SET c v PXAT ", before + 100_000, after + 100_000);
            assertAbsolute(commands.get(3), "0 SET d v PXAT ", before + 100_000, after + 100_000);
            assertThat(commands.get(4)).isEqualTo("0 SET e v PXAT 4000000000000");
        }
    }

    @Test
    void setWithPxatOrWithoutExpiryLeavesAsReceivedWithoutGet() throws Exception {
        try (PropagationRecorder recorder = new PropagationRecorder(propagation)) {
            RawClient raw = raw();
            raw.command("set", "a", "1", "pxat", "4000000000000", "nx").readReply();
            raw.command("set", "b", "1", "get", "nx", "GET").readReply();
            raw.command("set", "b", "2", "keepttl").readReply();
            raw.command("setnx", "c", "3").readReply();
            raw.command("set", "b", "never", "nx").readReply();
            assertThat(recorder.commands()).containsExactly("0 set a 1 pxat 4000000000000 nx", "0 set b 1 nx",
                    "0 set b 2 keepttl", "0 setnx c 3");
        }
    }

    @Test
    void expireFamilyBecomesPexpireatWithItsConditions() throws Exception {
        redis.set("k", "v");
        try (PropagationRecorder recorder = new PropagationRecorder(propagation)) {
            RawClient raw = raw();
            long before = System.currentTimeMillis();
            raw.command("expire", "k", "100", "nx").readReply();
            raw.command("pexpire", "k", "200000").readReply();
            raw.command("expireat", "k", "4000000000", "gt").readReply();
            raw.command("pexpireat", "k", "4100000000000").readReply();
            raw.command("expire", "missing", "100").readReply();
            long after = System.currentTimeMillis();
            List<String> commands = recorder.commands();
            assertThat(commands).hasSize(4);
            assertAbsolute(commands.get(0).replace(" nx", ""), "0 PEXPIREAT k ", before + 100_000, after + 100_000);
            assertThat(commands.get(0)).endsWith(" nx");
            assertAbsolute(commands.get(1), "0 PEXPIREAT k ", before + 200_000, after + 200_000);
            assertThat(commands.subList(2, 4)).containsExactly("0 PEXPIREAT k 4000000000000 gt",
                    "0 pexpireat k 4100000000000");
        }
    }

    @Test
    void anExpiryInThePastBecomesDel() throws Exception {
        redis.set("a", "v");
        redis.set("b", "v");
        redis.set("c", "v");
        try (PropagationRecorder recorder = new PropagationRecorder(propagation)) {
            RawClient raw = raw();
            raw.command("expire", "a", "-1").readReply();
            raw.command("pexpireat", "b", "1000").readReply();
            raw.command("getex", "c", "exat", "1000").readReply();
            assertThat(recorder.commands()).containsExactly("0 DEL a", "0 DEL b", "0 DEL c");
        }
    }

    @Test
    void getexGetsetGetdelAndIncrbyfloatLeaveAsTheirEffect() throws Exception {
        redis.set("k", "v");
        redis.set("f", "1.5");
        try (PropagationRecorder recorder = new PropagationRecorder(propagation)) {
            RawClient raw = raw();
            raw.command("getex", "k").readReply();
            raw.command("getex", "k", "pxat", "4000000000000").readReply();
            raw.command("getex", "k", "persist").readReply();
            raw.command("getex", "k", "persist").readReply();
            raw.command("getset", "k", "w").readReply();
            raw.command("incrbyfloat", "f", "1").readReply();
            raw.command("getdel", "f").readReply();
            raw.command("getdel", "f").readReply();
            assertThat(recorder.commands()).containsExactly("0 PEXPIREAT k 4000000000000", "0 PERSIST k",
                    "0 SET k w", "0 SET f 2.5 KEEPTTL", "0 DEL f");
        }
    }

    @Test
    void aKeyFoundExpiredLeavesAsDelBeforeTheCommandThatFoundIt() throws Exception {
        try (PropagationRecorder recorder = new PropagationRecorder(propagation)) {
            // One task on the keyspace thread, so that the active cycle cannot remove the keys first.
            onKeyspace(() -> {
                Database db = store.database(2);
                db.put(bytes("read"), bytes("v"), 1000);
                db.put(bytes("overwritten"), bytes("v"), 1000);
                assertThat(db.read(bytes("read"))).isNull();
                db.put(bytes("overwritten"), bytes("w"));
                return null;
            });
            assertThat(recorder.commands()).containsExactly("2 DEL read", "2 DEL overwritten");
        }
    }

    @Test
    void aKeyRemovedByTheActiveExpiryCycleLeavesAsDel() throws Exception {
        try (PropagationRecorder recorder = new PropagationRecorder(propagation)) {
            onKeyspace(() -> {
                store.database(3).put(bytes("idle"), bytes("v"), 1000);
                return null;
            });
            long deadline = System.currentTimeMillis() + 5000;
            while (recorder.commands().isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertThat(recorder.commands()).containsExactly("3 DEL idle");
        }
    }

    @Test
    void flushesLeaveEvenWhenThereWasNothingToRemove() throws Exception {
        try (PropagationRecorder recorder = new PropagationRecorder(propagation)) {
            RawClient raw = raw();
            raw.command("flushall").readReply();
            raw.command("SELECT", "5").readReply();
            raw.command("flushdb", "ASYNC").readReply();
            assertThat(recorder.commands()).containsExactly("0 flushall", "5 flushdb ASYNC");
        }
    }

    @Test
    void aTransactionWithOneWriteLeavesAsThatWriteAlone() throws Exception {
        try (PropagationRecorder recorder = new PropagationRecorder(propagation)) {
            RawClient raw = raw();
            raw.command("MULTI").readReply();
            raw.command("GET", "k").readReply();
            raw.command("SET", "k", "v", "EX", "100").readReply();
            raw.command("EXEC").readReply();
            raw.command("MULTI").readReply();
            raw.command("SET", "a", "1").readReply();
            raw.command("INCRBYFLOAT", "b", "1.5").readReply();
            raw.command("EXEC").readReply();
            List<String> commands = recorder.commands();
            assertThat(commands).hasSize(5);
            assertThat(commands.get(0)).startsWith("0 SET k v PXAT ");
            assertThat(commands.subList(1, 5)).containsExactly("0 MULTI", "0 SET a 1", "0 SET b 1.5 KEEPTTL",
                    "0 EXEC");
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void assertAbsolute(String command, String prefix, long earliest, long latest) {
        assertThat(command).startsWith(prefix);
        assertThat(Long.parseLong(command.substring(prefix.length()))).isBetween(earliest, latest);
    }
}
