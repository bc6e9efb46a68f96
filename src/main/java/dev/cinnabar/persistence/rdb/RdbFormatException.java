package dev.cinnabar.persistence.rdb;

import java.io.IOException;

/** An RDB stream that is not valid: truncated, corrupt, or using something we cannot load. */
public final class RdbFormatException extends IOException {

    private final long offset;

    public RdbFormatException(long offset, String problem) {
        super("Bad RDB data at offset " + offset + ": " + problem);
        this.offset = offset;
    }

    /** Position in the stream (bytes from its start) where the problem was found. */
    public long offset() {
        return offset;
    }
}
