package dev.cinnabar.store;

/**
 * The live {@code zset-max-listpack-entries} and {@code zset-max-listpack-value}: up to how
 * many members, each up to how many bytes, a sorted set keeps the compact encoding. Every
 * sorted set holds the one shared instance, so CONFIG SET applies to the next change of any set.
 */
public final class SortedSetLimits {

    private volatile long maxPackedEntries;
    private volatile long maxPackedValue;

    public SortedSetLimits(long maxPackedEntries, long maxPackedValue) {
        this.maxPackedEntries = maxPackedEntries;
        this.maxPackedValue = maxPackedValue;
    }

    public long maxPackedEntries() {
        return maxPackedEntries;
    }

    public long maxPackedValue() {
        return maxPackedValue;
    }

    public void maxPackedEntries(long entries) {
        this.maxPackedEntries = entries;
    }

    public void maxPackedValue(long bytes) {
        this.maxPackedValue = bytes;
    }
}
