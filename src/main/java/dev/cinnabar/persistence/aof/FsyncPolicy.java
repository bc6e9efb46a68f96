package dev.cinnabar.persistence.aof;

import java.util.Locale;

/** {@code appendfsync}: when appended writes are forced to the disk. */
enum FsyncPolicy {
    /** Before the reply of the write leaves (one fsync per event-loop batch). */
    ALWAYS,
    /** Once a second, in the background: a crash loses at most about a second of writes. */
    EVERYSEC,
    /** Never explicitly: the operating system writes the pages back when it likes. */
    NO;

    static FsyncPolicy of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
