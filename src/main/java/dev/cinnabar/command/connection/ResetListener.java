package dev.cinnabar.command.connection;

import dev.cinnabar.net.ClientConnection;

/**
 * A bean that keeps per-connection state of its own (a MULTI queue, subscriptions, watched
 * keys, tracking) and must drop it when the client sends RESET.
 */
public interface ResetListener {

    void reset(ClientConnection client);
}
