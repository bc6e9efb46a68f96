package dev.cinnabar.store;

/**
 * One key of a database: a chained hash-table node kept to 32 bytes (with compressed
 * references), since per-key memory is what a Redis user pays for most. Keys with a time
 * to live are {@link ExpiringEntry} instances, so keys without one carry no expiry field.
 */
public class Entry {

    /** {@link #expireAt()} of a key without a time to live. */
    public static final long NO_EXPIRY = -1;

    final byte[] key;
    final int hash;
    Object value;
    Entry next;
    /** Seconds clock of the last access, for OBJECT IDLETIME. */
    int accessSeconds;

    Entry(byte[] key, int hash, Object value, int accessSeconds) {
        this.key = key;
        this.hash = hash;
        this.value = value;
        this.accessSeconds = accessSeconds;
    }

    public byte[] key() {
        return key;
    }

    public Object value() {
        return value;
    }

    /** Unix time in milliseconds at which the key expires, or {@link #NO_EXPIRY}. */
    public long expireAt() {
        return NO_EXPIRY;
    }

    public int accessSeconds() {
        return accessSeconds;
    }

    boolean isExpiredAt(long now) {
        return false;
    }
}
