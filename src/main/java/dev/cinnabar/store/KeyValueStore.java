package dev.cinnabar.store;

/**
 * The keyspace: the numbered databases and their statistics. Like Redis, it is owned by
 * one thread (the keyspace event loop); every method must be called on that thread.
 */
public final class KeyValueStore {

    private final Database[] databases;
    private final KeyspaceStats stats = new KeyspaceStats();
    private final KeyspaceClock clock;
    private final KeyspaceEvents events = new KeyspaceEvents();
    private final KeyExpiry expiry = new KeyExpiry();
    /** Changes to the dataset since the last save (Redis's {@code dirty}). */
    private long changesSinceSave;
    private SnapshotScan snapshot;

    public KeyValueStore(int databaseCount, KeyspaceClock clock) {
        this.clock = clock;
        this.databases = new Database[databaseCount];
        for (int i = 0; i < databaseCount; i++) {
            databases[i] = new Database(i, stats, clock, events, expiry);
        }
    }

    public int databaseCount() {
        return databases.length;
    }

    public Database database(int index) {
        return databases[index];
    }

    public KeyspaceStats stats() {
        return stats;
    }

    public KeyspaceClock clock() {
        return clock;
    }

    /** Keyspace notifications: commands report their events here, expiry reports "expired". */
    public KeyspaceEvents events() {
        return events;
    }

    /** Who hears of expired keys, whether keys may expire now, and whether expired keys are removed or only hidden. */
    public KeyExpiry expiry() {
        return expiry;
    }

    /** Removes every key of every database and returns how many there were. */
    public long flushAll() {
        long removed = 0;
        for (Database database : databases) {
            removed += database.clear();
        }
        return removed;
    }

    public void swapDatabases(int first, int second) {
        if (first != second) {
            Database one = databases[first];
            Database other = databases[second];
            one.swapContents(other);
            one.contentsReplaced();
            other.contentsReplaced();
        }
    }

    /**
     * Starts a point-in-time walk over every key (a background save); one at a time.
     *
     * @throws IllegalStateException if one is running
     */
    /** Whether a point-in-time snapshot (a save, a full sync, an AOF rewrite) is being walked: one at a time. */
    public boolean snapshotRunning() {
        return snapshot != null;
    }

    public SnapshotScan startSnapshot(SnapshotScan.Visitor visitor) {
        if (snapshot != null) {
            throw new IllegalStateException("A snapshot is already running");
        }
        snapshot = new SnapshotScan(this, visitor);
        return snapshot;
    }

    void snapshotFinished(SnapshotScan finished) {
        if (snapshot == finished) {
            snapshot = null;
            for (Database database : databases) {
                database.snapshotFinished();
            }
        }
    }

    /** Records changes a write command made, for {@code rdb_changes_since_last_save}. */
    public void addChanges(long changes) {
        changesSinceSave += changes;
    }

    public long changesSinceSave() {
        return changesSinceSave;
    }

    public long totalKeys() {
        long keys = 0;
        for (Database database : databases) {
            keys += database.size();
        }
        return keys;
    }
}
