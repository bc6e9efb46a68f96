package dev.cinnabar.command.streams;

import dev.cinnabar.protocol.ErrorReplyException;
import dev.cinnabar.store.StreamId;

/** Stream IDs as the stream commands read them, with Redis's errors. */
final class StreamIds {

    static final String INVALID_ID = "ERR Invalid stream ID specified as stream command argument";
    private static final long NO_NUMBER = Long.MIN_VALUE;

    private StreamIds() {
    }

    /** {@code ms-seq}, or {@code ms} with {@code missingSeq}; "-" and "+" are refused. */
    static StreamId parseStrict(byte[] arg, long missingSeq) {
        StreamId id = parseOrNull(arg, missingSeq, false);
        if (id == null) {
            throw new ErrorReplyException(INVALID_ID);
        }
        return id;
    }

    /** Like {@link #parseStrict} but "-" is the smallest ID and "+" the largest. */
    static StreamId parse(byte[] arg, long missingSeq) {
        StreamId id = parseOrNull(arg, missingSeq, true);
        if (id == null) {
            throw new ErrorReplyException(INVALID_ID);
        }
        return id;
    }

    /** A strict ID, or null if {@code arg} is none (XCLAIM's IDs end where its options start). */
    static StreamId parseOrNull(byte[] arg, long missingSeq, boolean extremes) {
        if (extremes && arg.length == 1) {
            if (arg[0] == '-') {
                return StreamId.MIN;
            }
            if (arg[0] == '+') {
                return StreamId.MAX;
            }
        }
        int dash = indexOf(arg, (byte) '-');
        long ms = parseUnsigned(arg, 0, dash < 0 ? arg.length : dash);
        if (ms == NO_NUMBER) {
            return null;
        }
        if (dash < 0) {
            return new StreamId(ms, missingSeq);
        }
        long seq = parseUnsigned(arg, dash + 1, arg.length);
        return seq == NO_NUMBER ? null : new StreamId(ms, seq);
    }

    /**
     * A bound of XRANGE, XREVRANGE or XPENDING: an ID, "-", "+", or "(" and an ID for an
     * exclusive bound, turned into the inclusive bound next to it.
     */
    static StreamId parseBound(byte[] arg, long missingSeq, boolean start) {
        if (arg.length > 1 && arg[0] == '(') {
            byte[] rest = java.util.Arrays.copyOfRange(arg, 1, arg.length);
            StreamId id = parseStrict(rest, missingSeq);
            StreamId inclusive = start ? id.next() : id.previous();
            if (inclusive == null) {
                throw new ErrorReplyException(start ? "ERR invalid start ID for the interval"
                        : "ERR invalid end ID for the interval");
            }
            return inclusive;
        }
        return parse(arg, missingSeq);
    }

    static boolean isWord(byte[] arg, char word) {
        return arg.length == 1 && arg[0] == word;
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    /** An unsigned 64-bit decimal in {@code bytes[from, to)}, or {@link #NO_NUMBER}. */
    private static long parseUnsigned(byte[] bytes, int from, int to) {
        if (from >= to || to - from > 20) {
            return NO_NUMBER;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            int digit = bytes[i] - '0';
            if (digit < 0 || digit > 9) {
                return NO_NUMBER;
            }
            long times10 = value * 10;
            if (Long.compareUnsigned(value, Long.divideUnsigned(-1L, 10)) > 0
                    || Long.compareUnsigned(times10 + digit, times10) < 0) {
                return NO_NUMBER;
            }
            value = times10 + digit;
        }
        return value;
    }
}
