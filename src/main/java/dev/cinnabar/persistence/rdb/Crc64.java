package dev.cinnabar.persistence.rdb;

/**
 * The CRC-64 that ends every RDB file and DUMP payload: the "Jones" polynomial
 * (0xad93d23594c935a9), reflected input and output, initial value 0, no final xor. Check
 * value: {@code "123456789"} gives {@code 0xe9c6d914c4b8d9ca}. Computed eight bytes at a
 * time (slicing-by-8), since a snapshot checksums every byte it writes.
 */
public final class Crc64 {

    private static final long REFLECTED_POLYNOMIAL = 0x95ac9329ac4bc9b5L;
    private static final long[][] TABLES = new long[8][256];

    static {
        for (int n = 0; n < 256; n++) {
            long crc = n;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ REFLECTED_POLYNOMIAL : crc >>> 1;
            }
            TABLES[0][n] = crc;
        }
        for (int n = 0; n < 256; n++) {
            long crc = TABLES[0][n];
            for (int k = 1; k < 8; k++) {
                crc = TABLES[0][(int) (crc & 0xff)] ^ (crc >>> 8);
                TABLES[k][n] = crc;
            }
        }
    }

    private Crc64() {
    }

    /** Continues {@code crc} over {@code length} bytes of {@code data} from {@code offset}. */
    public static long update(long crc, byte[] data, int offset, int length) {
        long[] t0 = TABLES[0], t1 = TABLES[1], t2 = TABLES[2], t3 = TABLES[3];
        long[] t4 = TABLES[4], t5 = TABLES[5], t6 = TABLES[6], t7 = TABLES[7];
        int i = offset;
        int end = offset + length;
        while (end - i >= 8) {
            long word = (data[i] & 0xffL) | (data[i + 1] & 0xffL) << 8 | (data[i + 2] & 0xffL) << 16
                    | (data[i + 3] & 0xffL) << 24 | (data[i + 4] & 0xffL) << 32 | (data[i + 5] & 0xffL) << 40
                    | (data[i + 6] & 0xffL) << 48 | (data[i + 7] & 0xffL) << 56;
            long x = crc ^ word;
            crc = t7[(int) (x & 0xff)] ^ t6[(int) ((x >>> 8) & 0xff)] ^ t5[(int) ((x >>> 16) & 0xff)]
                    ^ t4[(int) ((x >>> 24) & 0xff)] ^ t3[(int) ((x >>> 32) & 0xff)]
                    ^ t2[(int) ((x >>> 40) & 0xff)] ^ t1[(int) ((x >>> 48) & 0xff)] ^ t0[(int) (x >>> 56)];
            i += 8;
        }
        while (i < end) {
            crc = t0[(int) ((crc ^ data[i++]) & 0xff)] ^ (crc >>> 8);
        }
        return crc;
    }

    public static long of(byte[] data, int offset, int length) {
        return update(0, data, offset, length);
    }
}
