package dev.cinnabar.store;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * The {@code hashtable} encoding of hashes and sets, built for memory and for few cache
 * misses per lookup: the elements (a hash's fields with their values beside them) live in one
 * dense array, and an open-addressing table of {@code long} slots finds them, each slot
 * holding an element's hash and its index, so a lookup reads one slot, then the element.
 * Collisions probe the next slots (linear probing); removal shifts the following slots back
 * instead of leaving tombstones, and moves the last element into the hole, which keeps the
 * array dense and makes a uniformly random element one {@code nextInt} away.
 *
 * <p>{@link #scan} walks home slots with Redis's reverse-binary cursor, returning with each
 * home slot the elements whose hash leads there (they sit in the run of occupied slots that
 * starts at it): an element present for a whole iteration is returned at least once even if
 * the table grows or shrinks between calls, because its home depends only on its hash and
 * the table size.
 *
 * <p>Elements and values are never changed in place, so a copy can share them.
 */
final class ElementTable {

    private static final int MIN_SLOTS = 8;
    private static final int MAX_SLOTS = 1 << 30;
    private static final int MIN_CAPACITY = 4;

    /** Elements, or a hash's fields and values alternately ({@link #stride} 2). */
    private byte[][] entries;
    private final int stride;
    /** An element's hash in the high half and its index + 1 in the low half; 0 is a free slot. */
    private long[] slots;
    private int size;

    ElementTable(boolean withValues, int expectedSize) {
        stride = withValues ? 2 : 1;
        entries = new byte[Math.max(MIN_CAPACITY, expectedSize) * stride][];
        slots = new long[slotsFor(expectedSize)];
    }

    private ElementTable(ElementTable source) {
        stride = source.stride;
        entries = source.entries.clone();
        slots = source.slots.clone();
        size = source.size;
    }

    ElementTable copy() {
        return new ElementTable(this);
    }

    int size() {
        return size;
    }

    byte[] element(int index) {
        return entries[index * stride];
    }

    byte[] value(int index) {
        return entries[index * 2 + 1];
    }

    void setValue(int index, byte[] value) {
        entries[index * 2 + 1] = value;
    }

    /** Index of {@code element}, or -1. */
    int find(byte[] element) {
        return find(element, KeyHasher.hash(element));
    }

    private int find(byte[] element, int hash) {
        long[] table = slots;
        int mask = table.length - 1;
        for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
            long occupant = table[slot];
            if (occupant == 0) {
                return -1;
            }
            if ((int) (occupant >>> 32) == hash) {
                int index = (int) occupant - 1;
                if (Arrays.equals(entries[index * stride], element)) {
                    return index;
                }
            }
        }
    }

    /** Adds {@code element} if absent (with {@code value} for a hash); false if it was present. */
    boolean add(byte[] element, byte[] value) {
        int hash = KeyHasher.hash(element);
        if (find(element, hash) >= 0) {
            return false;
        }
        append(element, value, hash);
        return true;
    }

    /** Sets a hash field; true if the field is new. */
    boolean put(byte[] field, byte[] value) {
        int hash = KeyHasher.hash(field);
        int index = find(field, hash);
        if (index >= 0) {
            entries[index * 2 + 1] = value;
            return false;
        }
        append(field, value, hash);
        return true;
    }

    /** Adds an element known to be absent, such as one copied from another encoding. */
    void addAbsent(byte[] element, byte[] value) {
        append(element, value, KeyHasher.hash(element));
    }

    private void append(byte[] element, byte[] value, int hash) {
        if ((size + 1) * stride > entries.length) {
            resizeEntries(size + (size >> 1) + 1);
        }
        int index = size++;
        entries[index * stride] = element;
        if (stride == 2) {
            entries[index * 2 + 1] = value;
        }
        // At most three in four slots are taken, so probes stay short.
        if (size > slots.length - (slots.length >> 2) && slots.length < MAX_SLOTS) {
            rehash(slots.length << 1);
        }
        insert(slots, ((long) hash << 32) | (index + 1));
    }

    private static void insert(long[] table, long occupant) {
        int mask = table.length - 1;
        int slot = (int) (occupant >>> 32) & mask;
        while (table[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        table[slot] = occupant;
    }

    boolean remove(byte[] element) {
        int index = find(element);
        if (index < 0) {
            return false;
        }
        removeAt(index);
        return true;
    }

    /** Removes the element at {@code index}; the last element takes its index. */
    void removeAt(int index) {
        freeSlot(slotOf(index));
        int last = size - 1;
        if (index != last) {
            int moved = slotOf(last);
            slots[moved] = (slots[moved] & 0xFFFF_FFFF_0000_0000L) | (index + 1);
            System.arraycopy(entries, last * stride, entries, index * stride, stride);
        }
        Arrays.fill(entries, last * stride, last * stride + stride, null);
        size = last;
        if (slots.length > MIN_SLOTS && size < slots.length / 8) {
            rehash(slotsFor(size));
        }
        if (entries.length > MIN_CAPACITY * stride && size * stride < entries.length / 4) {
            resizeEntries(Math.max(MIN_CAPACITY, size + (size >> 1)));
        }
    }

    /** The slot that holds {@code index}. */
    private int slotOf(int index) {
        int mask = slots.length - 1;
        int slot = KeyHasher.hash(entries[index * stride]) & mask;
        while ((int) slots[slot] != index + 1) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    /**
     * Empties {@code slot}, then moves back each following occupant of the run that would no
     * longer be reachable from its home slot, so that lookups never need tombstones.
     */
    private void freeSlot(int slot) {
        long[] table = slots;
        int mask = table.length - 1;
        int hole = slot;
        for (int probe = (hole + 1) & mask; table[probe] != 0; probe = (probe + 1) & mask) {
            int home = (int) (table[probe] >>> 32) & mask;
            // The occupant may fill the hole unless its home lies cyclically in (hole, probe].
            boolean homeAfterHole = hole <= probe ? home > hole && home <= probe : home > hole || home <= probe;
            if (!homeAfterHole) {
                table[hole] = table[probe];
                hole = probe;
            }
        }
        table[hole] = 0;
    }

    private void resizeEntries(int capacity) {
        entries = Arrays.copyOf(entries, capacity * stride);
    }

    private void rehash(int slotCount) {
        if (slotCount == slots.length) {
            return;
        }
        long[] rehashed = new long[slotCount];
        for (long occupant : slots) {
            if (occupant != 0) {
                insert(rehashed, occupant);
            }
        }
        slots = rehashed;
    }

    /** Enough slots for {@code elementCount} elements to fill at most three in four. */
    private static int slotsFor(int elementCount) {
        int count = MIN_SLOTS;
        while (count - (count >> 2) < elementCount && count < MAX_SLOTS) {
            count <<= 1;
        }
        return count;
    }

    /**
     * Visits the indexes of the elements whose home is the slot at {@code cursor} and returns
     * the next cursor, 0 when the iteration is complete. The visitor must not modify the table.
     */
    long scan(long cursor, IntConsumer visitor) {
        if (size == 0) {
            return 0;
        }
        long[] table = slots;
        int mask = table.length - 1;
        int home = (int) (cursor & mask);
        for (int slot = home; table[slot] != 0; slot = (slot + 1) & mask) {
            if (((int) (table[slot] >>> 32) & mask) == home) {
                visitor.accept((int) table[slot] - 1);
            }
        }
        long v = cursor | ~(long) mask;
        v = Long.reverse(v);
        v++;
        return Long.reverse(v);
    }

    /** Bytes held by the table's own arrays, without the elements and values. */
    long structureBytes() {
        return ObjectSizes.referenceArray(entries.length) + ObjectSizes.longArray(slots.length);
    }

    int bucketCount() {
        return slots.length;
    }
}
