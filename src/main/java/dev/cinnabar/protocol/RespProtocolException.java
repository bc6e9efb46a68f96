package dev.cinnabar.protocol;

/** A request that breaks the protocol; the connection answers with the message and is closed. */
public final class RespProtocolException extends Exception {

    public RespProtocolException(String message) {
        super("Protocol error: " + message, null, false, false);
    }
}
