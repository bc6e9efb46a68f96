package dev.cinnabar.net;

import java.util.ArrayList;
import java.util.List;

/**
 * With {@code appendfsync always} a reply may only leave once the writes executed before it
 * are on disk. The AOF reports how far it has appended and how far the disk has caught up;
 * replies sent while some appended write is not yet durable are held by their connection,
 * in order, and released together when the fsync that covers them completes. Every reply
 * of an event-loop batch therefore waits for one fsync (group commit), and the keyspace
 * thread never waits for the disk. While nothing is pending, a reply costs one comparison.
 *
 * <p>Keyspace thread only.
 */
public final class DurableReplies {

    private long appended;
    private long durable;
    private List<ClientConnection> waiting = new ArrayList<>();

    /** Writes up to {@code position} (a running byte count) were appended and must become durable. */
    public void appended(long position) {
        appended = position;
    }

    /** Writes up to {@code position} are on disk: the replies that waited for them leave now. */
    public void durable(long position) {
        durable = Math.max(durable, position);
        if (waiting.isEmpty()) {
            return;
        }
        List<ClientConnection> stillWaiting = new ArrayList<>();
        for (ClientConnection client : waiting) {
            if (client.heldTicket() <= durable) {
                client.releaseHeld();
            } else {
                stillWaiting.add(client);
            }
        }
        waiting = stillWaiting;
    }

    /** Nothing is held back any more (the AOF was switched off after its last fsync). */
    public void releaseAll() {
        durable(appended);
    }

    /** True while an appended write is not yet known to be on disk. */
    boolean pending() {
        return appended > durable;
    }

    /** The position a reply sent now must wait for. */
    long ticket() {
        return appended;
    }

    void waitFor(ClientConnection client) {
        waiting.add(client);
    }
}
