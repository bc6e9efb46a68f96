package dev.cinnabar.command.sortedsets;

import dev.cinnabar.protocol.ErrorReplyException;
import dev.cinnabar.store.SortedSetValue;

import java.util.Arrays;

/**
 * A member interval such as {@code [a (c}, {@code -} (below every member) or {@code +}
 * (above every member), for the BYLEX commands, which assume every member has the same score.
 */
public final class LexRange {

    public static final String INVALID = "ERR min or max not valid string range item";

    private enum Kind { NEGATIVE_INFINITY, POSITIVE_INFINITY, INCLUSIVE, EXCLUSIVE }

    private final Kind minKind;
    private final byte[] min;
    private final Kind maxKind;
    private final byte[] max;

    private LexRange(Kind minKind, byte[] min, Kind maxKind, byte[] max) {
        this.minKind = minKind;
        this.min = min;
        this.maxKind = maxKind;
        this.max = max;
    }

    public static LexRange parse(byte[] min, byte[] max) {
        return new LexRange(kind(min), value(min), kind(max), value(max));
    }

    private static Kind kind(byte[] item) {
        if (item.length == 0) {
            throw new ErrorReplyException(INVALID);
        }
        return switch (item[0]) {
            case '-' -> item.length == 1 ? Kind.NEGATIVE_INFINITY : invalid();
            case '+' -> item.length == 1 ? Kind.POSITIVE_INFINITY : invalid();
            case '[' -> Kind.INCLUSIVE;
            case '(' -> Kind.EXCLUSIVE;
            default -> invalid();
        };
    }

    private static Kind invalid() {
        throw new ErrorReplyException(INVALID);
    }

    private static byte[] value(byte[] item) {
        return Arrays.copyOfRange(item, 1, item.length);
    }

    private static int compare(byte[] member, int offset, int length, byte[] bound) {
        return Arrays.compareUnsigned(member, offset, offset + length, bound, 0, bound.length);
    }

    /** Holds for the members below the range. */
    public SortedSetValue.EntryTest belowMin() {
        return switch (minKind) {
            case NEGATIVE_INFINITY -> (score, member, offset, length) -> false;
            case POSITIVE_INFINITY -> (score, member, offset, length) -> true;
            case INCLUSIVE -> (score, member, offset, length) -> compare(member, offset, length, min) < 0;
            case EXCLUSIVE -> (score, member, offset, length) -> compare(member, offset, length, min) <= 0;
        };
    }

    /** Holds for the members below the range or in it. */
    public SortedSetValue.EntryTest notAboveMax() {
        return switch (maxKind) {
            case NEGATIVE_INFINITY -> (score, member, offset, length) -> false;
            case POSITIVE_INFINITY -> (score, member, offset, length) -> true;
            case INCLUSIVE -> (score, member, offset, length) -> compare(member, offset, length, max) <= 0;
            case EXCLUSIVE -> (score, member, offset, length) -> compare(member, offset, length, max) < 0;
        };
    }
}
