package dev.cinnabar.persistence.aof;

/** The AOF cannot be loaded: start-up stops with this message, nothing is half-loaded silently. */
public class AofLoadException extends RuntimeException {

    public AofLoadException(String message) {
        super(message);
    }

    public AofLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
