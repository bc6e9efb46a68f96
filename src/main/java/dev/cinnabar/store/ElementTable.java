package dev.cinnabar.store;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * The {@code hashtable} encoding of hashes and sets, built for memory: the elements (and a
 * hash's values) live in dense parallel arrays and are chained into power-of-two buckets by
 * {@code int} links instead of node objects, so an element costs about 16 bytes of table
 * beside its own byte arrays. Removal moves the last element into the hole, which keeps the
 * arrays dense and makes a uniformly random element one {@code nextInt} away.
 *
 * <p>{@link #scan} walks the buckets with Redis's reverse-binary cursor: an element present
 * for a whole iteration is returned at least once even if the table grows or shrinks between
 * calls, because an element's bucket depends only on its hash and the table size.
 *
 * <p>Element and value arrays are never changed in place, so a copy can share them.
 */
final class ElementTable {

    private static final int MIN_BUCKETS = 4;
    private static final int MAX_BUCKETS = 1 << 30;
    private static final int MIN_CAPACITY = 4;

    private byte[][] elements;
    /** A hash's values, parallel to {@link #elements}; null for a set. */
    private byte[][] values;
    private int[] hashes;
    /** Index + 1 of the next element in the same bucket; 0 ends the chain. */
    private int[] next;
    /** Index + 1 of the first element of each bucket; 0 for an empty bucket. */
    private int[] buckets;
    private int size;

    ElementTable(boolean withValues, int expectedSize) {
        int capacity = Math.max(MIN_CAPACITY, expectedSize);
        elements = new byte[capacity][];
        values = withValues ? new byte[capacity][] : null;
        hashes = new int[capacity];
        next = new int[capacity];
        buckets = new int[bucketsFor(expectedSize)];
    }

    private ElementTable(ElementTable source) {
        elements = source.elements.clone();
        values = source.values == null ? null : source.values.clone();
        hashes = source.hashes.clone();
        next = source.next.clone();
        buckets = source.buckets.clone();
        size = source.size;
    }

    ElementTable copy() {
        return new ElementTable(this);
    }

    int size() {
        return size;
    }

    byte[] element(int index) {
        return elements[index];
    }

    byte[] value(int index) {
        return values[index];
    }

    void setValue(int index, byte[] value) {
        values[index] = value;
    }

    /** Index of {@code element}, or -1. */
    int find(byte[] element) {
        return find(element, KeyHasher.hash(element));
    }

    private int find(byte[] element, int hash) {
        for (int i = buckets[hash & (buckets.length - 1)] - 1; i >= 0; i = next[i] - 1) {
            if (hashes[i] == hash && Arrays.equals(elements[i], element)) {
                return i;
            }
        }
        return -1;
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
            values[index] = value;
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
        if (size == elements.length) {
            resizeArrays(size + (size >> 1));
        }
        int index = size++;
        elements[index] = element;
        if (values != null) {
            values[index] = value;
        }
        hashes[index] = hash;
        int bucket = hash & (buckets.length - 1);
        next[index] = buckets[bucket];
        buckets[bucket] = index + 1;
        if (size > buckets.length && buckets.length < MAX_BUCKETS) {
            rehash(buckets.length << 1);
        }
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
        unlink(index);
        int last = size - 1;
        if (index != last) {
            relink(last, index);
            elements[index] = elements[last];
            if (values != null) {
                values[index] = values[last];
            }
            hashes[index] = hashes[last];
            next[index] = next[last];
        }
        elements[last] = null;
        if (values != null) {
            values[last] = null;
        }
        size = last;
        if (buckets.length > MIN_BUCKETS && size < buckets.length / 8) {
            rehash(bucketsFor(size));
        }
        if (elements.length > MIN_CAPACITY && size < elements.length / 4) {
            resizeArrays(Math.max(MIN_CAPACITY, size + (size >> 1)));
        }
    }

    /** Takes {@code index} out of its bucket's chain. */
    private void unlink(int index) {
        int bucket = hashes[index] & (buckets.length - 1);
        if (buckets[bucket] == index + 1) {
            buckets[bucket] = next[index];
            return;
        }
        int previous = buckets[bucket] - 1;
        while (next[previous] != index + 1) {
            previous = next[previous] - 1;
        }
        next[previous] = next[index];
    }

    /** Points the link that leads to {@code from} at {@code to}, for moving an element. */
    private void relink(int from, int to) {
        int bucket = hashes[from] & (buckets.length - 1);
        if (buckets[bucket] == from + 1) {
            buckets[bucket] = to + 1;
            return;
        }
        int previous = buckets[bucket] - 1;
        while (next[previous] != from + 1) {
            previous = next[previous] - 1;
        }
        next[previous] = to + 1;
    }

    private void resizeArrays(int capacity) {
        elements = Arrays.copyOf(elements, capacity);
        if (values != null) {
            values = Arrays.copyOf(values, capacity);
        }
        hashes = Arrays.copyOf(hashes, capacity);
        next = Arrays.copyOf(next, capacity);
    }

    private void rehash(int bucketCount) {
        if (bucketCount == buckets.length) {
            return;
        }
        int[] rehashed = new int[bucketCount];
        int mask = bucketCount - 1;
        for (int i = 0; i < size; i++) {
            int bucket = hashes[i] & mask;
            next[i] = rehashed[bucket];
            rehashed[bucket] = i + 1;
        }
        buckets = rehashed;
    }

    private static int bucketsFor(int elementCount) {
        int count = MIN_BUCKETS;
        while (count < elementCount && count < MAX_BUCKETS) {
            count <<= 1;
        }
        return count;
    }

    /**
     * Visits the indexes of the elements in the bucket at {@code cursor} and returns the next
     * cursor, 0 when the iteration is complete. The visitor must not modify the table.
     */
    long scan(long cursor, IntConsumer visitor) {
        if (size == 0) {
            return 0;
        }
        long mask = buckets.length - 1;
        for (int i = buckets[(int) (cursor & mask)] - 1; i >= 0; i = next[i] - 1) {
            visitor.accept(i);
        }
        long v = cursor | ~mask;
        v = Long.reverse(v);
        v++;
        return Long.reverse(v);
    }

    /** Bytes held by the table's own arrays, without the elements and values. */
    long structureBytes() {
        long references = ObjectSizes.referenceArray(elements.length) * (values == null ? 1 : 2);
        return references + 2 * ObjectSizes.intArray(hashes.length) + ObjectSizes.intArray(buckets.length);
    }

    int bucketCount() {
        return buckets.length;
    }
}
