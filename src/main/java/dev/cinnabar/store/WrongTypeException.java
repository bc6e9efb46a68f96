package dev.cinnabar.store;

import dev.cinnabar.protocol.ErrorReplyException;

/** A command met a key holding another type; it answers Redis's WRONGTYPE error. */
public final class WrongTypeException extends ErrorReplyException {

    public static final WrongTypeException INSTANCE = new WrongTypeException();

    private WrongTypeException() {
        super("WRONGTYPE Operation against a key holding the wrong kind of value");
    }

    /** {@code value} as a {@code type}: null for a missing key, WRONGTYPE for a value of another type. */
    public static <T> T ifOfType(Object value, Class<T> type) {
        if (value == null || type.isInstance(value)) {
            return type.cast(value);
        }
        throw INSTANCE;
    }
}
