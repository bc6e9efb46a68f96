package dev.cinnabar.command.streams;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.Numbers;
import dev.cinnabar.protocol.ErrorReplyException;
import dev.cinnabar.store.StreamId;
import dev.cinnabar.store.StreamValue;

/**
 * The options XADD and XTRIM share (MAXLEN / MINID with {@code =} or {@code ~}, LIMIT, and
 * for XADD NOMKSTREAM and the ID), read as Redis reads them.
 */
final class StreamTrimming {

    /** Redis's default LIMIT for approximate trimming: 100 blocks of stream-node-max-entries. */
    private static final long DEFAULT_APPROXIMATE_LIMIT = 10_000;

    enum Strategy { NONE, MAXLEN, MINID }

    Strategy strategy = Strategy.NONE;
    boolean approximate;
    long maxLength;
    StreamId minId;
    long limit;
    /** The index of MAXLEN's or MINID's value. */
    int valueIndex;
    boolean noMakeStream;
    /** XADD's ID argument (null for "*"), and whether its sequence was given. */
    StreamId id;
    boolean sequenceGiven;
    /** For XADD: the index of the ID. */
    int idIndex;

    /** Reads the options from argument {@code from}; for XADD up to and including the ID. */
    static StreamTrimming parse(CommandContext ctx, int from, boolean xadd) {
        StreamTrimming options = new StreamTrimming();
        boolean limitGiven = false;
        int count = ctx.argCount();
        int i = from;
        for (; i < count; i++) {
            int moreArgs = count - 1 - i;
            byte[] option = ctx.arg(i);
            if (xadd && StreamIds.isWord(option, '*')) {
                break;
            } else if (ctx.argIs(i, "maxlen") && moreArgs > 0) {
                options.checkSingleStrategy();
                i = options.readApproximation(ctx, i, moreArgs);
                options.maxLength = Numbers.parseLongOrError(ctx.arg(i + 1));
                if (options.maxLength < 0) {
                    throw new ErrorReplyException("ERR The MAXLEN argument must be >= 0.");
                }
                i++;
                options.strategy = Strategy.MAXLEN;
                options.valueIndex = i;
            } else if (ctx.argIs(i, "minid") && moreArgs > 0) {
                options.checkSingleStrategy();
                i = options.readApproximation(ctx, i, moreArgs);
                options.minId = StreamIds.parseStrict(ctx.arg(i + 1), 0);
                i++;
                options.strategy = Strategy.MINID;
                options.valueIndex = i;
            } else if (ctx.argIs(i, "limit") && moreArgs > 0) {
                options.limit = Numbers.parseLongOrError(ctx.arg(i + 1));
                if (options.limit < 0) {
                    throw new ErrorReplyException("ERR The LIMIT argument must be >= 0.");
                }
                limitGiven = true;
                i++;
            } else if (xadd && ctx.argIs(i, "nomkstream")) {
                options.noMakeStream = true;
            } else if (xadd) {
                options.readId(ctx.arg(i));
                break;
            } else {
                throw CommandContext.syntaxError();
            }
        }
        if (options.limit != 0 && options.strategy == Strategy.NONE) {
            throw new ErrorReplyException("ERR syntax error, LIMIT cannot be used without specifying a trimming strategy");
        }
        if (!xadd && options.strategy == Strategy.NONE) {
            throw new ErrorReplyException("ERR syntax error, XTRIM must be called with a trimming strategy");
        }
        if (limitGiven) {
            if (!options.approximate) {
                throw new ErrorReplyException("ERR syntax error, LIMIT cannot be used without the special ~ option");
            }
        } else {
            options.limit = options.approximate ? DEFAULT_APPROXIMATE_LIMIT : 0;
        }
        options.idIndex = i;
        return options;
    }

    private void checkSingleStrategy() {
        if (strategy != Strategy.NONE) {
            throw new ErrorReplyException("ERR syntax error, MAXLEN and MINID options at the same time are not compatible");
        }
    }

    /** Reads an optional {@code ~} or {@code =} after MAXLEN / MINID; returns the index before the value. */
    private int readApproximation(CommandContext ctx, int i, int moreArgs) {
        approximate = false;
        byte[] next = ctx.arg(i + 1);
        if (moreArgs >= 2 && StreamIds.isWord(next, '~')) {
            approximate = true;
            return i + 1;
        }
        if (moreArgs >= 2 && StreamIds.isWord(next, '=')) {
            return i + 1;
        }
        return i;
    }

    private void readId(byte[] arg) {
        int length = arg.length;
        if (length >= 2 && arg[length - 1] == '*' && arg[length - 2] == '-') {
            byte[] milliseconds = java.util.Arrays.copyOf(arg, length - 2);
            id = StreamIds.parseStrict(milliseconds, 0);
            if (new String(milliseconds, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf('-') >= 0) {
                throw new ErrorReplyException(StreamIds.INVALID_ID);
            }
            sequenceGiven = false;
        } else {
            id = StreamIds.parseStrict(arg, 0);
            sequenceGiven = true;
        }
    }

    /** Trims {@code stream}; returns the number of entries removed. */
    long trim(StreamValue stream) {
        return switch (strategy) {
            case NONE -> 0;
            case MAXLEN -> stream.trimToLength(maxLength, approximate, limit);
            case MINID -> stream.trimBefore(minId, approximate, limit);
        };
    }

    /**
     * The arguments to propagate: approximate trimming depends on how entries sit in blocks,
     * so like Redis it is propagated as an exact trim to what was kept (the length for MAXLEN,
     * the first ID for MINID).
     */
    byte[][] exactArguments(byte[][] argv, StreamValue stream) {
        if (approximate) {
            argv[valueIndex - 1] = new byte[] {'='};
            if (strategy == Strategy.MAXLEN) {
                argv[valueIndex] = Numbers.toBytes(stream.length());
            } else {
                StreamId first = stream.firstEntryFrom(StreamId.MIN);
                argv[valueIndex] = (first == null ? StreamId.MAX : first).toBytes();
            }
        }
        return argv;
    }
}
