package dev.cinnabar.blocking;

import dev.cinnabar.command.Numbers;
import dev.cinnabar.protocol.ErrorReplyException;

/** The timeout argument of the blocking commands, read as Redis reads it. */
public final class BlockingTimeout {

    /** Waits without a deadline. */
    public static final long FOREVER = 0;

    private static final double LONG_RANGE = 0x1p63;

    private BlockingTimeout() {
    }

    /**
     * A timeout in (decimal) seconds as a relative number of milliseconds, {@link #FOREVER}
     * for 0. Like Redis, the value is truncated to whole milliseconds, and one too large for a
     * 64-bit count of milliseconds is reported as negative, since that is what C's conversion
     * makes of it.
     */
    public static long parseSeconds(byte[] argument, long nowMillis) {
        Double seconds = Numbers.parseDouble(argument);
        if (seconds == null) {
            throw new ErrorReplyException("ERR timeout is not a float or out of range");
        }
        double millis = seconds * 1000.0;
        if (!(Math.abs(millis) < LONG_RANGE)) {
            throw new ErrorReplyException("ERR timeout is negative");
        }
        return checkedRelative((long) millis, nowMillis);
    }

    /** A timeout in whole milliseconds (XREAD BLOCK, WAIT). */
    public static long parseMillis(byte[] argument, long nowMillis) {
        Long millis = Numbers.parseLong(argument);
        if (millis == null) {
            throw new ErrorReplyException("ERR timeout is not an integer or out of range");
        }
        if (millis < 0) {
            throw new ErrorReplyException("ERR timeout is negative");
        }
        return checkedRelative(millis, nowMillis);
    }

    private static long checkedRelative(long millis, long nowMillis) {
        if (millis < 0) {
            throw new ErrorReplyException("ERR timeout is negative");
        }
        if (millis > Long.MAX_VALUE - nowMillis) {
            throw new ErrorReplyException("ERR timeout is out of range");
        }
        return millis;
    }
}
