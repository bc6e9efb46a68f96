package dev.cinnabar.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.SecureRandom;

/**
 * Hashes key bytes with a per-process random seed, so that clients cannot choose keys
 * that all land in one bucket.
 */
final class KeyHasher {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final long SEED = new SecureRandom().nextLong() | 1;
    private static final long MULTIPLIER = 0x9E3779B97F4A7C15L;

    private KeyHasher() {
    }

    static int hash(byte[] key) {
        long h = SEED ^ (key.length * MULTIPLIER);
        int i = 0;
        int limit = key.length - 7;
        for (; i < limit; i += 8) {
            h = Long.rotateLeft((h ^ (long) LONGS.get(key, i)) * MULTIPLIER, 29);
        }
        long tail = 0;
        for (int shift = 0; i < key.length; i++, shift += 8) {
            tail |= (key[i] & 0xFFL) << shift;
        }
        h = (h ^ tail) * MULTIPLIER;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return (int) h ^ (int) (h >>> 32);
    }
}
