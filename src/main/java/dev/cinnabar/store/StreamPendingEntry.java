package dev.cinnabar.store;

/** An entry delivered to a consumer and not yet acknowledged: who has it, since when, how often delivered. */
public final class StreamPendingEntry {

    private final StreamId id;
    StreamConsumer consumer;
    long deliveryTime;
    long deliveryCount;

    StreamPendingEntry(StreamId id, StreamConsumer consumer, long deliveryTime, long deliveryCount) {
        this.id = id;
        this.consumer = consumer;
        this.deliveryTime = deliveryTime;
        this.deliveryCount = deliveryCount;
    }

    public StreamId id() {
        return id;
    }

    public StreamConsumer consumer() {
        return consumer;
    }

    public long deliveryTime() {
        return deliveryTime;
    }

    public long deliveryCount() {
        return deliveryCount;
    }

    /** XCLAIM's TIME / IDLE and RETRYCOUNT, and a redelivery. */
    public void delivered(long time, long count) {
        this.deliveryTime = time;
        this.deliveryCount = count;
    }
}
