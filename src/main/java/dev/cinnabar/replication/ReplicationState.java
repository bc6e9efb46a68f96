package dev.cinnabar.replication;

import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The replication identity of this server, as INFO replication and PSYNC show it: the
 * replication id (40 random hex characters, new for every process and every promotion),
 * the previous id kept after a promotion, the offset of the replication stream, and the
 * master this server replicates, if any. Written on the keyspace thread, readable anywhere.
 */
@Component
public class ReplicationState {

    /** Redis's replication id when there is no previous one. */
    public static final String NO_REPLICATION_ID = "0".repeat(40);

    private volatile String replicationId = randomReplicationId();
    private volatile String secondaryReplicationId = NO_REPLICATION_ID;
    private volatile long offset;
    private volatile long secondaryOffset = -1;
    private volatile String masterHost;
    private volatile int masterPort;
    private volatile boolean readOnlyReplica = true;

    static String randomReplicationId() {
        byte[] bytes = new byte[20];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    public String replicationId() {
        return replicationId;
    }

    /** The previous replication id, accepted by PSYNC up to {@link #secondaryOffset()}. */
    public String secondaryReplicationId() {
        return secondaryReplicationId;
    }

    /** Bytes of the replication stream produced (or, on a replica, received and applied) so far. */
    public long offset() {
        return offset;
    }

    /** The offset up to which {@link #secondaryReplicationId()} is valid, -1 if none. */
    public long secondaryOffset() {
        return secondaryOffset;
    }

    void advance(long bytes) {
        offset += bytes;
    }

    /** A full sync from a master: this server now shares the master's history from {@code startOffset}. */
    void adoptHistory(String id, long startOffset) {
        replicationId = id;
        offset = startOffset;
        secondaryReplicationId = NO_REPLICATION_ID;
        secondaryOffset = -1;
    }

    /**
     * A new history begins here (a promotion, or a master that changed its id): the current
     * id stays valid for partial resyncs up to the current offset, as the secondary id.
     */
    void startNewHistory(String newId) {
        secondaryReplicationId = replicationId;
        secondaryOffset = offset + 1;
        replicationId = newId;
    }

    public boolean isReplica() {
        return masterHost != null;
    }

    /** The master's host, null on a master. */
    public String masterHost() {
        return masterHost;
    }

    public int masterPort() {
        return masterPort;
    }

    void master(String host, int port) {
        this.masterHost = host;
        this.masterPort = port;
    }

    /** {@code replica-read-only}. */
    public boolean readOnlyReplica() {
        return readOnlyReplica;
    }

    void readOnlyReplica(boolean readOnly) {
        this.readOnlyReplica = readOnly;
    }
}
