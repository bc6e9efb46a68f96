package dev.cinnabar.command.sortedsets;

import dev.cinnabar.protocol.ErrorReplyException;
import dev.cinnabar.store.SortedSetValue;

/**
 * A score interval such as {@code (1 +inf}, read as Redis's zslParseRange reads it: a leading
 * '(' makes the bound exclusive, the rest goes to {@code strtod} (so "(" alone is 0 and
 * leading spaces pass).
 */
public record ScoreRange(double min, boolean minExclusive, double max, boolean maxExclusive) {

    public static final String NOT_A_FLOAT = "ERR min or max is not a float";

    public static ScoreRange parse(byte[] min, byte[] max) {
        boolean minExclusive = min.length > 0 && min[0] == '(';
        boolean maxExclusive = max.length > 0 && max[0] == '(';
        return new ScoreRange(bound(min, minExclusive), minExclusive, bound(max, maxExclusive), maxExclusive);
    }

    /** A range [min, max) as the geo searches use. */
    public static ScoreRange halfOpen(double min, double max) {
        return new ScoreRange(min, false, max, true);
    }

    private static double bound(byte[] text, boolean exclusive) {
        int from = exclusive ? 1 : 0;
        Scores.Parsed parsed = Scores.strtod(text, from);
        // Redis checks only that strtod stopped at the end (or at a NUL byte, C's end of string).
        if ((parsed.end() < text.length && text[parsed.end()] != 0) || Double.isNaN(parsed.value())) {
            throw new ErrorReplyException(NOT_A_FLOAT);
        }
        return parsed.value();
    }

    public boolean isEmpty() {
        return min > max || (min == max && (minExclusive || maxExclusive));
    }

    /** Holds for the entries below the range. */
    public SortedSetValue.EntryTest belowMin() {
        return minExclusive ? (score, member, offset, length) -> score <= min
                : (score, member, offset, length) -> score < min;
    }

    /** Holds for the entries below the range or in it. */
    public SortedSetValue.EntryTest notAboveMax() {
        return maxExclusive ? (score, member, offset, length) -> score < max
                : (score, member, offset, length) -> score <= max;
    }
}
