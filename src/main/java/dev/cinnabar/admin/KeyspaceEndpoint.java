package dev.cinnabar.admin;

import dev.cinnabar.net.KeyspaceEventLoop;
import dev.cinnabar.store.KeyValueStore;
import dev.cinnabar.store.KeyspaceSnapshot;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code /actuator/keyspace}: keys, keys with a time to live and their average remaining
 * time per database, with the lookup and expiry counters. The snapshot is taken on the
 * keyspace thread, so it never races a command.
 */
@Component
@Endpoint(id = "keyspace")
public class KeyspaceEndpoint {

    private static final long TIMEOUT_SECONDS = 5;

    private final KeyspaceEventLoop keyspace;
    private final KeyValueStore store;

    public KeyspaceEndpoint(KeyspaceEventLoop keyspace, KeyValueStore store) {
        this.keyspace = keyspace;
        this.store = store;
    }

    /**
     * @param databases per database (only those holding keys, named {@code db0}, {@code db1}, ...)
     * @param keys      keys in every database
     */
    public record KeyspaceReport(Map<String, DatabaseReport> databases, long keys, long hits, long misses,
                                 long expiredKeys, long evictedKeys) {
    }

    public record DatabaseReport(long keys, long expires, long averageTtlMillis) {
    }

    @ReadOperation
    public KeyspaceReport keyspace() throws TimeoutException {
        KeyspaceSnapshot snapshot = keyspace.call(() -> KeyspaceSnapshot.of(store), TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<String, DatabaseReport> databases = new LinkedHashMap<>();
        for (KeyspaceSnapshot.DatabaseSnapshot database : snapshot.databases()) {
            databases.put("db" + database.index(),
                    new DatabaseReport(database.keys(), database.expires(), database.averageTtlMillis()));
        }
        return new KeyspaceReport(databases, snapshot.totalKeys(), snapshot.hits(), snapshot.misses(),
                snapshot.expiredKeys(), snapshot.evictedKeys());
    }
}
