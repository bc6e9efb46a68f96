package dev.cinnabar.persistence.rdb;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable byte buffer with the RDB format's encoders: lengths, strings (integer-encoded
 * or LZF-compressed where Redis would), little-endian numbers.
 */
public final class RdbBuffer {

    /** Redis compresses strings longer than this when rdbcompression is on. */
    private static final int COMPRESSION_THRESHOLD = 20;
    /** Redis tries the integer encoding for strings up to this length. */
    private static final int INTEGER_ENCODING_MAX_LENGTH = 11;

    private byte[] bytes;
    private int size;
    private final boolean compression;
    private byte[] compressionScratch = new byte[0];
    private int[] compressionTable;

    public RdbBuffer(int initialCapacity, boolean compression) {
        this.bytes = new byte[Math.max(16, initialCapacity)];
        this.compression = compression;
    }

    /** Whether long strings are LZF-compressed (rdbcompression). */
    public boolean compression() {
        return compression;
    }

    public int size() {
        return size;
    }

    public void clear() {
        size = 0;
    }

    /** The bytes written so far, copied. */
    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    /** The backing array; bytes {@code [0, size())} are the content. */
    byte[] array() {
        return bytes;
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(bytes, 0, size);
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            long wanted = Math.max((long) bytes.length * 2, (long) size + more);
            bytes = Arrays.copyOf(bytes, (int) Math.min(wanted, Integer.MAX_VALUE - 8));
        }
    }

    public void writeByte(int value) {
        ensure(1);
        bytes[size++] = (byte) value;
    }

    public void writeBytes(byte[] data, int offset, int length) {
        ensure(length);
        System.arraycopy(data, offset, bytes, size, length);
        size += length;
    }

    public void writeBytes(byte[] data) {
        writeBytes(data, 0, data.length);
    }

    public void writeLength(long length) {
        ensure(9);
        if (length >= 0 && length < (1 << 6)) {
            bytes[size++] = (byte) length;
        } else if (length >= 0 && length < (1 << 14)) {
            bytes[size++] = (byte) ((length >>> 8) | 0x40);
            bytes[size++] = (byte) length;
        } else if (length >= 0 && length <= 0xffffffffL) {
            bytes[size++] = (byte) 0x80;
            writeBigEndian(length, 4);
        } else {
            bytes[size++] = (byte) 0x81;
            writeBigEndian(length, 8);
        }
    }

    private void writeBigEndian(long value, int count) {
        for (int i = count - 1; i >= 0; i--) {
            bytes[size++] = (byte) (value >>> (8 * i));
        }
    }

    public void writeInt64LittleEndian(long value) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            bytes[size++] = (byte) (value >>> (8 * i));
        }
    }

    public void writeInt32LittleEndian(int value) {
        ensure(4);
        for (int i = 0; i < 4; i++) {
            bytes[size++] = (byte) (value >>> (8 * i));
        }
    }

    public void writeBinaryDouble(double value) {
        writeInt64LittleEndian(Double.doubleToRawLongBits(value));
    }

    public void writeString(byte[] data) {
        writeString(data, 0, data.length);
    }

    /** A string as Redis saves it: as an integer if it is one that fits 32 bits, compressed if that pays. */
    public void writeString(byte[] data, int offset, int length) {
        if (length <= INTEGER_ENCODING_MAX_LENGTH && length > 0 && writeAsInteger(data, offset, length)) {
            return;
        }
        if (compression && length > COMPRESSION_THRESHOLD && writeCompressed(data, offset, length)) {
            return;
        }
        writeLength(length);
        writeBytes(data, offset, length);
    }

    private boolean writeAsInteger(byte[] data, int offset, int length) {
        long value = canonicalInteger(data, offset, length);
        if (value == Long.MIN_VALUE) {
            return false;
        }
        ensure(5);
        if (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE) {
            bytes[size++] = (byte) (0xc0 | RdbFormat.ENC_INT8);
            bytes[size++] = (byte) value;
        } else if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
            bytes[size++] = (byte) (0xc0 | RdbFormat.ENC_INT16);
            bytes[size++] = (byte) value;
            bytes[size++] = (byte) (value >>> 8);
        } else if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
            bytes[size++] = (byte) (0xc0 | RdbFormat.ENC_INT32);
            writeInt32LittleEndian((int) value);
        } else {
            return false;
        }
        return true;
    }

    /**
     * The value of a decimal integer written exactly as Redis formats it (no sign on zero, no
     * leading zeros, no plus sign), or {@link Long#MIN_VALUE} if the bytes are not one.
     */
    static long canonicalInteger(byte[] data, int offset, int length) {
        if (length == 0 || length > 20) {
            return Long.MIN_VALUE;
        }
        int i = offset;
        int end = offset + length;
        boolean negative = data[i] == '-';
        if (negative) {
            i++;
            if (i == end) {
                return Long.MIN_VALUE;
            }
        }
        if (data[i] == '0') {
            return (i + 1 == end && !negative) ? 0 : Long.MIN_VALUE;
        }
        long value = 0;
        for (; i < end; i++) {
            int digit = data[i] - '0';
            if (digit < 0 || digit > 9) {
                return Long.MIN_VALUE;
            }
            if (value < (Long.MIN_VALUE + digit) / 10) {
                return Long.MIN_VALUE;
            }
            value = value * 10 - digit;
        }
        if (negative) {
            return value;
        }
        return value == Long.MIN_VALUE ? Long.MIN_VALUE : -value;
    }

    private boolean writeCompressed(byte[] data, int offset, int length) {
        int limit = length - 4;
        if (compressionScratch.length < limit) {
            compressionScratch = new byte[Math.max(limit, compressionScratch.length * 2)];
        }
        if (compressionTable == null) {
            compressionTable = Lzf.newTable();
        }
        int compressed = Lzf.compress(data, offset, length, compressionScratch, limit, compressionTable);
        if (compressed == 0) {
            return false;
        }
        writeByte(0xc0 | RdbFormat.ENC_LZF);
        writeLength(compressed);
        writeLength(length);
        writeBytes(compressionScratch, 0, compressed);
        return true;
    }
}
