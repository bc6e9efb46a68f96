package dev.cinnabar.replication;

import dev.cinnabar.net.ClientConnection;
import io.netty.buffer.CompositeByteBuf;

/**
 * A replica of this server as the master sees it: what it announced with REPLCONF, where its
 * sync stands, and how far it acknowledged the stream. Keyspace thread only.
 */
final class ReplicaLink {

    enum State {
        /** Asked for a full resync; its snapshot has not started (another one is running). */
        WAITING_FOR_SNAPSHOT("wait_bgsave"),
        /** Its snapshot is being taken; the stream since is kept for it. */
        SNAPSHOT("wait_bgsave"),
        /** Got a diskless snapshot; the stream since is held until its first REPLCONF ACK (Redis shows it online). */
        AWAITING_ACK("online"),
        /** Receives the stream as it is written. */
        ONLINE("online");

        final String infoName;

        State(String infoName) {
            this.infoName = infoName;
        }
    }

    final ClientConnection client;
    int listeningPort;
    String announcedIp;
    boolean capableOfEof;
    boolean capableOfPsync2;
    State state;
    FullSync sync;
    /** The stream held back while {@link State#AWAITING_ACK}. */
    CompositeByteBuf heldStream;
    long ackOffset;
    long lastAckMillis = System.currentTimeMillis();
    /** When its unsent output first went over the soft limit, 0 while under it. */
    long softLimitReachedMillis;

    ReplicaLink(ClientConnection client) {
        this.client = client;
    }

    /** The address INFO and ROLE show: the announced ip, else the connection's. */
    String ip() {
        if (announcedIp != null) {
            return announcedIp;
        }
        String address = client.address();
        return address.substring(0, address.lastIndexOf(':'));
    }
}
