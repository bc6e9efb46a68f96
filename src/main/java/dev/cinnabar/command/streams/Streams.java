package dev.cinnabar.command.streams;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.store.Database;
import dev.cinnabar.store.StreamConsumer;
import dev.cinnabar.store.StreamConsumerGroup;
import dev.cinnabar.store.StreamValue;
import dev.cinnabar.store.WrongTypeException;

import static dev.cinnabar.config.KeyspaceEventClasses.STREAM;

/** Looking up stream keys and consumers. */
final class Streams {

    private Streams() {
    }

    /** The stream at {@code key} for a reading command (counts a hit or miss), or null. */
    static StreamValue toRead(Database db, byte[] key) {
        return cast(db.read(key));
    }

    /** The stream at {@code key} for a writing command, or null. */
    static StreamValue toWrite(Database db, byte[] key) {
        return cast(db.get(key));
    }

    /**
     * The consumer {@code name} of {@code group}, created if new; a creation publishes
     * "xgroup-createconsumer", as XREADGROUP, XCLAIM and XAUTOCLAIM do in Redis.
     */
    static StreamConsumer consumerOrCreate(CommandContext ctx, byte[] key, StreamConsumerGroup group, byte[] name,
                                           long now) {
        boolean created = !group.hasConsumer(name);
        StreamConsumer consumer = group.consumerOrCreate(name, now);
        if (created) {
            ctx.notifyKeyspaceEvent(STREAM, "xgroup-createconsumer", key);
        }
        return consumer;
    }

    private static StreamValue cast(Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof StreamValue stream)) {
            throw WrongTypeException.INSTANCE;
        }
        return stream;
    }
}
