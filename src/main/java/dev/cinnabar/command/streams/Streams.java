package dev.cinnabar.command.streams;

import dev.cinnabar.store.Database;
import dev.cinnabar.store.StreamValue;
import dev.cinnabar.store.WrongTypeException;

/** Looking up stream keys. */
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
