package dev.cinnabar.command;

import dev.cinnabar.protocol.ErrorReplyException;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/** Number parsing and formatting with Redis's exact rules and error messages. */
public final class Numbers {

    public static final String NOT_AN_INTEGER = "ERR value is not an integer or out of range";
    public static final String NOT_A_FLOAT = "ERR value is not a valid float";

    private Numbers() {
    }

    /**
     * Redis's strict integer syntax: an optional '-', digits without leading zeros, no
     * spaces or '+', within 64 bits.
     *
     * @return the value, or null if the bytes are not such an integer
     */
    public static Long parseLong(byte[] bytes) {
        int length = bytes.length;
        if (length == 0 || length > 20) {
            return null;
        }
        boolean negative = bytes[0] == '-';
        int i = negative ? 1 : 0;
        if (i == length) {
            return null;
        }
        if (length == 1 && bytes[0] == '0') {
            return 0L;
        }
        if (bytes[i] == '0') {
            return null;
        }
        long value = 0;
        for (; i < length; i++) {
            int digit = bytes[i] - '0';
            if (digit < 0 || digit > 9) {
                return null;
            }
            // accumulate negatively so that Long.MIN_VALUE fits
            if (value < (Long.MIN_VALUE + digit) / 10) {
                return null;
            }
            value = value * 10 - digit;
        }
        if (!negative) {
            if (value == Long.MIN_VALUE) {
                return null;
            }
            return -value;
        }
        return value;
    }

    public static long parseLongOrError(byte[] bytes) {
        Long value = parseLong(bytes);
        if (value == null) {
            throw new ErrorReplyException(NOT_AN_INTEGER);
        }
        return value;
    }

    /**
     * Parses a floating-point argument as Redis does: decimal or exponent notation,
     * {@code inf}/{@code +inf}/{@code -inf} (any case), no spaces, no NaN.
     *
     * @return the value, or null if the bytes are not such a number
     */
    public static Double parseDouble(byte[] bytes) {
        if (bytes.length == 0 || bytes.length > 5000) {
            return null;
        }
        String text = new String(bytes, StandardCharsets.US_ASCII);
        char first = text.charAt(0);
        char last = text.charAt(text.length() - 1);
        if (Character.isWhitespace(first) || Character.isWhitespace(last)) {
            return null;
        }
        switch (text.toLowerCase()) {
            case "inf", "+inf", "infinity", "+infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf", "-infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                break;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
                return null; // rejects hex floats, NaN, and Java's 'd'/'f' suffixes
            }
        }
        try {
            double value = Double.parseDouble(text);
            return Double.isNaN(value) ? null : value;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public static double parseDoubleOrError(byte[] bytes) {
        Double value = parseDouble(bytes);
        if (value == null) {
            throw new ErrorReplyException(NOT_A_FLOAT);
        }
        return value;
    }

    /**
     * Formats a double the way Redis prints INCRBYFLOAT results: up to 17 significant
     * digits, no exponent, no trailing zeros.
     */
    public static String formatLongDouble(double value) {
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e17) {
            return Long.toString((long) value);
        }
        BigDecimal decimal = new BigDecimal(value).round(new java.math.MathContext(17));
        String plain = decimal.stripTrailingZeros().toPlainString();
        return plain.equals("-0") ? "0" : plain;
    }

    /** The decimal form of a long as bytes, as stored for an integer string value. */
    public static byte[] toBytes(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }
}
