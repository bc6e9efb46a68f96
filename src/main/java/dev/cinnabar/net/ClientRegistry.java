package dev.cinnabar.net;

import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The connected clients, in connection order, and the connection counters of INFO. The map
 * is only touched on the keyspace thread; the counters may be read from any thread.
 */
@Component
public class ClientRegistry {

    private final Map<Long, ClientConnection> clients = new LinkedHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private final DurableReplies durableReplies = new DurableReplies();
    private final TurnEndFlushes turnEndFlushes = new TurnEndFlushes();
    private volatile int connectedCount;
    private volatile long connectionsReceived;
    private volatile long rejectedConnections;

    /** Where the AOF holds replies back until the writes they follow are durable. */
    public DurableReplies durableReplies() {
        return durableReplies;
    }

    /** Where connections leave their replies to be flushed at the end of the loop's turn. */
    TurnEndFlushes turnEndFlushes() {
        return turnEndFlushes;
    }

    long nextId() {
        return nextId.getAndIncrement();
    }

    void add(ClientConnection client) {
        clients.put(client.id(), client);
        connectedCount = clients.size();
        connectionsReceived++;
    }

    void remove(ClientConnection client) {
        clients.remove(client.id());
        connectedCount = clients.size();
    }

    void rejected() {
        rejectedConnections++;
    }

    public Collection<ClientConnection> clients() {
        return Collections.unmodifiableCollection(clients.values());
    }

    public ClientConnection byId(long id) {
        return clients.get(id);
    }

    /** Clients waiting in a blocking command, for INFO's {@code blocked_clients}. Keyspace thread only. */
    public int blockedCount() {
        int blocked = 0;
        for (ClientConnection client : clients.values()) {
            if (client.isBlocked()) {
                blocked++;
            }
        }
        return blocked;
    }

    public int connectedCount() {
        return connectedCount;
    }

    public long connectionsReceived() {
        return connectionsReceived;
    }

    public long rejectedConnections() {
        return rejectedConnections;
    }

    /** CONFIG RESETSTAT: the connection counters start again from zero. */
    public void resetStats() {
        connectionsReceived = 0;
        rejectedConnections = 0;
    }
}
