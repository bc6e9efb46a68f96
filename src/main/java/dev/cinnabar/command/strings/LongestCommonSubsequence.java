package dev.cinnabar.command.strings;

import java.util.Arrays;

/**
 * The longest common subsequence of two strings, computed as Redis's LCS command does: the
 * classic dynamic-programming table, walked back from the end preferring to drop a byte of
 * the second string on ties, so that the subsequence and match ranges are Redis's own.
 *
 * <p>Redis keeps the whole table of lengths; only two rows are kept here, plus one bit
 * per cell recording which way the walk goes, which is 32 times smaller.
 */
final class LongestCommonSubsequence {

    private final byte[] a;
    private final byte[] b;
    private final int length;
    /** Per cell (i, j) where a[i-1] != b[j-1]: whether the walk back moves to row i-1. */
    private final long[] moveUp;

    private LongestCommonSubsequence(byte[] a, byte[] b, int length, long[] moveUp) {
        this.a = a;
        this.b = b;
        this.length = length;
        this.moveUp = moveUp;
    }

    /** The length alone, in memory proportional to the second string. */
    static int lengthOf(byte[] a, byte[] b) {
        return fill(a, b, null);
    }

    /** The full table, ready for {@link #subsequence()} and {@link #matches}. */
    static LongestCommonSubsequence of(byte[] a, byte[] b) {
        long[] moveUp = new long[(int) (((long) a.length * b.length + 63) >>> 6)];
        return new LongestCommonSubsequence(a, b, fill(a, b, moveUp), moveUp);
    }

    private static int fill(byte[] a, byte[] b, long[] moveUp) {
        int columns = b.length;
        int[] previous = new int[columns + 1];
        int[] current = new int[columns + 1];
        for (int i = 1; i <= a.length; i++) {
            byte ai = a[i - 1];
            long rowBase = (long) (i - 1) * columns;
            for (int j = 1; j <= columns; j++) {
                if (ai == b[j - 1]) {
                    current[j] = previous[j - 1] + 1;
                } else {
                    int up = previous[j];
                    int left = current[j - 1];
                    if (up > left) {
                        current[j] = up;
                        if (moveUp != null) {
                            long cell = rowBase + j - 1;
                            moveUp[(int) (cell >>> 6)] |= 1L << cell;
                        }
                    } else {
                        current[j] = left;
                    }
                }
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[columns];
    }

    int length() {
        return length;
    }

    byte[] subsequence() {
        byte[] result = new byte[length];
        walk(result, 0, null);
        return result;
    }

    /**
     * The matching ranges, last ones first, as Redis lists them: each is four indexes
     * (start and end in the first string, start and end in the second).
     *
     * @param minMatchLength ranges shorter than this are left out (0 keeps all)
     */
    int[] matches(long minMatchLength) {
        MatchList list = new MatchList();
        walk(null, minMatchLength, list);
        return list.toArray();
    }

    private void walk(byte[] result, long minMatchLength, MatchList ranges) {
        int i = a.length;
        int j = b.length;
        int remaining = length;
        boolean open = false;
        int aStart = 0;
        int aEnd = 0;
        int bStart = 0;
        int bEnd = 0;
        while (i > 0 && j > 0) {
            boolean close;
            if (a[i - 1] == b[j - 1]) {
                if (result != null) {
                    result[--remaining] = a[i - 1];
                }
                if (!open) {
                    open = true;
                    aEnd = i - 1;
                    bEnd = j - 1;
                }
                aStart = i - 1;
                bStart = j - 1;
                i--;
                j--;
                close = aStart == 0 || bStart == 0;
            } else {
                long cell = (long) (i - 1) * b.length + j - 1;
                if ((moveUp[(int) (cell >>> 6)] & (1L << cell)) != 0) {
                    i--;
                } else {
                    j--;
                }
                close = open;
            }
            if (close && open) {
                if (ranges != null && (minMatchLength == 0 || aEnd - aStart + 1 >= minMatchLength)) {
                    ranges.add(aStart, aEnd, bStart, bEnd);
                }
                open = false;
            }
        }
    }

    /** A growable list of ranges, four ints each. */
    private static final class MatchList {
        private int[] values = new int[16];
        private int size;

        void add(int aStart, int aEnd, int bStart, int bEnd) {
            if (size + 4 > values.length) {
                values = Arrays.copyOf(values, values.length * 2);
            }
            values[size++] = aStart;
            values[size++] = aEnd;
            values[size++] = bStart;
            values[size++] = bEnd;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
