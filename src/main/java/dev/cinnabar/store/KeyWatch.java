package dev.cinnabar.store;

import java.util.ArrayList;
import java.util.List;

/**
 * The keys one client WATCHes and whether any of them changed since: EXEC runs the
 * transaction only while this watch is intact. Keyspace thread only.
 */
public final class KeyWatch {

    private record WatchedKey(Database database, byte[] key, boolean expiredWhenWatched) {
    }

    private final List<WatchedKey> keys = new ArrayList<>(4);
    private boolean broken;

    /** Starts watching {@code key} of {@code database}; watching a key twice is one watch. */
    public void watch(Database database, byte[] key) {
        for (WatchedKey watched : keys) {
            if (watched.database == database && java.util.Arrays.equals(watched.key, key)) {
                return;
            }
        }
        keys.add(new WatchedKey(database, key, database.isLogicallyExpired(key)));
        database.addWatcher(key, this);
    }

    /** Forgets every watched key (EXEC, DISCARD, UNWATCH, RESET, disconnect). */
    public void unwatchAll() {
        for (WatchedKey watched : keys) {
            watched.database.removeWatcher(watched.key, this);
        }
        keys.clear();
        broken = false;
    }

    public boolean isWatching() {
        return !keys.isEmpty();
    }

    public int watchedKeyCount() {
        return keys.size();
    }

    /**
     * True if a watched key was modified since it was watched, or has expired since: a key
     * past its time is a change even before anything deletes it, as in Redis.
     */
    public boolean isBroken() {
        if (broken) {
            return true;
        }
        for (WatchedKey watched : keys) {
            if (!watched.expiredWhenWatched && watched.database.isLogicallyExpired(watched.key)) {
                return true;
            }
        }
        return false;
    }

    /** A watched key of {@code database} changed. */
    void keyModified(Database database, byte[] key) {
        for (WatchedKey watched : keys) {
            if (watched.database == database && watched.expiredWhenWatched
                    && java.util.Arrays.equals(watched.key, key) && !database.containsPhysically(key)) {
                // It was already past its time when watched; its deletion changes nothing visible.
                return;
            }
        }
        broken = true;
    }
}
