package dev.cinnabar.persistence.rdb;

import dev.cinnabar.store.SortedSetLimits;

/**
 * The encoding thresholds a loaded value is built with, as the configuration sets them for
 * values created by commands.
 *
 * @param listFill            list-max-listpack-size
 * @param hashMaxEntries      hash-max-listpack-entries
 * @param hashMaxValue        hash-max-listpack-value
 * @param setMaxIntsetEntries set-max-intset-entries
 * @param sortedSets          zset-max-listpack-entries and zset-max-listpack-value
 */
public record ValueLimits(int listFill, long hashMaxEntries, long hashMaxValue, long setMaxIntsetEntries,
                          SortedSetLimits sortedSets) {

    /** Redis's defaults. */
    public static ValueLimits redisDefaults() {
        return new ValueLimits(-2, 512, 64, 512, new SortedSetLimits(128, 64));
    }
}
