package dev.cinnabar.replication;

import dev.cinnabar.support.RawClient;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.KillArgs;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static dev.cinnabar.replication.ReplicationTopology.awaitLinkUp;
import static dev.cinnabar.replication.ReplicationTopology.awaitTrue;
import static dev.cinnabar.replication.ReplicationTopology.dataset;
import static dev.cinnabar.replication.ReplicationTopology.writeEveryType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Replication under faults, between separate processes: a replica that dies in the middle of
 * its full sync, a link cut while writes flow, a promoted replica that its old master then
 * follows, and a replica too slow to take the stream. Whatever happens, the master keeps
 * serving, every write a WAIT confirmed survives, and the servers end with the same data
 * (compared key by key). Pairs with a real redis-server are skipped when none is installed.
 */
class ReplicationFaultsIT extends TopologyTest {

    private static final int BIG_DATASET_KEYS = 300_000;
    private static final String BIG_BACKLOG = Long.toString(64L << 20);

    /** Which server plays a part. */
    enum Server { CINNABAR, REDIS }

    /** A master and its replica. */
    enum Pair {
        CINNABAR_TO_CINNABAR(Server.CINNABAR, Server.CINNABAR),
        CINNABAR_TO_REDIS(Server.CINNABAR, Server.REDIS),
        REDIS_TO_CINNABAR(Server.REDIS, Server.CINNABAR);

        final Server master;
        final Server replica;

        Pair(Server master, Server replica) {
            this.master = master;
            this.replica = replica;
        }

        boolean involvesRedis() {
            return master == Server.REDIS || replica == Server.REDIS;
        }
    }

    // ---- a replica that dies during its full sync ----

    @ParameterizedTest(name = "capa {0}, closing {1}")
    @CsvSource({"psync2, while-snapshot-is-taken", "psync2, mid-transfer", "eof, mid-transfer"})
    void aReplicaDyingDuringItsFullSyncIsDroppedAndTheNextOneSyncsFully(String capability, String when)
            throws Exception {
        int masterPort = topology.cinnabar("master", "--repl-diskless-sync-delay", "0");
        RedisCommands<String, String> master = topology.connect(masterPort);
        populate(masterPort, BIG_DATASET_KEYS);

        try (RawClient replica = rawReplica(masterPort, capability)) {
            assertThat(replica.readLine()).startsWith("+FULLRESYNC ");
            assertThat(master.set("while-the-snapshot-is-taken", "1")).isEqualTo("OK");
            if (when.equals("mid-transfer")) {
                String header = snapshotHeader(replica);
                assertThat(header).startsWith(capability.equals("eof") ? "$EOF:" : "$");
                replica.read(1 << 20);
                assertThat(master.set("mid-transfer", "1")).isEqualTo("OK");
                assertThat(master.get("big:000007")).isEqualTo(bigValue(7));
                assertThat(master.info("replication")).contains("connected_slaves:1");
            }
        }
        awaitTrue(() -> master.info("replication").contains("connected_slaves:0"));
        assertThat(master.clientList()).doesNotContain("flags=S");
        master.set("after-the-dead-replica", "1");

        int replicaPort = topology.cinnabar("replica", "--replicaof", "127.0.0.1 " + masterPort);
        RedisCommands<String, String> replica = topology.connect(replicaPort);
        awaitLinkUp(replica);
        master.set("after-the-new-replica-synced", "1");
        assertThat(master.waitForReplication(1, 10_000)).isEqualTo(1);
        assertThat(replica.dbsize()).isEqualTo(master.dbsize()).isGreaterThan(BIG_DATASET_KEYS);
        assertThat(differences(strings(master), strings(replica))).isEmpty();
    }

    // ---- a link cut while writes flow ----

    @ParameterizedTest
    @EnumSource(Pair.class)
    void aLinkCutUnderWriteLoadResumesWithAPartialResyncAndLosesNoConfirmedWrite(Pair pair) throws Exception {
        assumeRedisWhereNeeded(pair);
        int masterPort = start(pair.master, "master", "--repl-backlog-size", BIG_BACKLOG);
        int replicaPort = start(pair.replica, "replica");
        RedisCommands<String, String> master = topology.connect(masterPort);
        RedisCommands<String, String> replica = topology.connect(replicaPort);
        RedisCommands<String, String> confirming = topology.connect(masterPort);
        replica.replicaof("127.0.0.1", masterPort);
        awaitLinkUp(replica);

        List<String> confirmed = new ArrayList<>();
        try (ReplicationTopology.WriteLoad load = new ReplicationTopology.WriteLoad(topology.connect(masterPort))) {
            confirmWrites(confirming, "before-cut", confirmed);
            assertThat(confirmed).as("writes WAIT confirmed before the cut").isNotEmpty();
            assertThat(master.clientKill(KillArgs.Builder.typeSlave())).isEqualTo(1L);
            confirmWrites(confirming, "after-cut", confirmed);
            awaitLinkUp(replica);
            confirmWrites(confirming, "after-reconnection", confirmed);
        }
        master.set("last", "1");
        assertThat(master.waitForReplication(1, 10_000)).isEqualTo(1);

        assertThat(dataset(replica)).isEqualTo(dataset(master));
        assertThat(missing(replica, confirmed)).isEmpty();
        assertThat(master.info("stats")).contains("sync_full:1", "sync_partial_ok:1");
    }

    // ---- promotion, and the old master following the new one ----

    @ParameterizedTest
    @EnumSource(Pair.class)
    void aPromotedReplicaKeepsEveryConfirmedWriteAndTheOldMasterContinuesFromIt(Pair pair) throws Exception {
        assumeRedisWhereNeeded(pair);
        // No PING of the old master's may slip into its stream after the replica left it: that
        // would put the old master ahead of the history the new one continues, and force a full sync.
        int oldMasterPort = start(pair.master, "old-master", "--repl-ping-replica-period", "3600");
        int newMasterPort = start(pair.replica, "new-master");
        RedisCommands<String, String> oldMaster = topology.connect(oldMasterPort);
        RedisCommands<String, String> newMaster = topology.connect(newMasterPort);
        RedisCommands<String, String> confirming = topology.connect(oldMasterPort);
        newMaster.replicaof("127.0.0.1", oldMasterPort);
        awaitLinkUp(newMaster);

        List<String> confirmed = new ArrayList<>();
        try (ReplicationTopology.WriteLoad load = new ReplicationTopology.WriteLoad(topology.connect(oldMasterPort))) {
            confirmWrites(confirming, "confirmed", confirmed);
        }
        // The switch-over: writes stop, the replica catches up and takes over.
        oldMaster.set("last-on-old-master", "1");
        assertThat(oldMaster.waitForReplication(1, 10_000)).isEqualTo(1);
        assertThat(newMaster.replicaofNoOne()).isEqualTo("OK");
        assertThat(newMaster.info("replication")).contains("role:master");
        assertThat(missing(newMaster, confirmed)).isEmpty();
        assertThat(newMaster.get("last-on-old-master")).isEqualTo("1");

        writeEveryType(newMaster, "on-new-master");
        assertThat(oldMaster.replicaof("127.0.0.1", newMasterPort)).isEqualTo("OK");
        awaitLinkUp(oldMaster);
        writeEveryType(newMaster, "after-the-old-master-followed");
        assertThat(newMaster.waitForReplication(1, 10_000)).isEqualTo(1);

        assertThat(missing(oldMaster, confirmed)).isEmpty();
        assertThat(dataset(oldMaster)).isEqualTo(dataset(newMaster));
        assertThat(newMaster.info("stats")).as("the old master continued with +CONTINUE")
                .contains("sync_full:0", "sync_partial_ok:1");
    }

    // ---- a replica too slow for the stream ----

    @Test
    void aReplicaOverItsOutputBufferLimitIsDroppedWhileTheMasterKeepsServing() throws Exception {
        int masterPort = topology.cinnabar("master", "--client-output-buffer-limit", "replica 1mb 256kb 0");
        RedisCommands<String, String> master = topology.connect(masterPort);
        master.set("before", "1");
        try (RawClient replica = rawReplica(masterPort, "psync2")) {
            assertThat(replica.readLine()).startsWith("+FULLRESYNC ");
            String header = snapshotHeader(replica);
            replica.read(Integer.parseInt(header.substring(1, header.length() - 2)));
            awaitTrue(() -> master.info("replication").contains("connected_slaves:1"));

            // The replica reads nothing more: the stream piles up on the master until it gives up on it.
            String value = "x".repeat(64 * 1024);
            for (int i = 0; i < 400 && master.info("replication").contains("connected_slaves:1"); i++) {
                master.set("big:" + i, value);
            }
            awaitTrue(() -> master.info("replication").contains("connected_slaves:0"));
        }
        assertThat(topology.cinnabarLog("master")).contains("(replica) closed for overcoming of output buffer limits");
        assertThat(master.set("after", "1")).isEqualTo("OK");
        assertThat(master.get("before")).isEqualTo("1");
        assertThat(master.get("big:0")).hasSize(64 * 1024);
    }

    // ---- helpers ----

    private static void assumeRedisWhereNeeded(Pair pair) {
        if (pair.involvesRedis()) {
            assumeThat(ReplicationTopology.redisServerBinary()).as("redis-server installed").isNotNull();
        }
    }

    private int start(Server server, String name, String... args) throws Exception {
        List<String> arguments = new ArrayList<>(List.of(args));
        if (server == Server.CINNABAR) {
            arguments.addAll(List.of("--repl-diskless-sync-delay", "0"));
            return topology.cinnabar(name, arguments.toArray(String[]::new));
        }
        return topology.redis(name, arguments.toArray(String[]::new));
    }

    /** Sets keys one by one, each followed by WAIT 1; records those a replica acknowledged. */
    private static void confirmWrites(RedisCommands<String, String> master, String prefix, List<String> confirmed) {
        for (int i = 0; i < 20; i++) {
            String key = prefix + ":" + i;
            master.set(key, "confirmed");
            if (master.waitForReplication(1, 2000) == 1) {
                confirmed.add(key);
            }
        }
    }

    private static List<String> missing(RedisCommands<String, String> redis, List<String> keys) {
        return keys.stream().filter(key -> !"confirmed".equals(redis.get(key))).toList();
    }

    /** A replica played over a plain socket with a small receive window: the handshake up to PSYNC. */
    private static RawClient rawReplica(int masterPort, String capability) throws Exception {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(8 * 1024);
        socket.connect(new InetSocketAddress("127.0.0.1", masterPort));
        RawClient replica = new RawClient(socket);
        replica.setReadTimeout(30_000);
        assertThat(replica.command("PING").readReply()).isEqualTo("+PONG\r\n");
        assertThat(replica.command("REPLCONF", "listening-port", "1").readReply()).isEqualTo("+OK\r\n");
        assertThat(replica.command("REPLCONF", "capa", capability).readReply()).isEqualTo("+OK\r\n");
        replica.command("PSYNC", "?", "-1");
        return replica;
    }

    /** The line that starts the snapshot, after the newlines a master sends to keep the link alive. */
    private static String snapshotHeader(RawClient replica) throws Exception {
        return replica.readLine().replaceFirst("^\n+", "");
    }

    private static String bigValue(int i) {
        return "value-%06d-%s".formatted(i, "p".repeat(40));
    }

    /** Fills database 0 with {@code keys} strings, MSET by MSET through one pipelined connection. */
    private static void populate(int port, int keys) throws Exception {
        final int perCommand = 1000;
        try (RawClient client = new RawClient("127.0.0.1", port)) {
            client.setReadTimeout(60_000);
            for (int first = 0; first < keys; first += perCommand) {
                StringBuilder mset = new StringBuilder("*").append(1 + 2 * perCommand).append("\r\n$4\r\nMSET\r\n");
                for (int i = first; i < first + perCommand; i++) {
                    String key = "big:%06d".formatted(i);
                    String value = bigValue(i);
                    mset.append('$').append(key.length()).append("\r\n").append(key).append("\r\n")
                            .append('$').append(value.length()).append("\r\n").append(value).append("\r\n");
                }
                client.send(mset.toString().getBytes(StandardCharsets.US_ASCII));
            }
            for (int first = 0; first < keys; first += perCommand) {
                assertThat(client.readReply()).isEqualTo("+OK\r\n");
            }
        }
    }

    /** Every key of database 0 with its string value (SCAN, then MGET by thousands). */
    private static Map<String, String> strings(RedisCommands<String, String> redis) {
        List<String> keys = new ArrayList<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.limit(1000));
            keys.addAll(page.getKeys());
            cursor = page;
        } while (!cursor.isFinished());
        Map<String, String> values = new HashMap<>(keys.size() * 2);
        for (int from = 0; from < keys.size(); from += 1000) {
            List<String> batch = keys.subList(from, Math.min(keys.size(), from + 1000));
            for (KeyValue<String, String> pair : redis.mget(batch.toArray(String[]::new))) {
                values.put(pair.getKey(), pair.getValueOrElse(null));
            }
        }
        return values;
    }

    /** The keys whose values differ between two datasets (present in one only included). */
    private static TreeSet<String> differences(Map<String, String> expected, Map<String, String> actual) {
        TreeSet<String> differing = new TreeSet<>();
        expected.forEach((key, value) -> {
            if (!value.equals(actual.get(key))) {
                differing.add(key);
            }
        });
        actual.keySet().stream().filter(key -> !expected.containsKey(key)).forEach(differing::add);
        return differing;
    }
}
