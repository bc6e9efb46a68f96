package dev.cinnabar.command.sortedsets;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.config.KeyspaceEventClasses;
import dev.cinnabar.config.RuntimeConfig;
import dev.cinnabar.protocol.ReplyWriter;
import dev.cinnabar.store.Database;
import dev.cinnabar.store.SortedSetLimits;
import dev.cinnabar.store.SortedSetValue;
import dev.cinnabar.store.WrongTypeException;
import org.springframework.stereotype.Component;

/**
 * What the sorted set and geo commands share: the live encoding limits every set follows,
 * type-checked lookups, and score replies.
 */
@Component
public class SortedSets {

    private static final String MAX_ENTRIES = "zset-max-listpack-entries";
    private static final String MAX_VALUE = "zset-max-listpack-value";

    private final SortedSetLimits limits;

    public SortedSets(RuntimeConfig config) {
        limits = new SortedSetLimits(config.longValue(MAX_ENTRIES), config.longValue(MAX_VALUE));
        config.onChange(MAX_ENTRIES, value -> limits.maxPackedEntries(config.longValue(MAX_ENTRIES)));
        config.onChange(MAX_VALUE, value -> limits.maxPackedValue(config.longValue(MAX_VALUE)));
    }

    public SortedSetLimits limits() {
        return limits;
    }

    /** An empty set for a command's result, compact until it outgrows the limits. */
    public SortedSetValue newSet() {
        return new SortedSetValue(limits);
    }

    /** The sorted set at {@code key} for a reading command (counts a hit or miss), or null. */
    public static SortedSetValue toRead(Database db, byte[] key) {
        return WrongTypeException.ifOfType(db.read(key), SortedSetValue.class);
    }

    /** The sorted set at {@code key} for a writing command, or null. */
    public static SortedSetValue toWrite(Database db, byte[] key) {
        return WrongTypeException.ifOfType(db.get(key), SortedSetValue.class);
    }


    public static void replyScore(ReplyWriter reply, double score) {
        reply.bulk(Scores.format(score));
    }

    /**
     * Stores {@code result} at {@code destination} and replies its size; publishes {@code event}
     * on the destination, or only "del" when an empty result deletes it, as Redis's store commands do.
     */
    public static void store(CommandContext ctx, byte[] destination, SortedSetValue result, String event) {
        Database db = ctx.db();
        if (result.isEmpty()) {
            if (db.delete(destination)) {
                ctx.changed(1);
                ctx.notifyKeyspaceEvent(KeyspaceEventClasses.GENERIC, "del", destination);
            }
            ctx.reply().integer(0);
            return;
        }
        db.put(destination, result);
        ctx.changed(1);
        ctx.notifyKeyspaceEvent(KeyspaceEventClasses.ZSET, event, destination);
        ctx.reply().integer(result.size());
    }
}
