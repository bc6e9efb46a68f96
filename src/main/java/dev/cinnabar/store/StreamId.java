package dev.cinnabar.store;

import java.nio.charset.StandardCharsets;

/**
 * A stream entry ID: two unsigned 64-bit numbers, milliseconds and sequence, ordered as
 * Redis orders them. Entries inside a {@link StreamValue} are packed, not stored as these;
 * IDs are objects only where a command or a consumer group holds one.
 */
public record StreamId(long ms, long seq) implements Comparable<StreamId> {

    public static final StreamId MIN = new StreamId(0, 0);
    public static final StreamId MAX = new StreamId(-1L, -1L);

    @Override
    public int compareTo(StreamId other) {
        return compare(ms, seq, other.ms, other.seq);
    }

    public static int compare(long ms, long seq, long otherMs, long otherSeq) {
        int byMs = Long.compareUnsigned(ms, otherMs);
        return byMs != 0 ? byMs : Long.compareUnsigned(seq, otherSeq);
    }

    public boolean isZero() {
        return ms == 0 && seq == 0;
    }

    /** The next ID in order, or null after {@link #MAX}. */
    public StreamId next() {
        if (seq != -1L) {
            return new StreamId(ms, seq + 1);
        }
        return ms == -1L ? null : new StreamId(ms + 1, 0);
    }

    /** The previous ID in order, or null before {@link #MIN}. */
    public StreamId previous() {
        if (seq != 0) {
            return new StreamId(ms, seq - 1);
        }
        return ms == 0 ? null : new StreamId(ms - 1, -1L);
    }

    @Override
    public String toString() {
        return Long.toUnsignedString(ms) + "-" + Long.toUnsignedString(seq);
    }

    public byte[] toBytes() {
        return toString().getBytes(StandardCharsets.US_ASCII);
    }
}
