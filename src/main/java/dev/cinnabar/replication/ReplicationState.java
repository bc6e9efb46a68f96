package dev.cinnabar.replication;

import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The replication identity of this server, as INFO replication and PSYNC show it: the
 * replication id (40 random hex characters, new for every process), the previous id kept
 * after a failover, and the offset of the replication stream.
 */
@Component
public class ReplicationState {

    /** Redis's replication id when there is no previous one. */
    public static final String NO_REPLICATION_ID = "0".repeat(40);

    private volatile String replicationId = randomReplicationId();
    private volatile String secondaryReplicationId = NO_REPLICATION_ID;
    private volatile long offset;
    private volatile long secondaryOffset = -1;

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

    /** Bytes of the replication stream produced (or, on a replica, received) so far. */
    public long offset() {
        return offset;
    }

    /** The offset up to which {@link #secondaryReplicationId()} is valid, -1 if none. */
    public long secondaryOffset() {
        return secondaryOffset;
    }
}
