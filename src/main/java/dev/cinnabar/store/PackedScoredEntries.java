package dev.cinnabar.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The compact encoding of a small sorted set (Redis's listpack): every entry packed into one
 * byte array, in order, as {@code [score: 8 bytes][member length: varint][member bytes]}.
 * Lookups walk the entries, which for the few entries this encoding holds is as fast as a hash.
 */
final class PackedScoredEntries {

    private static final VarHandle DOUBLES = MethodHandles.byteArrayViewVarHandle(double[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final byte[] EMPTY = new byte[0];

    private byte[] data = EMPTY;
    private int used;
    private int count;

    PackedScoredEntries() {
    }

    private PackedScoredEntries(PackedScoredEntries source) {
        data = Arrays.copyOf(source.data, source.used);
        used = source.used;
        count = source.count;
    }

    PackedScoredEntries copy() {
        return new PackedScoredEntries(this);
    }

    int size() {
        return count;
    }

    int bytesUsed() {
        return data.length;
    }

    byte[] data() {
        return data;
    }

    double scoreAt(int offset) {
        return (double) DOUBLES.get(data, offset);
    }

    int memberLength(int offset) {
        int position = offset + 8;
        int length = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = data[position++];
            length |= (b & 0x7F) << shift;
            if (b >= 0) {
                return length;
            }
        }
    }

    int memberOffset(int offset) {
        int position = offset + 8;
        while (data[position] < 0) {
            position++;
        }
        return position + 1;
    }

    int next(int offset) {
        return memberOffset(offset) + memberLength(offset);
    }

    /** Offset of the entry of {@code member}, or -1. */
    int find(byte[] member) {
        for (int offset = 0; offset < used; offset = next(offset)) {
            int start = memberOffset(offset);
            int length = memberLength(offset);
            if (length == member.length && Arrays.equals(data, start, start + length, member, 0, member.length)) {
                return offset;
            }
        }
        return -1;
    }

    /** Offset of the entry at {@code rank} (0-based, in range). */
    int offsetOfRank(int rank) {
        int offset = 0;
        for (int i = 0; i < rank; i++) {
            offset = next(offset);
        }
        return offset;
    }

    /** Offsets of every entry, in order: lets reverse walks go backwards. */
    int[] offsets() {
        int[] offsets = new int[count];
        int offset = 0;
        for (int i = 0; i < count; i++) {
            offsets[i] = offset;
            offset = next(offset);
        }
        return offsets;
    }

    int end() {
        return used;
    }

    /** Inserts a member known to be absent at its place in score, then member order. */
    void insert(byte[] member, double score) {
        int offset = 0;
        while (offset < used) {
            double existing = scoreAt(offset);
            if (existing > score || (existing == score && compareMemberAt(offset, member) > 0)) {
                break;
            }
            offset = next(offset);
        }
        int headerLength = 8 + varintSize(member.length);
        int entryLength = headerLength + member.length;
        if (used + entryLength > data.length) {
            data = Arrays.copyOf(data, Math.max(used + entryLength, used + (used >> 2)));
        }
        System.arraycopy(data, offset, data, offset + entryLength, used - offset);
        DOUBLES.set(data, offset, score);
        int position = offset + 8;
        int length = member.length;
        while (length >= 0x80) {
            data[position++] = (byte) (length | 0x80);
            length >>>= 7;
        }
        data[position++] = (byte) length;
        System.arraycopy(member, 0, data, position, member.length);
        used += entryLength;
        count++;
    }

    void removeAt(int offset) {
        int next = next(offset);
        System.arraycopy(data, next, data, offset, used - next);
        used -= next - offset;
        count--;
        if (used < data.length / 2) {
            data = Arrays.copyOf(data, used);
        }
    }

    int compareMemberAt(int offset, byte[] member) {
        int start = memberOffset(offset);
        return Arrays.compareUnsigned(data, start, start + memberLength(offset), member, 0, member.length);
    }

    private static int varintSize(int value) {
        int size = 1;
        while (value >= 0x80) {
            value >>>= 7;
            size++;
        }
        return size;
    }
}
