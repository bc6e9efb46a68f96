package dev.cinnabar.command.keys;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.Numbers;
import dev.cinnabar.protocol.ErrorReplyException;

/** Parsing of a database number argument (COPY DB, MOVE, SWAPDB) with Redis's errors. */
final class DatabaseIndex {

    static final String OUT_OF_RANGE = "ERR DB index is out of range";
    private static final String NOT_AN_INT = "ERR value is out of range, value must between "
            + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE;

    private DatabaseIndex() {
    }

    /** Argument {@code index} as an existing database number, with Redis's generic errors. */
    static int parse(CommandContext ctx, int index) {
        long value = ctx.longArg(index);
        if (value != (int) value) {
            throw new ErrorReplyException(NOT_AN_INT);
        }
        return checkRange(ctx, (int) value);
    }

    /** Argument {@code index} as an int, not yet range-checked; {@code notAnInt} for any malformed value. */
    static int parseUnchecked(CommandContext ctx, int index, String notAnInt) {
        Long value = Numbers.parseLong(ctx.arg(index));
        if (value == null || value != value.intValue()) {
            throw new ErrorReplyException(notAnInt);
        }
        return value.intValue();
    }

    static int checkRange(CommandContext ctx, int value) {
        if (value < 0 || value >= ctx.store().databaseCount()) {
            throw new ErrorReplyException(OUT_OF_RANGE);
        }
        return value;
    }
}
