package dev.cinnabar.store;

/** Clients waiting for keys of a database to get data (blocking pops, blocking stream reads). */
public interface KeyWaiters {

    /** {@code key} of {@code database} was created or got new data: a waiter may be served. */
    void keyReady(Database database, byte[] key);

    /** The whole contents of {@code database} were replaced (SWAPDB): any waited-on key may be there now. */
    void contentsReplaced(Database database);
}
