package dev.cinnabar.store;

/** A key with a time to live; it also knows its slot in the database's expiry index. */
final class ExpiringEntry extends Entry {

    long expireAt;
    int expiryIndexSlot;

    ExpiringEntry(byte[] key, int hash, Object value, int accessSeconds, long expireAt) {
        super(key, hash, value, accessSeconds);
        this.expireAt = expireAt;
    }

    @Override
    public long expireAt() {
        return expireAt;
    }

    /** As in Redis, a key lives through the millisecond of its expiry time and is gone after it. */
    @Override
    boolean isExpiredAt(long now) {
        return expireAt < now;
    }
}
