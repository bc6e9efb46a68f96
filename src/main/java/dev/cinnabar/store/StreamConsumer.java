package dev.cinnabar.store;

import java.util.TreeMap;

/** A consumer of a group: its name, when it was last seen, and its part of the group's PEL. */
public final class StreamConsumer {

    private final byte[] name;
    private long seenTime;
    private final TreeMap<StreamId, StreamPendingEntry> pending = new TreeMap<>();

    StreamConsumer(byte[] name, long seenTime) {
        this.name = name;
        this.seenTime = seenTime;
    }

    public byte[] name() {
        return name;
    }

    /** When the consumer last read or claimed, unix ms (XINFO's seen-time and idle). */
    public long seenTime() {
        return seenTime;
    }

    public void seen(long now) {
        this.seenTime = now;
    }

    public TreeMap<StreamId, StreamPendingEntry> pending() {
        return pending;
    }
}
