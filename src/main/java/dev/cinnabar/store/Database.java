package dev.cinnabar.store;

import dev.cinnabar.config.KeyspaceEventClasses;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * One of the numbered databases: its keys, their values and their expiry times. A key
 * whose time has passed is removed when it is next touched ({@link #entry}) or when the
 * active expiry cycle samples it ({@link #expireSample}), whichever comes first.
 *
 * <p>Only the keyspace thread may call this class.
 */
public final class Database {

    private static final ExpiringEntry[] NO_EXPIRING = new ExpiringEntry[0];

    private final int index;
    private final KeyspaceStats stats;
    private final KeyspaceClock clock;
    private final KeyspaceEvents events;
    private final KeyExpiry expiry;
    private KeyTable table = new KeyTable();
    /** The keys with a time to live, densely packed so that the expiry cycle can sample them. */
    private ExpiringEntry[] expiring = NO_EXPIRING;
    private int expiringCount;
    /** Who WATCHes which key of this database; null while nobody does, so writes pay one null check. */
    private Map<ByteKey, List<KeyWatch>> watchers;
    /** Set while clients are blocked on keys of this database: key creation then tells them. */
    private KeyWaiters waiters;
    /**
     * The walk of a background save over this database's table, while one runs: every write
     * first lets it copy the key's old value (one null check on the write path otherwise).
     */
    private SnapshotScan.TableScan snapshot;

    Database(int index, KeyspaceStats stats, KeyspaceClock clock, KeyspaceEvents events, KeyExpiry expiry) {
        this.index = index;
        this.stats = stats;
        this.clock = clock;
        this.events = events;
        this.expiry = expiry;
    }

    public int index() {
        return index;
    }

    public int size() {
        return table.size();
    }

    public int expiresCount() {
        return expiringCount;
    }

    /** The live entry of {@code key}, or null; an expired key is deleted on the way. */
    public Entry entry(byte[] key) {
        Entry entry = table.find(key, KeyHasher.hash(key));
        if (entry != null && hasExpired(entry)) {
            if (!expiry.keepsExpired()) {
                expire(entry);
            }
            return null;
        }
        return entry;
    }

    /** The value of {@code key} for a command that writes it, or null if it does not exist. */
    public Object get(byte[] key) {
        Entry entry = entry(key);
        if (entry == null) {
            return null;
        }
        if (snapshot != null) {
            snapshot.beforeWrite(entry.key, entry.hash, entry);
        }
        entry.accessSeconds = clock.seconds();
        return entry.value;
    }

    /** The value of {@code key} for a command that reads it: counts a keyspace hit or miss. */
    public Object read(byte[] key) {
        Object value = get(key);
        if (value == null) {
            stats.misses++;
            events.notify(KeyspaceEventClasses.KEY_MISS, "keymiss", key, index);
        } else {
            stats.hits++;
        }
        return value;
    }

    /**
     * The live entry of {@code key} for a command that inspects the key rather than uses its
     * value (EXISTS, TYPE, TTL, OBJECT): counts a keyspace hit or miss, as Redis does, but
     * leaves the access time alone so that OBJECT IDLETIME is not reset by looking.
     */
    public Entry inspect(byte[] key) {
        Entry entry = entry(key);
        if (entry == null) {
            stats.misses++;
            events.notify(KeyspaceEventClasses.KEY_MISS, "keymiss", key, index);
        } else {
            stats.hits++;
        }
        return entry;
    }

    public boolean exists(byte[] key) {
        return entry(key) != null;
    }

    /** Sets the value of {@code key} and drops any time to live, as SET does. */
    public void put(byte[] key, Object value) {
        put(key, value, Entry.NO_EXPIRY);
    }

    /** Sets the value and the expiry time (unix ms, or {@link Entry#NO_EXPIRY}) of {@code key}. */
    public void put(byte[] key, Object value, long expireAt) {
        int hash = KeyHasher.hash(key);
        Entry existing = table.find(key, hash);
        if (snapshot != null) {
            snapshot.beforeWrite(key, hash, existing);
        }
        if (existing != null && hasExpired(existing)) {
            expire(existing);
            existing = null;
        }
        boolean withExpiry = expireAt != Entry.NO_EXPIRY;
        if (existing == null) {
            Entry created = newEntry(key, hash, value, expireAt);
            table.add(created);
            if (created instanceof ExpiringEntry expiringEntry) {
                indexExpiring(expiringEntry);
            }
        } else if (existing instanceof ExpiringEntry expiringEntry && withExpiry) {
            expiringEntry.expireAt = expireAt;
            replaceValue(existing, value);
        } else if (!(existing instanceof ExpiringEntry) && !withExpiry) {
            replaceValue(existing, value);
        } else {
            Entry replacement = newEntry(existing.key, hash, value, expireAt);
            table.replace(existing, replacement);
            if (existing instanceof ExpiringEntry oldExpiring) {
                unindexExpiring(oldExpiring);
            }
            if (replacement instanceof ExpiringEntry newExpiring) {
                indexExpiring(newExpiring);
            }
        }
        signalModified(key);
        signalReady(key);
    }

    /** Replaces the value of a live key and keeps its time to live (KEEPTTL, APPEND, INCR ...). */
    public void replaceValue(Entry entry, Object value) {
        if (snapshot != null) {
            snapshot.beforeWrite(entry.key, entry.hash, entry);
        }
        entry.value = value;
        entry.accessSeconds = clock.seconds();
        signalModified(entry.key);
    }

    /** Sets the value of {@code key}, keeping the time to live of an existing key. */
    public void putKeepTtl(byte[] key, Object value) {
        Entry existing = entry(key);
        if (existing != null) {
            replaceValue(existing, value);
        } else {
            put(key, value, Entry.NO_EXPIRY);
        }
    }

    public boolean delete(byte[] key) {
        Entry entry = entry(key);
        if (entry == null) {
            return false;
        }
        removeEntry(entry);
        return true;
    }

    /** Removes {@code key} and returns its value, or null if it did not exist. */
    public Object remove(byte[] key) {
        Entry entry = entry(key);
        if (entry == null) {
            return null;
        }
        removeEntry(entry);
        return entry.value;
    }

    /** Expiry time of {@code key} in unix ms; {@link Entry#NO_EXPIRY}, or -2 for a missing key. */
    public long expireAt(byte[] key) {
        Entry entry = entry(key);
        return entry == null ? -2 : entry.expireAt();
    }

    /** Sets the expiry time of an existing key; false if the key does not exist. */
    public boolean setExpireAt(byte[] key, long expireAt) {
        Entry entry = entry(key);
        if (entry == null) {
            return false;
        }
        if (snapshot != null) {
            snapshot.beforeWrite(entry.key, entry.hash, entry);
        }
        if (entry instanceof ExpiringEntry expiringEntry) {
            expiringEntry.expireAt = expireAt;
        } else {
            ExpiringEntry replacement = new ExpiringEntry(entry.key, entry.hash, entry.value,
                    entry.accessSeconds, expireAt);
            table.replace(entry, replacement);
            indexExpiring(replacement);
        }
        signalModified(key);
        return true;
    }

    /** Removes the time to live of {@code key}; true if it had one. */
    public boolean persist(byte[] key) {
        Entry entry = entry(key);
        if (!(entry instanceof ExpiringEntry expiringEntry)) {
            return false;
        }
        if (snapshot != null) {
            snapshot.beforeWrite(entry.key, entry.hash, entry);
        }
        Entry replacement = new Entry(entry.key, entry.hash, entry.value, entry.accessSeconds);
        table.replace(entry, replacement);
        unindexExpiring(expiringEntry);
        signalModified(key);
        return true;
    }

    /** A random live key, or null when the database is empty. */
    public byte[] randomKey() {
        for (int attempts = 0; table.size() > 0; attempts++) {
            Entry entry = table.randomEntry();
            if (!hasExpired(entry)) {
                return entry.key;
            }
            if (attempts >= 100 && expiringCount == table.size()) {
                // Every key has a TTL and we keep drawing expired ones: answer one anyway,
                // as Redis does, rather than loop for a long time.
                return entry.key;
            }
            if (expiry.keepsExpired()) {
                continue;
            }
            expire(entry);
        }
        return null;
    }

    /**
     * One step of a SCAN: visits the live entries of the buckets at {@code cursor} and
     * returns the next cursor, 0 when the iteration is complete.
     */
    public long scan(long cursor, Consumer<Entry> visitor) {
        long now = clock.now();
        return table.scan(cursor, entry -> {
            if (!entry.isExpiredAt(now)) {
                visitor.accept(entry);
            }
        });
    }

    /** Visits every live entry; the visitor must not modify the database. */
    public void forEachLive(Consumer<Entry> visitor) {
        long now = clock.now();
        table.forEach(entry -> {
            if (!entry.isExpiredAt(now)) {
                visitor.accept(entry);
            }
        });
    }

    /** Removes every key and returns how many there were. */
    public int clear() {
        // A running snapshot keeps walking the old table, which nothing writes to any more.
        snapshot = null;
        signalWatchedKeysIn(table, null);
        int removed = table.size();
        table = new KeyTable();
        expiring = NO_EXPIRING;
        expiringCount = 0;
        return removed;
    }

    /** Starts the walk of {@code scan} over the current table and intercepts writes for it. */
    SnapshotScan.TableScan startSnapshot(SnapshotScan scan) {
        snapshot = scan.scanOf(index, table, table.size(), expiringCount);
        return snapshot;
    }

    void snapshotFinished() {
        snapshot = null;
    }

    /** Exchanges the whole contents with another database (SWAPDB). */
    void swapContents(Database other) {
        signalWatchedKeysIn(table, other.table);
        other.signalWatchedKeysIn(other.table, table);
        SnapshotScan.TableScan otherSnapshot = other.snapshot;
        other.snapshot = snapshot;
        snapshot = otherSnapshot;
        KeyTable otherTable = other.table;
        ExpiringEntry[] otherExpiring = other.expiring;
        int otherCount = other.expiringCount;
        other.table = table;
        other.expiring = expiring;
        other.expiringCount = expiringCount;
        table = otherTable;
        expiring = otherExpiring;
        expiringCount = otherCount;
    }

    /**
     * Samples up to {@code samples} keys with a time to live and deletes the expired ones.
     *
     * @return the number of keys deleted
     */
    int expireSample(int samples) {
        if (expiringCount == 0 || expiry.suspended() || expiry.keepsExpired()) {
            return 0;
        }
        long now = clock.now();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int expired = 0;
        for (int i = 0; i < samples && expiringCount > 0; i++) {
            ExpiringEntry entry = expiring[random.nextInt(expiringCount)];
            if (entry.isExpiredAt(now)) {
                expire(entry);
                expired++;
            }
        }
        return expired;
    }

    /**
     * The average remaining time to live in milliseconds of the keys that have one, estimated
     * from a sample of {@code samples} of them, as INFO keyspace's {@code avg_ttl}; 0 if none.
     */
    public long averageTtl(int samples) {
        long[] count = new long[1];
        long sum = sampleTtlSum(samples, clock.now(), count);
        return count[0] == 0 ? 0 : sum / count[0];
    }

    /** Sum of the remaining time to live of a sample of keys, for the average TTL statistic. */
    long sampleTtlSum(int samples, long now, long[] countOut) {
        long sum = 0;
        int taken = 0;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < samples && expiringCount > 0; i++) {
            long ttl = expiring[random.nextInt(expiringCount)].expireAt - now;
            if (ttl > 0) {
                sum += ttl;
                taken++;
            }
        }
        countOut[0] = taken;
        return sum;
    }

    /**
     * Tells whoever watches {@code key} that it changed. Writes through this class signal on
     * their own; a command that changes a value in place (a list push, a hash field) calls it.
     */
    public void signalModified(byte[] key) {
        if (watchers != null) {
            List<KeyWatch> watching = watchers.get(new ByteKey(key));
            if (watching != null) {
                for (KeyWatch watch : watching) {
                    watch.keyModified(this, key);
                }
            }
        }
    }

    /**
     * Tells the clients blocked on {@code key}, if any, that it may have something for them.
     * Setting or deleting a key signals on its own (a deleted stream wakes its XREADGROUP
     * waiters); a command that adds data to an existing value a client can wait on while it
     * exists (XADD to a stream) calls it.
     */
    public void signalReady(byte[] key) {
        if (waiters != null) {
            waiters.keyReady(this, key);
        }
    }

    void contentsReplaced() {
        if (waiters != null) {
            waiters.contentsReplaced(this);
        }
    }

    /** Set by the blocking registry while clients wait on keys of this database; null when none do. */
    public void waiters(KeyWaiters waiters) {
        this.waiters = waiters;
    }

    /** Flushing or swapping contents changes every watched key that exists on either side. */
    private void signalWatchedKeysIn(KeyTable current, KeyTable replacement) {
        if (watchers == null) {
            return;
        }
        for (Map.Entry<ByteKey, List<KeyWatch>> watched : new ArrayList<>(watchers.entrySet())) {
            byte[] key = watched.getKey().bytes();
            int hash = KeyHasher.hash(key);
            if (current.find(key, hash) != null || (replacement != null && replacement.find(key, hash) != null)) {
                for (KeyWatch watch : List.copyOf(watched.getValue())) {
                    watch.keyModified(this, key);
                }
            }
        }
    }

    /** How many distinct keys of this database clients WATCH. */
    public int watchedKeyCount() {
        return watchers == null ? 0 : watchers.size();
    }

    void addWatcher(byte[] key, KeyWatch watch) {
        if (watchers == null) {
            watchers = new HashMap<>();
        }
        watchers.computeIfAbsent(new ByteKey(key), k -> new ArrayList<>(2)).add(watch);
    }

    void removeWatcher(byte[] key, KeyWatch watch) {
        ByteKey byteKey = new ByteKey(key);
        List<KeyWatch> watching = watchers.get(byteKey);
        watching.remove(watch);
        if (watching.isEmpty()) {
            watchers.remove(byteKey);
            if (watchers.isEmpty()) {
                watchers = null;
            }
        }
    }

    /** True if {@code key} is still stored but past its time (not yet deleted by expiry). */
    boolean isLogicallyExpired(byte[] key) {
        Entry entry = table.find(key, KeyHasher.hash(key));
        return entry != null && hasExpired(entry);
    }

    boolean containsPhysically(byte[] key) {
        return table.find(key, KeyHasher.hash(key)) != null;
    }

    /** Reads the clock only for keys with a time to live, which most lookups are not. */
    private boolean hasExpired(Entry entry) {
        return entry instanceof ExpiringEntry && entry.isExpiredAt(clock.now()) && !expiry.suspended();
    }

    private void expire(Entry entry) {
        removeEntry(entry);
        stats.expiredKeys++;
        expiry.expired(index, entry.key);
        events.notify(KeyspaceEventClasses.EXPIRED, "expired", entry.key, index);
    }

    private void removeEntry(Entry entry) {
        if (snapshot != null) {
            snapshot.beforeWrite(entry.key, entry.hash, entry);
        }
        table.remove(entry);
        if (entry instanceof ExpiringEntry expiringEntry) {
            unindexExpiring(expiringEntry);
        }
        signalModified(entry.key);
        signalReady(entry.key);
    }

    private Entry newEntry(byte[] key, int hash, Object value, long expireAt) {
        return expireAt == Entry.NO_EXPIRY
                ? new Entry(key, hash, value, clock.seconds())
                : new ExpiringEntry(key, hash, value, clock.seconds(), expireAt);
    }

    private void indexExpiring(ExpiringEntry entry) {
        if (expiringCount == expiring.length) {
            expiring = Arrays.copyOf(expiring, Math.max(16, expiringCount * 2));
        }
        entry.expiryIndexSlot = expiringCount;
        expiring[expiringCount++] = entry;
    }

    private void unindexExpiring(ExpiringEntry entry) {
        int slot = entry.expiryIndexSlot;
        ExpiringEntry last = expiring[--expiringCount];
        expiring[slot] = last;
        last.expiryIndexSlot = slot;
        expiring[expiringCount] = null;
        if (expiring.length > 64 && expiringCount < expiring.length / 4) {
            expiring = Arrays.copyOf(expiring, expiring.length / 2);
        }
    }

    /**
     * The mean remaining time to live of the keys that have one, in milliseconds (0 if
     * none): exact up to {@code maxSamples} such keys, estimated from a random sample beyond.
     */
    long averageTtlMillis(int maxSamples) {
        if (expiringCount == 0 || expiry.suspended() || expiry.keepsExpired()) {
            return 0;
        }
        long now = clock.now();
        int samples = Math.min(expiringCount, maxSamples);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long totalTtl = 0;
        for (int i = 0; i < samples; i++) {
            ExpiringEntry entry = expiring[samples == expiringCount ? i : random.nextInt(expiringCount)];
            totalTtl += Math.max(0, entry.expireAt - now);
        }
        return totalTtl / samples;
    }
}
