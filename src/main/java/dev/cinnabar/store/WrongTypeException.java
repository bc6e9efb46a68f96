package dev.cinnabar.store;

import dev.cinnabar.protocol.ErrorReplyException;

/** A command met a key holding another type; it answers Redis's WRONGTYPE error. */
public final class WrongTypeException extends ErrorReplyException {

    public static final WrongTypeException INSTANCE = new WrongTypeException();

    private WrongTypeException() {
        super("WRONGTYPE Operation against a key holding the wrong kind of value");
    }
}
