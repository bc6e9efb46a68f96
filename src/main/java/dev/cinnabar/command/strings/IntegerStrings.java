package dev.cinnabar.command.strings;

import dev.cinnabar.command.Numbers;
import dev.cinnabar.protocol.ErrorReplyException;

import java.nio.charset.StandardCharsets;

/**
 * Strict 64-bit integers written as strings, the way Redis stores counters: parsed and
 * formatted without boxing or intermediate Strings, since INCR and SET ... EX are hot.
 */
final class IntegerStrings {

    /** Shared because it is stackless and immutable; thrown for every malformed integer. */
    static final ErrorReplyException NOT_AN_INTEGER = new ErrorReplyException(Numbers.NOT_AN_INTEGER);

    private static final int MAX_DIGITS_WITH_SIGN = 20;
    /** Up to this many digits a long cannot overflow, so the common case needs no range checks. */
    private static final int SAFE_DIGITS = 18;

    private IntegerStrings() {
    }

    /**
     * Parses Redis's integer syntax: an optional '-', digits without leading zeros (so
     * neither "01" nor "-0"), no spaces or '+', within 64 bits.
     *
     * @throws ErrorReplyException "ERR value is not an integer or out of range" otherwise
     */
    static long parse(byte[] bytes) {
        int length = bytes.length;
        if (length == 0 || length > MAX_DIGITS_WITH_SIGN) {
            throw NOT_AN_INTEGER;
        }
        if (length == 1 && bytes[0] == '0') {
            return 0;
        }
        boolean negative = bytes[0] == '-';
        int i = negative ? 1 : 0;
        if (i == length || bytes[i] < '1' || bytes[i] > '9') {
            throw NOT_AN_INTEGER;
        }
        if (length - i <= SAFE_DIGITS) {
            return negative ? -parseDigits(bytes, i) : parseDigits(bytes, i);
        }
        // Accumulated negatively because Long.MIN_VALUE has no positive counterpart.
        long value = 0;
        for (; i < length; i++) {
            int digit = bytes[i] - '0';
            if (digit < 0 || digit > 9 || value < (Long.MIN_VALUE + digit) / 10) {
                throw NOT_AN_INTEGER;
            }
            value = value * 10 - digit;
        }
        if (negative) {
            return value;
        }
        if (value == Long.MIN_VALUE) {
            throw NOT_AN_INTEGER;
        }
        return -value;
    }

    private static long parseDigits(byte[] bytes, int from) {
        long value = 0;
        for (int i = from; i < bytes.length; i++) {
            int digit = bytes[i] - '0';
            if (digit < 0 || digit > 9) {
                throw NOT_AN_INTEGER;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    /** The decimal digits of {@code value}, in one exactly sized array. */
    static byte[] toBytes(long value) {
        if (value == Long.MIN_VALUE) {
            return "-9223372036854775808".getBytes(StandardCharsets.US_ASCII);
        }
        boolean negative = value < 0;
        long magnitude = negative ? -value : value;
        int digits = 1;
        for (long rest = magnitude; rest >= 10; rest /= 10) {
            digits++;
        }
        byte[] bytes = new byte[negative ? digits + 1 : digits];
        for (int i = bytes.length - 1; i >= (negative ? 1 : 0); i--) {
            bytes[i] = (byte) ('0' + magnitude % 10);
            magnitude /= 10;
        }
        if (negative) {
            bytes[0] = '-';
        }
        return bytes;
    }
}
