package dev.cinnabar.store;

import dev.cinnabar.config.KeyspaceEventClasses;

/**
 * Keyspace notifications ({@code notify-keyspace-events}): commands and the store report
 * what they did to a key, and the events of the enabled classes go to the sink (pub/sub,
 * which publishes them on {@code __keyspace@<db>__:<key>} and {@code __keyevent@<db>__:<event>}).
 * While notifications are off a report costs one int check.
 */
public final class KeyspaceEvents {

    /** Receives the events of the enabled classes. */
    @FunctionalInterface
    public interface Sink {

        /** {@code classes} are the enabled classes, so the sink sees whether K, E or both are on. */
        void keyspaceEvent(int classes, String event, byte[] key, int database);
    }

    /** The enabled classes; 0 while nothing would be published (no K or E, or no sink). */
    private int enabled;
    private int configured;
    private Sink sink;

    public void sink(Sink sink) {
        this.sink = sink;
        update();
    }

    /** The parsed value of {@code notify-keyspace-events} ({@link KeyspaceEventClasses} flags). */
    public void enabledClasses(int classes) {
        this.configured = classes;
        update();
    }

    private void update() {
        boolean published = (configured & (KeyspaceEventClasses.KEYSPACE | KeyspaceEventClasses.KEYEVENT)) != 0;
        enabled = published && sink != null ? configured : 0;
    }

    /**
     * {@code event} (Redis's name: "set", "del", "expired", ...) of class {@code eventClass}
     * happened to {@code key} in {@code database}.
     */
    public void notify(int eventClass, String event, byte[] key, int database) {
        if ((enabled & eventClass) != 0) {
            sink.keyspaceEvent(enabled, event, key, database);
        }
    }
}
