package dev.cinnabar.net;

/**
 * The RESP listener could not be opened, so the server must not start. Its message is what
 * redis-server prints in that case, one line per log entry; the entries are already logged.
 */
public class RespListenException extends RuntimeException {

    RespListenException(String message, Throwable cause) {
        super(message, cause);
    }
}
