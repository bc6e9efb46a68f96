package dev.cinnabar.blocking;

import dev.cinnabar.command.CommandContext;

/** What a blocked command does once one of its keys may have data, or its time runs out. */
public interface BlockedCommand {

    /**
     * Tries to serve the blocked client from {@code key}, in the database it blocked in. On
     * success it writes the client's reply (and propagates its effect) and returns true; if the
     * key has nothing for it (empty, or of another type) it writes nothing and returns false.
     */
    boolean serve(CommandContext ctx, byte[] key);

    /**
     * Whether the waiter must also hear that its key is gone or replaced (XREADGROUP answers an
     * error then); waiters for data (the blocking pops) need not.
     */
    default boolean wakesOnMissingKey() {
        return false;
    }

    /** The timeout passed, or CLIENT UNBLOCK ... TIMEOUT: Redis answers a null array. */
    default void timedOut(CommandContext ctx) {
        ctx.reply().nullArray();
    }
}
