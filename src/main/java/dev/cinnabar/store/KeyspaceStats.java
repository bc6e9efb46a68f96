package dev.cinnabar.store;

/**
 * Keyspace counters shown by INFO stats and the keyspace endpoint. Written only by the
 * keyspace thread; other threads read them through a task on that thread.
 */
public final class KeyspaceStats {

    long hits;
    long misses;
    long expiredKeys;
    long evictedKeys;

    public long hits() {
        return hits;
    }

    public long misses() {
        return misses;
    }

    public long expiredKeys() {
        return expiredKeys;
    }

    public long evictedKeys() {
        return evictedKeys;
    }

    /** CONFIG RESETSTAT. */
    public void reset() {
        hits = 0;
        misses = 0;
        expiredKeys = 0;
        evictedKeys = 0;
    }
}
