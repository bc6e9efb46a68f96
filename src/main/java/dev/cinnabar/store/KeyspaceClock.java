package dev.cinnabar.store;

/** Wall-clock time for expiry decisions and access times. */
public interface KeyspaceClock {

    /** Unix time in milliseconds. */
    long now();

    /** Unix time in seconds, truncated to an int, for access times. */
    default int seconds() {
        return (int) (now() / 1000);
    }

    KeyspaceClock SYSTEM = System::currentTimeMillis;
}
