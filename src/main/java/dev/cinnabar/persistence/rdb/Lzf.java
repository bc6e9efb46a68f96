package dev.cinnabar.persistence.rdb;

/**
 * The LZF format Redis uses for compressed strings in RDB files. A compressed stream is a
 * sequence of runs: a control byte below 32 starts a literal run of (control + 1) bytes; any
 * other control byte is a back reference whose top three bits are the match length minus 2
 * (7 meaning "plus the next byte") and whose low five bits, with the byte after the length,
 * are the distance back minus 1.
 */
public final class Lzf {

    private static final int HASH_BITS = 14;
    private static final int MAX_LITERAL = 32;
    private static final int MAX_OFFSET = 1 << 13;
    private static final int MAX_MATCH = 255 + 7 + 2;

    private Lzf() {
    }

    /**
     * Compresses {@code count} bytes of {@code input} from {@code offset} into {@code output};
     * returns the compressed length, or 0 if it would not fit in {@code outLimit} bytes (the
     * caller then stores the string as is). {@code table} is scratch space from
     * {@link #newTable()}, reusable without clearing: a stale entry only proposes a match that
     * the byte comparison then rejects.
     */
    public static int compress(byte[] input, int offset, int count, byte[] output, int outLimit, int[] table) {
        int inputLength = offset + count;
        int ip = offset;
        int op = 1;
        int literal = 0;
        if (outLimit < 1) {
            return 0;
        }
        while (ip < inputLength - 2) {
            int hash = hash(input, ip);
            int candidate = table[hash] - 1;
            table[hash] = ip + 1;
            int distance = ip - candidate - 1;
            if (candidate >= offset && candidate < ip && distance < MAX_OFFSET && input[candidate] == input[ip]
                    && input[candidate + 1] == input[ip + 1] && input[candidate + 2] == input[ip + 2]) {
                int maxLength = Math.min(MAX_MATCH, inputLength - ip);
                int length = 3;
                while (length < maxLength && input[candidate + length] == input[ip + length]) {
                    length++;
                }
                if (literal == 0) {
                    op--;
                } else {
                    output[op - literal - 1] = (byte) (literal - 1);
                }
                int encoded = length - 2;
                if (op + 3 + 1 > outLimit) {
                    return 0;
                }
                if (encoded < 7) {
                    output[op++] = (byte) ((distance >>> 8) + (encoded << 5));
                } else {
                    output[op++] = (byte) ((distance >>> 8) + (7 << 5));
                    output[op++] = (byte) (encoded - 7);
                }
                output[op++] = (byte) distance;
                op++;
                literal = 0;
                int end = ip + length;
                for (ip++; ip < end && ip < inputLength - 2; ip++) {
                    table[hash(input, ip)] = ip + 1;
                }
                ip = end;
            } else {
                if (op >= outLimit) {
                    return 0;
                }
                output[op++] = input[ip++];
                if (++literal == MAX_LITERAL) {
                    output[op - literal - 1] = (byte) (literal - 1);
                    literal = 0;
                    op++;
                }
            }
        }
        while (ip < inputLength) {
            if (op >= outLimit) {
                return 0;
            }
            output[op++] = input[ip++];
            if (++literal == MAX_LITERAL) {
                output[op - literal - 1] = (byte) (literal - 1);
                literal = 0;
                op++;
            }
        }
        if (literal == 0) {
            op--;
        } else {
            output[op - literal - 1] = (byte) (literal - 1);
        }
        return op > outLimit ? 0 : op;
    }

    public static int[] newTable() {
        return new int[1 << HASH_BITS];
    }

    private static int hash(byte[] input, int at) {
        int v = (input[at] & 0xff) << 16 | (input[at + 1] & 0xff) << 8 | (input[at + 2] & 0xff);
        return ((v * 0x9E3779B1) >>> (32 - HASH_BITS));
    }

    /**
     * Decompresses {@code length} bytes of {@code input} from {@code offset} into exactly
     * {@code expectedLength} bytes.
     *
     * @throws IllegalArgumentException if the data is not valid LZF of that length
     */
    public static byte[] decompress(byte[] input, int offset, int length, int expectedLength) {
        byte[] output = new byte[expectedLength];
        int ip = offset;
        int end = offset + length;
        int op = 0;
        while (ip < end) {
            int control = input[ip++] & 0xff;
            if (control < MAX_LITERAL) {
                int run = control + 1;
                if (op + run > expectedLength || ip + run > end) {
                    throw new IllegalArgumentException("LZF literal run overflows");
                }
                System.arraycopy(input, ip, output, op, run);
                ip += run;
                op += run;
            } else {
                int matchLength = control >>> 5;
                if (matchLength == 7) {
                    if (ip >= end) {
                        throw new IllegalArgumentException("LZF back reference truncated");
                    }
                    matchLength += input[ip++] & 0xff;
                }
                if (ip >= end) {
                    throw new IllegalArgumentException("LZF back reference truncated");
                }
                int reference = op - ((control & 0x1f) << 8) - 1 - (input[ip++] & 0xff);
                matchLength += 2;
                if (reference < 0 || op + matchLength > expectedLength) {
                    throw new IllegalArgumentException("LZF back reference out of range");
                }
                for (int i = 0; i < matchLength; i++) {
                    output[op++] = output[reference++];
                }
            }
        }
        if (op != expectedLength) {
            throw new IllegalArgumentException("LZF data decompresses to " + op + " bytes, not " + expectedLength);
        }
        return output;
    }
}
