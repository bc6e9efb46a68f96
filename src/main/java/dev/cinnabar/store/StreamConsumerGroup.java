package dev.cinnabar.store;

import java.util.Arrays;
import java.util.Collection;
import java.util.TreeMap;

/**
 * A consumer group of a stream: its last delivered ID, how many entries it has read, the
 * pending entries list (PEL, delivered but not acknowledged, in ID order) and its consumers
 * in name order, each with its own view of the PEL.
 */
public final class StreamConsumerGroup {

    /** Redis's SCG_INVALID_ENTRIES_READ: the group's read counter is not known. */
    public static final long UNKNOWN_ENTRIES_READ = -1;
    private static final long GROUP_OBJECT_BYTES = 64;
    private static final long PENDING_BYTES = 96;
    private static final long CONSUMER_BYTES = 80;

    private final byte[] name;
    private StreamId lastDelivered;
    private long entriesRead;
    private final TreeMap<StreamId, StreamPendingEntry> pending = new TreeMap<>();
    private final TreeMap<byte[], StreamConsumer> consumers = new TreeMap<>(Arrays::compareUnsigned);

    StreamConsumerGroup(byte[] name, StreamId lastDelivered, long entriesRead) {
        this.name = name;
        this.lastDelivered = lastDelivered;
        this.entriesRead = entriesRead;
    }

    public byte[] name() {
        return name;
    }

    public StreamId lastDelivered() {
        return lastDelivered;
    }

    public long entriesRead() {
        return entriesRead;
    }

    public void setLastDelivered(StreamId lastDelivered, long entriesRead) {
        this.lastDelivered = lastDelivered;
        this.entriesRead = entriesRead;
    }

    /** The whole PEL in ID order. */
    public TreeMap<StreamId, StreamPendingEntry> pending() {
        return pending;
    }

    public StreamConsumer consumer(byte[] consumerName) {
        return consumers.get(consumerName);
    }

    public Collection<StreamConsumer> consumers() {
        return consumers.values();
    }

    /** The consumer of that name, created (seen now) if missing; see {@link #hasConsumer}. */
    public StreamConsumer consumerOrCreate(byte[] consumerName, long now) {
        return consumers.computeIfAbsent(consumerName, n -> new StreamConsumer(n, now));
    }

    public boolean hasConsumer(byte[] consumerName) {
        return consumers.containsKey(consumerName);
    }

    /** Removes a consumer and its pending entries; returns how many it had, or -1 if unknown. */
    public long deleteConsumer(byte[] consumerName) {
        StreamConsumer consumer = consumers.remove(consumerName);
        if (consumer == null) {
            return -1;
        }
        int count = consumer.pending().size();
        for (StreamId id : consumer.pending().keySet()) {
            pending.remove(id);
        }
        return count;
    }

    /**
     * Records {@code id} as newly delivered to {@code consumer} (XREADGROUP with >): delivered
     * once, now, taken from another consumer if the group's ID was set back.
     */
    public StreamPendingEntry deliver(StreamId id, StreamConsumer consumer, long now) {
        StreamPendingEntry entry = pending.get(id);
        if (entry == null) {
            entry = new StreamPendingEntry(id, consumer, now, 1);
            pending.put(id, entry);
            consumer.pending().put(id, entry);
        } else {
            assign(entry, consumer);
            entry.delivered(now, 1);
        }
        return entry;
    }

    /**
     * Restores a pending entry of {@code consumer} as an RDB file or a DUMP payload recorded
     * it, with its delivery time and count.
     */
    public void restorePending(StreamId id, StreamConsumer consumer, long deliveryTime, long deliveryCount) {
        StreamPendingEntry entry = new StreamPendingEntry(id, consumer, deliveryTime, deliveryCount);
        pending.put(id, entry);
        consumer.pending().put(id, entry);
    }

    /** Moves a pending entry to {@code consumer}. */
    public void assign(StreamPendingEntry entry, StreamConsumer consumer) {
        if (entry.consumer != consumer) {
            entry.consumer.pending().remove(entry.id());
            entry.consumer = consumer;
            consumer.pending().put(entry.id(), entry);
        }
    }

    /** XACK of one ID: true if it was pending. */
    public boolean acknowledge(StreamId id) {
        StreamPendingEntry entry = pending.remove(id);
        if (entry == null) {
            return false;
        }
        entry.consumer.pending().remove(id);
        return true;
    }

    StreamConsumerGroup copy() {
        StreamConsumerGroup copy = new StreamConsumerGroup(name, lastDelivered, entriesRead);
        for (StreamConsumer consumer : consumers.values()) {
            StreamConsumer consumerCopy = copy.consumerOrCreate(consumer.name(), consumer.seenTime());
            for (StreamPendingEntry entry : consumer.pending().values()) {
                StreamPendingEntry entryCopy = new StreamPendingEntry(entry.id(), consumerCopy, entry.deliveryTime,
                        entry.deliveryCount);
                consumerCopy.pending().put(entry.id(), entryCopy);
                copy.pending.put(entry.id(), entryCopy);
            }
        }
        return copy;
    }

    long memoryUsage() {
        return GROUP_OBJECT_BYTES + name.length + pending.size() * PENDING_BYTES + consumers.size() * CONSUMER_BYTES;
    }
}
