package dev.cinnabar.store;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * The hash table of one database: chained buckets in a power-of-two array that grows and
 * shrinks by incremental rehashing (each operation moves one bucket to the new array), so
 * that resizing a table of millions of keys never stalls the keyspace thread.
 *
 * <p>{@link #scan} uses Redis's reverse-binary cursor over the bucket index, which returns
 * every key present for the whole iteration at least once even while the table is resized.
 */
final class KeyTable {

    private static final int INITIAL_BUCKETS = 4;
    private static final int MAX_BUCKETS = 1 << 30;
    private static final int EMPTY_VISITS_PER_STEP = 10;

    private Entry[] main = new Entry[INITIAL_BUCKETS];
    /** The table being filled while rehashing, otherwise null. */
    private Entry[] target;
    /** Next bucket of {@link #main} to move into {@link #target}. */
    private int rehashIndex;
    private int size;

    int size() {
        return size;
    }

    Entry find(byte[] key, int hash) {
        rehashStep();
        Entry found = findIn(main, key, hash);
        if (found == null && target != null) {
            found = findIn(target, key, hash);
        }
        return found;
    }

    private static Entry findIn(Entry[] table, byte[] key, int hash) {
        for (Entry e = table[hash & (table.length - 1)]; e != null; e = e.next) {
            if (e.hash == hash && Arrays.equals(e.key, key)) {
                return e;
            }
        }
        return null;
    }

    /** Adds an entry whose key is not in the table. */
    void add(Entry entry) {
        rehashStep();
        Entry[] table = target != null ? target : main;
        int bucket = entry.hash & (table.length - 1);
        entry.next = table[bucket];
        table[bucket] = entry;
        size++;
        if (target == null && size > main.length && main.length < MAX_BUCKETS) {
            startRehash(bucketsFor(size * 2L));
        }
    }

    /** Puts {@code replacement} (same key) where {@code existing} was, keeping the chain intact. */
    void replace(Entry existing, Entry replacement) {
        if (!replaceIn(main, existing, replacement) && target != null) {
            replaceIn(target, existing, replacement);
        }
    }

    private static boolean replaceIn(Entry[] table, Entry existing, Entry replacement) {
        int bucket = existing.hash & (table.length - 1);
        Entry previous = null;
        for (Entry e = table[bucket]; e != null; previous = e, e = e.next) {
            if (e == existing) {
                replacement.next = e.next;
                if (previous == null) {
                    table[bucket] = replacement;
                } else {
                    previous.next = replacement;
                }
                return true;
            }
        }
        return false;
    }

    boolean remove(Entry entry) {
        boolean removed = removeFrom(main, entry) || (target != null && removeFrom(target, entry));
        if (removed) {
            size--;
            entry.next = null;
            if (target == null && main.length > INITIAL_BUCKETS && size * 10L < main.length) {
                startRehash(bucketsFor(size));
            }
        }
        return removed;
    }

    private static boolean removeFrom(Entry[] table, Entry entry) {
        int bucket = entry.hash & (table.length - 1);
        Entry previous = null;
        for (Entry e = table[bucket]; e != null; previous = e, e = e.next) {
            if (e == entry) {
                if (previous == null) {
                    table[bucket] = e.next;
                } else {
                    previous.next = e.next;
                }
                return true;
            }
        }
        return false;
    }

    void clear() {
        main = new Entry[INITIAL_BUCKETS];
        target = null;
        rehashIndex = 0;
        size = 0;
    }

    /** A key chosen fairly at random, or null when the table is empty. */
    Entry randomEntry() {
        if (size == 0) {
            return null;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (true) {
            Entry[] table = main;
            int bucket;
            if (target != null) {
                int span = (main.length - rehashIndex) + target.length;
                int pick = random.nextInt(span);
                if (pick < main.length - rehashIndex) {
                    bucket = rehashIndex + pick;
                } else {
                    table = target;
                    bucket = pick - (main.length - rehashIndex);
                }
            } else {
                bucket = random.nextInt(main.length);
            }
            Entry head = table[bucket];
            if (head != null) {
                int length = 0;
                for (Entry e = head; e != null; e = e.next) {
                    length++;
                }
                Entry chosen = head;
                for (int skip = random.nextInt(length); skip > 0; skip--) {
                    chosen = chosen.next;
                }
                return chosen;
            }
        }
    }

    /**
     * Visits the buckets at {@code cursor} and returns the next cursor, 0 when the iteration
     * is complete. The visitor must not modify the table.
     */
    long scan(long cursor, Consumer<Entry> visitor) {
        if (size == 0) {
            return 0;
        }
        long v = cursor;
        if (target == null) {
            long mask = main.length - 1;
            visitBucket(main, (int) (v & mask), visitor);
            return nextCursor(v, mask);
        }
        Entry[] small = main.length <= target.length ? main : target;
        Entry[] large = small == main ? target : main;
        long smallMask = small.length - 1;
        long largeMask = large.length - 1;
        visitBucket(small, (int) (v & smallMask), visitor);
        do {
            visitBucket(large, (int) (v & largeMask), visitor);
            v = nextCursor(v, largeMask);
        } while ((v & (smallMask ^ largeMask)) != 0);
        return v;
    }

    private static long nextCursor(long v, long mask) {
        v |= ~mask;
        v = Long.reverse(v);
        v++;
        return Long.reverse(v);
    }

    private static void visitBucket(Entry[] table, int bucket, Consumer<Entry> visitor) {
        for (Entry e = table[bucket]; e != null; e = e.next) {
            visitor.accept(e);
        }
    }

    /** Every entry, for whole-database work such as FLUSHDB statistics or a snapshot. */
    void forEach(Consumer<Entry> visitor) {
        for (Entry[] table : new Entry[][] {main, target}) {
            if (table != null) {
                for (Entry head : table) {
                    for (Entry e = head; e != null; ) {
                        Entry next = e.next;
                        visitor.accept(e);
                        e = next;
                    }
                }
            }
        }
    }

    private static int bucketsFor(long keys) {
        int buckets = INITIAL_BUCKETS;
        while (buckets < keys && buckets < MAX_BUCKETS) {
            buckets <<= 1;
        }
        return buckets;
    }

    private void startRehash(int buckets) {
        if (buckets == main.length) {
            return;
        }
        target = new Entry[buckets];
        rehashIndex = 0;
    }

    private void rehashStep() {
        if (target == null) {
            return;
        }
        int emptyVisits = EMPTY_VISITS_PER_STEP;
        while (rehashIndex < main.length && main[rehashIndex] == null) {
            rehashIndex++;
            if (--emptyVisits == 0) {
                return;
            }
        }
        if (rehashIndex < main.length) {
            int targetMask = target.length - 1;
            for (Entry e = main[rehashIndex]; e != null; ) {
                Entry next = e.next;
                int bucket = e.hash & targetMask;
                e.next = target[bucket];
                target[bucket] = e;
                e = next;
            }
            main[rehashIndex] = null;
            rehashIndex++;
        }
        if (rehashIndex >= main.length) {
            main = target;
            target = null;
            rehashIndex = 0;
        }
    }
}
