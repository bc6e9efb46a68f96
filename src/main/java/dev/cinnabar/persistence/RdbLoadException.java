package dev.cinnabar.persistence;

/** The RDB file could not be loaded at start-up: the server must not run with part of its data. */
public final class RdbLoadException extends RuntimeException {

    public RdbLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
