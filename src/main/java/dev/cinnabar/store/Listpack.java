package dev.cinnabar.store;

/**
 * Sizes of Redis's listpack encoding, for the encoding decisions Redis makes from them: an
 * element that reads as a canonical 64-bit integer is stored in 1 to 9 bytes, any other as
 * a length header and its bytes; every entry ends with its own length, written backwards.
 */
final class Listpack {

    private Listpack() {
    }

    /** The bytes the element {@code data[offset, offset + length)} takes as one listpack entry. */
    static int entryBytes(byte[] data, int offset, int length) {
        int encoded = encodedBytes(data, offset, length);
        return encoded + backLengthBytes(encoded);
    }

    private static int encodedBytes(byte[] data, int offset, int length) {
        int asInteger = integerEncodedBytes(data, offset, length);
        if (asInteger > 0) {
            return asInteger;
        }
        if (length < 64) {
            return 1 + length;
        }
        return length < 4096 ? 2 + length : 5 + length;
    }

    /**
     * The bytes of the integer encoding when the element is a canonical decimal integer ("0",
     * or an optional minus and digits without a leading zero, within 64 bits), else 0.
     */
    private static int integerEncodedBytes(byte[] data, int offset, int length) {
        if (length == 0 || length > 20) {
            return 0;
        }
        int pos = offset;
        int end = offset + length;
        boolean negative = data[pos] == '-';
        if (negative) {
            pos++;
        }
        if (pos == end) {
            return 0;
        }
        if (data[pos] == '0') {
            return length == 1 ? 1 : 0;
        }
        // Accumulated as a negative number, whose range reaches Long.MIN_VALUE.
        long value = 0;
        for (; pos < end; pos++) {
            int digit = data[pos] - '0';
            if (digit < 0 || digit > 9 || value < (Long.MIN_VALUE + digit) / 10) {
                return 0;
            }
            value = value * 10 - digit;
        }
        if (!negative) {
            if (value == Long.MIN_VALUE) {
                return 0;
            }
            value = -value;
        }
        return integerBytes(value);
    }

    private static int integerBytes(long value) {
        if (value >= 0 && value <= 127) {
            return 1;
        }
        if (value >= -4096 && value <= 4095) {
            return 2;
        }
        if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
            return 3;
        }
        if (value >= -(1 << 23) && value < 1 << 23) {
            return 4;
        }
        return value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE ? 5 : 9;
    }

    private static int backLengthBytes(int encoded) {
        if (encoded <= 127) {
            return 1;
        }
        if (encoded < 16383) {
            return 2;
        }
        if (encoded < 2097151) {
            return 3;
        }
        return encoded < 268435455 ? 4 : 5;
    }
}
