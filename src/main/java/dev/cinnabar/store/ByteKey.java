package dev.cinnabar.store;

import java.util.Arrays;

/** A key's bytes as a hash map key, for the side tables (watched keys, blocked keys) that need one. */
public record ByteKey(byte[] bytes) {

    @Override
    public boolean equals(Object other) {
        return other instanceof ByteKey key && Arrays.equals(bytes, key.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }
}
