package dev.cinnabar.command.keys;

import dev.cinnabar.protocol.ErrorReplyException;

/**
 * The cursor of SCAN and its relatives: an unsigned 64-bit decimal, parsed as Redis parses
 * it with C's {@code strtoul}. That accepts a sign ("-1" is the largest cursor) and an empty
 * string (cursor 0), and rejects leading white space, trailing bytes and overflow.
 */
public final class ScanCursor {

    public static final String INVALID_CURSOR = "ERR invalid cursor";

    private static final long MAX_BEFORE_LAST_DIGIT = Long.divideUnsigned(-1L, 10);
    private static final long MAX_LAST_DIGIT = Long.remainderUnsigned(-1L, 10);

    private ScanCursor() {
    }

    /** The cursor as an unsigned 64-bit value, or Redis's "invalid cursor" error. */
    public static long parse(byte[] text) {
        if (text.length == 0) {
            return 0;
        }
        int i = 0;
        boolean negative = false;
        if (text[0] == '+' || text[0] == '-') {
            negative = text[0] == '-';
            i++;
        }
        if (i == text.length) {
            throw new ErrorReplyException(INVALID_CURSOR);
        }
        long value = 0;
        for (; i < text.length; i++) {
            int digit = text[i] - '0';
            if (digit < 0 || digit > 9) {
                throw new ErrorReplyException(INVALID_CURSOR);
            }
            int headroom = Long.compareUnsigned(value, MAX_BEFORE_LAST_DIGIT);
            if (headroom > 0 || (headroom == 0 && digit > MAX_LAST_DIGIT)) {
                throw new ErrorReplyException(INVALID_CURSOR);
            }
            value = value * 10 + digit;
        }
        return negative ? -value : value;
    }

    /** The cursor as SCAN replies it: unsigned decimal. */
    public static String format(long cursor) {
        return Long.toUnsignedString(cursor);
    }
}
