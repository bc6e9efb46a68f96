package dev.cinnabar.store;

import java.util.Arrays;

/**
 * The {@code listpack} encoding of a small hash: every field and value in one byte array,
 * each written as a varint length and its bytes, field then value, in insertion order (the
 * order Redis's listpack keeps and HGETALL shows). Lookups scan it, which is cheap at the
 * sizes the encoding is kept for. An entry is named by its byte offset, its position.
 */
final class PackedHash {

    private static final int INITIAL_CAPACITY = 32;

    private byte[] data;
    private int used;
    private int count;

    PackedHash() {
        data = new byte[INITIAL_CAPACITY];
    }

    private PackedHash(PackedHash source) {
        data = Arrays.copyOf(source.data, source.used);
        used = source.used;
        count = source.count;
    }

    PackedHash copy() {
        return new PackedHash(this);
    }

    int size() {
        return count;
    }

    byte[] data() {
        return data;
    }

    /** Position of the first entry, or -1 when empty. */
    int first() {
        return used == 0 ? -1 : 0;
    }

    /** Position of the entry after {@code position}, or -1 after the last. */
    int next(int position) {
        int end = valueOffset(position) + valueLength(position);
        return end == used ? -1 : end;
    }

    int fieldOffset(int position) {
        return position + varintSize(data, position);
    }

    int fieldLength(int position) {
        return readVarint(data, position);
    }

    private int valueHeader(int position) {
        return fieldOffset(position) + fieldLength(position);
    }

    int valueOffset(int position) {
        int header = valueHeader(position);
        return header + varintSize(data, header);
    }

    int valueLength(int position) {
        return readVarint(data, valueHeader(position));
    }

    /** Position of {@code field}, or -1. */
    int find(byte[] field) {
        int position = 0;
        while (position < used) {
            int length = readVarint(data, position);
            int offset = position + varintSize(data, position);
            if (length == field.length
                    && Arrays.equals(data, offset, offset + length, field, 0, length)) {
                return position;
            }
            int header = offset + length;
            position = header + varintSize(data, header) + readVarint(data, header);
        }
        return -1;
    }

    /** Sets {@code field} to {@code value}; true if the field is new. */
    boolean put(byte[] field, byte[] value) {
        int position = find(field);
        if (position >= 0) {
            int header = valueHeader(position);
            int end = valueOffset(position) + valueLength(position);
            replace(header, end, value);
            return false;
        }
        int start = used;
        int needed = varintSize(field.length) + field.length + varintSize(value.length) + value.length;
        ensureCapacity(used + needed);
        int at = writeVarint(data, start, field.length);
        System.arraycopy(field, 0, data, at, field.length);
        at += field.length;
        at = writeVarint(data, at, value.length);
        System.arraycopy(value, 0, data, at, value.length);
        used = at + value.length;
        count++;
        return true;
    }

    /** Replaces bytes {@code [start, end)} with the length-prefixed {@code value}. */
    private void replace(int start, int end, byte[] value) {
        int replacement = varintSize(value.length) + value.length;
        int shift = replacement - (end - start);
        if (shift != 0) {
            ensureCapacity(used + shift);
            System.arraycopy(data, end, data, end + shift, used - end);
            used += shift;
        }
        int at = writeVarint(data, start, value.length);
        System.arraycopy(value, 0, data, at, value.length);
    }

    boolean remove(byte[] field) {
        int position = find(field);
        if (position < 0) {
            return false;
        }
        removeAt(position);
        return true;
    }

    void removeAt(int position) {
        int end = valueOffset(position) + valueLength(position);
        System.arraycopy(data, end, data, position, used - end);
        used -= end - position;
        count--;
        if (data.length > INITIAL_CAPACITY && used < data.length / 4) {
            data = Arrays.copyOf(data, Math.max(INITIAL_CAPACITY, used + (used >> 1)));
        }
    }

    private void ensureCapacity(int capacity) {
        if (capacity > data.length) {
            data = Arrays.copyOf(data, Math.max(capacity, data.length + (data.length >> 1)));
        }
    }

    long memoryBytes() {
        return ObjectSizes.byteArray(data.length);
    }

    private static int varintSize(int value) {
        int size = 1;
        while ((value >>>= 7) != 0) {
            size++;
        }
        return size;
    }

    private static int varintSize(byte[] bytes, int offset) {
        int size = 1;
        while (bytes[offset + size - 1] < 0) {
            size++;
        }
        return size;
    }

    private static int readVarint(byte[] bytes, int offset) {
        int value = 0;
        int shift = 0;
        byte b;
        do {
            b = bytes[offset++];
            value |= (b & 0x7F) << shift;
            shift += 7;
        } while (b < 0);
        return value;
    }

    /** Writes {@code value} at {@code offset} and returns the offset after it. */
    private static int writeVarint(byte[] bytes, int offset, int value) {
        while ((value & ~0x7F) != 0) {
            bytes[offset++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        bytes[offset++] = (byte) value;
        return offset;
    }
}
