package dev.cinnabar.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The {@code intset} encoding of a set whose members are all integers: a sorted array of
 * longs, searched by bisection, as Redis's intset is.
 */
final class IntSet {

    private static final int INITIAL_CAPACITY = 4;

    private long[] members;
    private int size;

    IntSet() {
        members = new long[INITIAL_CAPACITY];
    }

    private IntSet(IntSet source) {
        members = Arrays.copyOf(source.members, Math.max(INITIAL_CAPACITY, source.size));
        size = source.size;
    }

    IntSet copy() {
        return new IntSet(this);
    }

    int size() {
        return size;
    }

    long get(int index) {
        return members[index];
    }

    boolean contains(long member) {
        return Arrays.binarySearch(members, 0, size, member) >= 0;
    }

    boolean add(long member) {
        int found = Arrays.binarySearch(members, 0, size, member);
        if (found >= 0) {
            return false;
        }
        int insertAt = -found - 1;
        if (size == members.length) {
            members = Arrays.copyOf(members, size + Math.max(INITIAL_CAPACITY, size >> 1));
        }
        System.arraycopy(members, insertAt, members, insertAt + 1, size - insertAt);
        members[insertAt] = member;
        size++;
        return true;
    }

    boolean remove(long member) {
        int found = Arrays.binarySearch(members, 0, size, member);
        if (found < 0) {
            return false;
        }
        removeAt(found);
        return true;
    }

    void removeAt(int index) {
        System.arraycopy(members, index + 1, members, index, size - index - 1);
        size--;
        if (members.length > INITIAL_CAPACITY && size < members.length / 4) {
            members = Arrays.copyOf(members, Math.max(INITIAL_CAPACITY, size + (size >> 1)));
        }
    }

    /** Keeps only the members whose index is not marked, in one pass. */
    void removeMarked(boolean[] marked) {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (!marked[i]) {
                members[kept++] = members[i];
            }
        }
        size = kept;
    }

    long memoryBytes() {
        return ObjectSizes.longArray(members.length);
    }

    /**
     * True if {@code bytes} are an integer as Redis writes one (optional '-', no leading
     * zeros, no '+', within 64 bits), so that a member stored as a number reads back the same.
     */
    static boolean isInteger(byte[] bytes) {
        int length = bytes.length;
        if (length == 0 || length > 20) {
            return false;
        }
        int i = bytes[0] == '-' ? 1 : 0;
        if (i == length) {
            return false;
        }
        if (bytes[i] == '0') {
            return length == 1;
        }
        long value = 0;
        for (; i < length; i++) {
            int digit = bytes[i] - '0';
            if (digit < 0 || digit > 9) {
                return false;
            }
            // accumulated negatively so that Long.MIN_VALUE fits
            if (value < (Long.MIN_VALUE + digit) / 10) {
                return false;
            }
            value = value * 10 - digit;
        }
        return bytes[0] == '-' || value != Long.MIN_VALUE;
    }

    /** The value of bytes that {@link #isInteger} accepted. */
    static long parse(byte[] bytes) {
        boolean negative = bytes[0] == '-';
        long value = 0;
        for (int i = negative ? 1 : 0; i < bytes.length; i++) {
            value = value * 10 - (bytes[i] - '0');
        }
        return negative ? value : -value;
    }

    static byte[] format(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }
}
