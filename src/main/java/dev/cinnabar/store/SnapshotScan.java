package dev.cinnabar.store;

import java.util.HashSet;
import java.util.Set;

/**
 * A point-in-time walk over every key of the keyspace that runs in slices on the keyspace
 * thread while commands keep changing it: the JVM's answer to the fork Redis saves from.
 *
 * <p>Each database's key table is walked with the reverse-binary cursor of SCAN. That cursor
 * has a property we lean on: after each step, the keys already walked are exactly those whose
 * bit-reversed hash is below the bit-reversed cursor, whatever resizing the table went
 * through. So whether a key was visited is a comparison, with no mark on the keys. Before a
 * command changes, deletes or creates a key the walk has not reached, the database calls
 * {@link TableScan#beforeWrite} (copy-on-write at key granularity): the key's value as it was
 * at the start is handed to the visitor right then, and the key is remembered so the walk
 * skips it later. A flushed database's old table is no longer written to, so the walk simply
 * goes on over it; a swapped database takes its walk along with its table.
 *
 * <p>Must be used on the keyspace thread only.
 */
public final class SnapshotScan {

    /** Receives every key that existed (and had not expired) at the start, exactly once. */
    @FunctionalInterface
    public interface Visitor {
        /**
         * Called with a key as it was at the start of the walk. The value may change as soon as
         * this returns, so the visitor must consume it (serialise it) before returning.
         *
         * @param database the database the key was in at the start
         */
        void key(int database, byte[] key, Object value, long expireAt);
    }

    /** The walk over one database's table, and its copy-on-write bookkeeping. */
    final class TableScan {
        final int database;
        final KeyTable table;
        final int keys;
        final int expires;
        /** The next cursor of the table walk, bit-reversed; everything below it was visited. */
        private long reversedCursor;
        private boolean complete;
        private boolean started;
        /** Unvisited keys a write reached first: already handed over (or created since the start). */
        private final Set<ByteKey> handled = new HashSet<>();

        TableScan(int database, KeyTable table, int keys, int expires) {
            this.database = database;
            this.table = table;
            this.keys = keys;
            this.expires = expires;
        }

        private boolean visited(int hash) {
            return complete || Long.compareUnsigned(Long.reverse(hash & 0xffffffffL), reversedCursor) < 0;
        }

        /**
         * A command is about to change, expire or delete {@code entry}, or to create a key
         * ({@code entry} null) named {@code key} with {@code hash}.
         */
        void beforeWrite(byte[] key, int hash, Entry entry) {
            if (visited(hash)) {
                return;
            }
            ByteKey name = new ByteKey(key);
            if (!handled.add(name)) {
                return;
            }
            if (entry != null && !entry.isExpiredAt(startedAt)) {
                visitor.key(database, entry.key, entry.value, entry.expireAt());
            }
        }

        /** Walks a few buckets; true once the table is done. */
        boolean step() {
            if (complete) {
                return true;
            }
            started = true;
            long before = reversedCursor;
            long cursor = table.scan(Long.reverse(before), entry -> {
                if (Long.compareUnsigned(Long.reverse(entry.hash & 0xffffffffL), before) >= 0
                        && !entry.isExpiredAt(startedAt)
                        && (handled.isEmpty() || !handled.contains(new ByteKey(entry.key)))) {
                    visitor.key(database, entry.key, entry.value, entry.expireAt());
                }
            });
            if (cursor == 0) {
                complete = true;
                handled.clear();
            } else {
                reversedCursor = Long.reverse(cursor);
            }
            return complete;
        }
    }

    private final KeyValueStore store;
    private final Visitor visitor;
    private final long startedAt;
    private final TableScan[] tables;
    private int current;

    SnapshotScan(KeyValueStore store, Visitor visitor) {
        this.store = store;
        this.visitor = visitor;
        this.startedAt = store.clock().now();
        this.tables = new TableScan[store.databaseCount()];
        for (int i = 0; i < tables.length; i++) {
            Database db = store.database(i);
            tables[i] = db.startSnapshot(this);
        }
    }

    TableScan scanOf(int database, KeyTable table, int keys, int expires) {
        return new TableScan(database, table, keys, expires);
    }

    /** Unix ms of the point in time this walk captures. */
    public long startedAt() {
        return startedAt;
    }

    /** The database the walk is in, or {@link #databaseCount()} when done. */
    public int currentDatabase() {
        return current;
    }

    public int databaseCount() {
        return tables.length;
    }

    /** Keys of database {@code index} at the start (expired ones included). */
    public int keysAtStart(int index) {
        return tables[index].keys;
    }

    /** Keys with a time to live in database {@code index} at the start. */
    public int expiresAtStart(int index) {
        return tables[index].expires;
    }

    /** True once the walk of database {@code index} began (its keys may then be visited). */
    public boolean hasStarted(int index) {
        return tables[index].started || tables[index].complete;
    }

    /**
     * Walks buckets of the current database until {@code deadlineNanos} (System.nanoTime)
     * passes or the database is complete; returns true when every database is done.
     */
    public boolean step(long deadlineNanos) {
        while (current < tables.length) {
            TableScan scan = tables[current];
            int steps = 0;
            while (!scan.step()) {
                if ((++steps & 31) == 0 && System.nanoTime() - deadlineNanos > 0) {
                    return false;
                }
            }
            current++;
            if (current < tables.length && System.nanoTime() - deadlineNanos > 0) {
                return false;
            }
        }
        store.snapshotFinished(this);
        return true;
    }

    /** Stops the walk; writes are no longer intercepted. */
    public void abort() {
        store.snapshotFinished(this);
    }
}
