package dev.cinnabar.replication;

import dev.cinnabar.support.RawClient;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.cinnabar.replication.ReplicationTopology.awaitLinkUp;
import static dev.cinnabar.replication.ReplicationTopology.dataset;
import static dev.cinnabar.replication.ReplicationTopology.writeEveryType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Diskless full syncs from a Cinnabar master (repl-diskless-sync yes, Redis's default): a
 * replica that announced {@code capa eof} gets the snapshot between {@code $EOF:} end marks,
 * after repl-diskless-sync-delay, and the stream only once it acknowledged the snapshot; one
 * that did not gets it framed by its length. Checked byte by byte with a raw replica, and
 * end to end with a real Redis 7.0 replica and a Cinnabar replica under a write load.
 */
class DisklessSyncIT extends TopologyTest {

    @Test
    void aReplicaAnnouncingEofGetsTheSnapshotBetweenEndMarksAndTheStreamOnlyAfterItsAck() throws Exception {
        int masterPort = topology.cinnabar("master", "--repl-diskless-sync-delay", "0");
        RedisCommands<String, String> master = topology.connect(masterPort);
        master.set("before", "1");
        try (RawClient replica = handshake(masterPort, "eof", "psync2")) {
            String[] fullResync = replica.readLine().trim().split(" ");
            assertThat(fullResync[0]).isEqualTo("+FULLRESYNC");
            String header = replica.readLine();
            assertThat(header).matches("\\$EOF:[0-9a-f]{40}\r\n");
            byte[] mark = header.substring(5, 45).getBytes(StandardCharsets.US_ASCII);
            byte[] snapshot = readUpTo(replica, mark);
            assertThat(new String(snapshot, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("REDIS");

            master.set("after", "2");
            assertThat(replica.nothingMoreWithin(500)).as("no stream before the replica's ACK").isTrue();
            replica.command("REPLCONF", "ACK", fullResync[2]);
            assertThat(replica.readReply()).isEqualTo("*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n");
            assertThat(replica.readReply()).isEqualTo("*3\r\n$3\r\nSET\r\n$5\r\nafter\r\n$1\r\n2\r\n");
            assertThat(master.info("replication")).contains("state=online");
        }
        assertThat(topology.cinnabarLog("master")).contains("diskless", "Waiting for REPLCONF ACK");
    }

    @Test
    void aReplicaWithoutEofJoiningTheDelayGetsOneSnapshotFramedByItsLengthForBoth() throws Exception {
        int masterPort = topology.cinnabar("master");
        RedisCommands<String, String> master = topology.connect(masterPort);
        master.set("k", "v");
        try (RawClient capable = handshake(masterPort, "eof", "psync2");
             RawClient plain = handshake(masterPort, "psync2")) {
            String plainReply = plain.readLine();
            String capableReply = capable.readLine().replaceFirst("^\n+", "");
            assertThat(plainReply).startsWith("+FULLRESYNC ").isEqualTo(capableReply);
            for (RawClient replica : List.of(capable, plain)) {
                String header = replica.readLine().replaceFirst("^\n+", "");
                assertThat(header).matches("\\$[0-9]+\r\n");
                String snapshot = replica.read(Integer.parseInt(header.substring(1, header.length() - 2)));
                assertThat(snapshot).startsWith("REDIS");
            }
        }
        assertThat(topology.cinnabarLog("master")).contains("Delay next BGSAVE for diskless SYNC",
                "framed by its length");
    }

    @Test
    void aRedisReplicaLoadsADisklessSnapshotTakenUnderWriteLoad() throws Exception {
        assumeThat(ReplicationTopology.redisServerBinary()).as("redis-server installed").isNotNull();
        int masterPort = topology.cinnabar("master");
        RedisCommands<String, String> master = topology.connect(masterPort);
        populate(master);
        int replicaPort = topology.redis("replica");
        RedisCommands<String, String> replica = topology.connect(replicaPort);
        try (ReplicationTopology.WriteLoad load = new ReplicationTopology.WriteLoad(topology.connect(masterPort))) {
            replica.replicaof("127.0.0.1", masterPort);
            awaitLinkUp(replica);
        }
        master.set("last", "1");
        assertThat(master.waitForReplication(1, 10_000)).isEqualTo(1);
        assertThat(dataset(replica)).isEqualTo(dataset(master));
        assertThat(topology.redisLog("replica")).contains("receiving streamed RDB from master with EOF");
        assertThat(topology.cinnabarLog("master")).contains("Delay next BGSAVE for diskless SYNC", "diskless)");
    }

    @Test
    void aCinnabarReplicaLoadsADisklessSnapshotTakenUnderWriteLoad() throws Exception {
        int masterPort = topology.cinnabar("master");
        RedisCommands<String, String> master = topology.connect(masterPort);
        populate(master);
        int replicaPort;
        try (ReplicationTopology.WriteLoad load = new ReplicationTopology.WriteLoad(topology.connect(masterPort))) {
            replicaPort = topology.cinnabar("replica", "--replicaof", "127.0.0.1 " + masterPort);
            awaitLinkUp(topology.connect(replicaPort));
        }
        RedisCommands<String, String> replica = topology.connect(replicaPort);
        master.set("last", "1");
        assertThat(master.waitForReplication(1, 10_000)).isEqualTo(1);
        assertThat(dataset(replica)).isEqualTo(dataset(master));
        assertThat(topology.cinnabarLog("master")).contains("diskless)", "Waiting for REPLCONF ACK");
    }

    // ---- helpers ----

    /** Enough keys of every type that the master takes its snapshot in slices, while clients write. */
    private static void populate(RedisCommands<String, String> master) {
        for (int i = 0; i < 80; i++) {
            writeEveryType(master, "base" + i);
        }
        assertThat(master.dbsize() * 2).isGreaterThan(FullSync.IMMEDIATE_KEYS);
    }

    private static RawClient handshake(int masterPort, String... capabilities) throws Exception {
        RawClient replica = new RawClient("127.0.0.1", masterPort);
        replica.setReadTimeout(30_000);
        assertThat(replica.command("PING").readReply()).isEqualTo("+PONG\r\n");
        List<String> capa = new ArrayList<>(List.of("REPLCONF"));
        for (String capability : capabilities) {
            capa.addAll(List.of("capa", capability));
        }
        assertThat(replica.command(capa.toArray(String[]::new)).readReply()).isEqualTo("+OK\r\n");
        replica.command("PSYNC", "?", "-1");
        return replica;
    }

    /** Reads up to and including {@code mark}; returns what came before it. */
    private static byte[] readUpTo(RawClient replica, byte[] mark) throws Exception {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        while (!endsWith(read.toByteArray(), mark)) {
            read.write(replica.read(1).charAt(0));
        }
        byte[] all = read.toByteArray();
        return java.util.Arrays.copyOf(all, all.length - mark.length);
    }

    private static boolean endsWith(byte[] bytes, byte[] suffix) {
        return bytes.length >= suffix.length && java.util.Arrays.equals(bytes, bytes.length - suffix.length,
                bytes.length, suffix, 0, suffix.length);
    }

}
