package dev.cinnabar.store;

import java.util.ArrayList;
import java.util.List;

/**
 * A consistent picture of the keyspace for other threads (the Actuator): taken on the
 * keyspace thread, immutable afterwards.
 *
 * @param databases   the databases holding at least one key
 * @param hits        successful key lookups
 * @param misses      lookups of missing keys
 * @param expiredKeys keys removed because their time to live passed
 * @param evictedKeys keys removed to respect maxmemory
 */
public record KeyspaceSnapshot(List<DatabaseSnapshot> databases, long hits, long misses, long expiredKeys,
                               long evictedKeys) {

    /** Keys with a time to live beyond this many are averaged from a random sample. */
    private static final int TTL_SAMPLES = 10_000;

    /**
     * @param index            the database number
     * @param keys             keys in the database
     * @param expires          keys with a time to live
     * @param averageTtlMillis mean remaining time to live of those keys
     */
    public record DatabaseSnapshot(int index, long keys, long expires, long averageTtlMillis) {
    }

    /** Must run on the keyspace thread. */
    public static KeyspaceSnapshot of(KeyValueStore store) {
        List<DatabaseSnapshot> databases = new ArrayList<>();
        for (int i = 0; i < store.databaseCount(); i++) {
            Database database = store.database(i);
            if (database.size() > 0) {
                databases.add(new DatabaseSnapshot(i, database.size(), database.expiresCount(),
                        database.averageTtlMillis(TTL_SAMPLES)));
            }
        }
        KeyspaceStats stats = store.stats();
        return new KeyspaceSnapshot(List.copyOf(databases), stats.hits(), stats.misses(), stats.expiredKeys(),
                stats.evictedKeys());
    }

    public long totalKeys() {
        return databases.stream().mapToLong(DatabaseSnapshot::keys).sum();
    }
}
