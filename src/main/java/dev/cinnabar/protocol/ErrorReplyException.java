package dev.cinnabar.protocol;

/**
 * Thrown by a command to answer with an error reply; the message is the whole error line,
 * code included ({@code ERR ...}, {@code WRONGTYPE ...}). Stackless: it is control flow.
 */
public class ErrorReplyException extends RuntimeException {

    public ErrorReplyException(String message) {
        super(message, null, false, false);
    }
}
