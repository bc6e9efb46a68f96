package dev.cinnabar.persistence.rdb;

import java.util.Arrays;

/**
 * Builds a listpack, the blob Redis 7 keeps small lists, hashes, sorted sets and stream
 * nodes in: a 6-byte header (total bytes, element count), elements each with the smallest
 * encoding that holds them (strings that are canonical integers become integers, as Redis
 * stores them) followed by their length backwards, and an end byte.
 */
final class ListpackBuilder {

    private static final int HEADER = 6;
    private static final int END = 0xff;

    private byte[] bytes = new byte[256];
    private int size = HEADER;
    private int count;

    int count() {
        return count;
    }

    /** Bytes the listpack would take if finished now. */
    int byteSize() {
        return size + 1;
    }

    void reset() {
        size = HEADER;
        count = 0;
    }

    void appendString(byte[] data, int offset, int length) {
        long integer = RdbBuffer.canonicalInteger(data, offset, length);
        if (integer != Long.MIN_VALUE) {
            appendInteger(integer);
            return;
        }
        ensure(length + 10);
        int start = size;
        if (length < 64) {
            bytes[size++] = (byte) (0x80 | length);
        } else if (length < 4096) {
            bytes[size++] = (byte) (0xe0 | (length >>> 8));
            bytes[size++] = (byte) length;
        } else {
            bytes[size++] = (byte) 0xf0;
            for (int i = 0; i < 4; i++) {
                bytes[size++] = (byte) (length >>> (8 * i));
            }
        }
        System.arraycopy(data, offset, bytes, size, length);
        size += length;
        appendBacklen(size - start);
    }

    void appendString(byte[] data) {
        appendString(data, 0, data.length);
    }

    void appendInteger(long value) {
        ensure(16);
        int start = size;
        if (value >= 0 && value <= 127) {
            bytes[size++] = (byte) value;
        } else if (value >= -4096 && value <= 4095) {
            long encoded = value < 0 ? (1 << 13) + value : value;
            bytes[size++] = (byte) ((encoded >>> 8) | 0xc0);
            bytes[size++] = (byte) encoded;
        } else if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
            bytes[size++] = (byte) 0xf1;
            littleEndian(value, 2);
        } else if (value >= -(1 << 23) && value <= (1 << 23) - 1) {
            bytes[size++] = (byte) 0xf2;
            littleEndian(value, 3);
        } else if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
            bytes[size++] = (byte) 0xf3;
            littleEndian(value, 4);
        } else {
            bytes[size++] = (byte) 0xf4;
            littleEndian(value, 8);
        }
        appendBacklen(size - start);
    }

    /** Appends every element of {@code other}. */
    void appendBuilt(ListpackBuilder other) {
        int length = other.size - HEADER;
        ensure(length);
        System.arraycopy(other.bytes, HEADER, bytes, size, length);
        size += length;
        count += other.count;
    }

    private void littleEndian(long value, int count) {
        for (int i = 0; i < count; i++) {
            bytes[size++] = (byte) (value >>> (8 * i));
        }
    }

    /** The entry's length, written so that it can be read from its last byte backwards. */
    private void appendBacklen(int length) {
        if (length <= 127) {
            bytes[size++] = (byte) length;
        } else if (length < 16383) {
            bytes[size++] = (byte) (length >>> 7);
            bytes[size++] = (byte) ((length & 127) | 128);
        } else if (length < 2097151) {
            bytes[size++] = (byte) (length >>> 14);
            bytes[size++] = (byte) (((length >>> 7) & 127) | 128);
            bytes[size++] = (byte) ((length & 127) | 128);
        } else if (length < 268435455) {
            bytes[size++] = (byte) (length >>> 21);
            bytes[size++] = (byte) (((length >>> 14) & 127) | 128);
            bytes[size++] = (byte) (((length >>> 7) & 127) | 128);
            bytes[size++] = (byte) ((length & 127) | 128);
        } else {
            bytes[size++] = (byte) (length >>> 28);
            bytes[size++] = (byte) (((length >>> 21) & 127) | 128);
            bytes[size++] = (byte) (((length >>> 14) & 127) | 128);
            bytes[size++] = (byte) (((length >>> 7) & 127) | 128);
            bytes[size++] = (byte) ((length & 127) | 128);
        }
        count++;
    }

    private void ensure(int more) {
        if (size + more + 1 > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more + 1));
        }
    }

    /** Finishes the listpack and writes it to {@code out} as one RDB string. */
    void writeTo(RdbBuffer out) {
        ensure(0);
        bytes[size] = (byte) END;
        int total = size + 1;
        for (int i = 0; i < 4; i++) {
            bytes[i] = (byte) (total >>> (8 * i));
        }
        int header = Math.min(count, 0xffff);
        bytes[4] = (byte) header;
        bytes[5] = (byte) (header >>> 8);
        out.writeString(bytes, 0, total);
    }
}
