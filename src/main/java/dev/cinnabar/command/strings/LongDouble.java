package dev.cinnabar.command.strings;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * A number as Redis's INCRBYFLOAT sees it: a C {@code long double}, which on x86-64 is the
 * x87 80-bit extended format (64-bit mantissa, 15-bit exponent, subnormals). Values are held
 * exactly as BigDecimals and every operation rounds its exact result to that format, so
 * that parsing ({@code strtold}), adding and printing ({@code "%.17Lf"} without trailing
 * zeros) give Redis's bytes for every input.
 */
final class LongDouble {

    /** Redis rejects numbers of this many characters or more (its MAX_LONG_DOUBLE_CHARS buffer). */
    private static final int TEXT_BUFFER = 5 * 1024;
    private static final int MANTISSA_BITS = 64;
    /** Binary exponent of the mantissa's lowest bit for the smallest normal and all subnormal values. */
    private static final int MIN_EXPONENT = -16382 - (MANTISSA_BITS - 1);
    /** Binary exponent of the mantissa's lowest bit for the largest finite values. */
    private static final int MAX_EXPONENT = 16383 - (MANTISSA_BITS - 1);
    /** Beyond these decimal magnitudes a value surely overflows or rounds to zero. */
    private static final long MAX_DECIMAL_MAGNITUDE = 4933;
    private static final long MIN_DECIMAL_MAGNITUDE = -4952;
    private static final int PRINTED_FRACTION_DIGITS = 17;
    private static final long EXPONENT_CEILING = 1_000_000_000L;

    static final LongDouble ZERO = new LongDouble(BigDecimal.ZERO);
    private static final LongDouble NON_FINITE = new LongDouble(null);

    /** The exact value, or null for an infinity or NaN. */
    private final BigDecimal exact;

    private LongDouble(BigDecimal exact) {
        this.exact = exact;
    }

    boolean isFinite() {
        return exact != null;
    }

    /**
     * Parses {@code text} as Redis's {@code string2ld} does: the whole text must be what
     * {@code strtold} accepts (decimal or hexadecimal notation, inf, infinity), without
     * spaces; NaN, overflow and underflow to zero are rejected.
     *
     * @return the value (possibly infinite), or null if the text is not a valid float
     */
    static LongDouble parse(byte[] text) {
        int length = text.length;
        if (length == 0 || length >= TEXT_BUFFER) {
            return null;
        }
        int pos = 0;
        boolean negative = false;
        if (text[0] == '+' || text[0] == '-') {
            negative = text[0] == '-';
            pos = 1;
        }
        if (restEqualsIgnoreCase(text, pos, "inf") || restEqualsIgnoreCase(text, pos, "infinity")) {
            return NON_FINITE;
        }
        boolean hex = length - pos > 2 && text[pos] == '0' && (text[pos + 1] == 'x' || text[pos + 1] == 'X');
        LongDouble value = hex ? parseHex(text, pos + 2) : parseDecimal(text, pos);
        if (value == null || !value.isFinite()) {
            return null;
        }
        return negative ? new LongDouble(value.exact.negate()) : value;
    }

    /** The sum rounded to the extended format; non-finite if it overflows or an operand is infinite. */
    LongDouble plus(LongDouble other) {
        if (exact == null || other.exact == null) {
            return NON_FINITE;
        }
        return roundExact(exact.add(other.exact));
    }

    /**
     * Redis's human-friendly form: {@code "%.17Lf"}, trailing zeros and a trailing point
     * removed, and "-0" written "0".
     */
    byte[] toHumanBytes() {
        String fixed = exact.setScale(PRINTED_FRACTION_DIGITS, RoundingMode.HALF_EVEN).toPlainString();
        int end = fixed.length();
        while (fixed.charAt(end - 1) == '0') {
            end--;
        }
        if (fixed.charAt(end - 1) == '.') {
            end--;
        }
        String human = fixed.substring(0, end);
        return (human.equals("-0") ? "0" : human).getBytes(StandardCharsets.US_ASCII);
    }

    private static LongDouble parseDecimal(byte[] text, int start) {
        StringBuilder digits = new StringBuilder();
        int pos = start;
        long fractionDigits = 0;
        boolean point = false;
        boolean anyDigit = false;
        for (; pos < text.length; pos++) {
            byte b = text[pos];
            if (b >= '0' && b <= '9') {
                anyDigit = true;
                if (digits.length() > 0 || b != '0') {
                    digits.append((char) b);
                }
                if (point) {
                    fractionDigits++;
                }
            } else if (b == '.' && !point) {
                point = true;
            } else {
                break;
            }
        }
        if (!anyDigit) {
            return null;
        }
        long exponent = 0;
        if (pos < text.length && (text[pos] == 'e' || text[pos] == 'E')) {
            int end = exponentEnd(text, pos + 1);
            if (end < 0) {
                return null;
            }
            exponent = parseExponent(text, pos + 1, end);
            pos = end;
        }
        if (pos != text.length) {
            return null;
        }
        if (digits.length() == 0) {
            return ZERO;
        }
        // digits are d.ddd × 10^magnitude once normalised; beyond the format's range skip the arithmetic
        long trailingIntegerZeros = fractionDigits - exponent;
        long magnitude = digits.length() - 1 - trailingIntegerZeros;
        if (magnitude > MAX_DECIMAL_MAGNITUDE) {
            return NON_FINITE;
        }
        if (magnitude < MIN_DECIMAL_MAGNITUDE) {
            return null; // strtold underflows to zero: ERANGE, which Redis rejects
        }
        BigDecimal exact = new BigDecimal(new BigInteger(digits.toString()), Math.toIntExact(trailingIntegerZeros));
        LongDouble rounded = roundExact(exact);
        return rounded.isFinite() && rounded.exact.signum() == 0 ? null : rounded;
    }

    private static LongDouble parseHex(byte[] text, int start) {
        BigInteger mantissa = BigInteger.ZERO;
        int pos = start;
        long fractionDigits = 0;
        boolean point = false;
        boolean anyDigit = false;
        for (; pos < text.length; pos++) {
            int digit = hexDigit(text[pos]);
            if (digit >= 0) {
                anyDigit = true;
                mantissa = mantissa.shiftLeft(4).or(BigInteger.valueOf(digit));
                if (point) {
                    fractionDigits++;
                }
            } else if (text[pos] == '.' && !point) {
                point = true;
            } else {
                break;
            }
        }
        if (!anyDigit) {
            return null; // strtold reads only the "0" of "0x", leaving the rest unparsed
        }
        long exponent = 0;
        if (pos < text.length && (text[pos] == 'p' || text[pos] == 'P')) {
            int end = exponentEnd(text, pos + 1);
            if (end < 0) {
                return null;
            }
            exponent = parseExponent(text, pos + 1, end);
            pos = end;
        }
        if (pos != text.length) {
            return null;
        }
        if (mantissa.signum() == 0) {
            return ZERO;
        }
        long binaryExponent = exponent - 4 * fractionDigits;
        long topBit = mantissa.bitLength() - 1 + binaryExponent;
        if (topBit > MAX_EXPONENT + MANTISSA_BITS) {
            return NON_FINITE;
        }
        if (topBit < MIN_EXPONENT - 2) {
            return null;
        }
        LongDouble rounded = roundExact(timesPowerOfTwo(mantissa, (int) binaryExponent));
        return rounded.isFinite() && rounded.exact.signum() == 0 ? null : rounded;
    }

    /** End of the digits of an exponent starting at {@code pos} (after an optional sign), or -1 if none. */
    private static int exponentEnd(byte[] text, int pos) {
        if (pos < text.length && (text[pos] == '+' || text[pos] == '-')) {
            pos++;
        }
        int digitsStart = pos;
        while (pos < text.length && text[pos] >= '0' && text[pos] <= '9') {
            pos++;
        }
        return pos == digitsStart ? -1 : pos;
    }

    /** The exponent's value, saturated far beyond the format's range so that it cannot overflow. */
    private static long parseExponent(byte[] text, int start, int end) {
        boolean negative = text[start] == '-';
        int pos = text[start] == '+' || text[start] == '-' ? start + 1 : start;
        long value = 0;
        for (; pos < end; pos++) {
            value = Math.min(EXPONENT_CEILING, value * 10 + (text[pos] - '0'));
        }
        return negative ? -value : value;
    }

    /** Rounds an exact value to the nearest extended-format value, ties to even. */
    private static LongDouble roundExact(BigDecimal value) {
        int sign = value.signum();
        if (sign == 0) {
            return ZERO;
        }
        BigInteger numerator = value.unscaledValue().abs();
        BigInteger denominator = BigInteger.ONE;
        if (value.scale() > 0) {
            denominator = BigInteger.TEN.pow(value.scale());
        } else if (value.scale() < 0) {
            numerator = numerator.multiply(BigInteger.TEN.pow(-value.scale()));
        }
        // Choose the exponent that leaves exactly 64 bits before the binary point.
        int exponent = numerator.bitLength() - denominator.bitLength() - MANTISSA_BITS;
        BigInteger[] quotient = divideByPowerOfTwo(numerator, denominator, exponent);
        while (quotient[0].bitLength() != MANTISSA_BITS) {
            exponent += quotient[0].bitLength() > MANTISSA_BITS ? 1 : -1;
            quotient = divideByPowerOfTwo(numerator, denominator, exponent);
        }
        if (exponent < MIN_EXPONENT) {
            exponent = MIN_EXPONENT; // subnormal: fewer mantissa bits
            quotient = divideByPowerOfTwo(numerator, denominator, exponent);
        }
        BigInteger mantissa = quotient[0];
        BigInteger divisor = exponent >= 0 ? denominator.shiftLeft(exponent) : denominator;
        int half = quotient[1].shiftLeft(1).compareTo(divisor);
        if (half > 0 || (half == 0 && mantissa.testBit(0))) {
            mantissa = mantissa.add(BigInteger.ONE);
            if (mantissa.bitLength() > MANTISSA_BITS) {
                mantissa = mantissa.shiftRight(1);
                exponent++;
            }
        }
        if (exponent > MAX_EXPONENT) {
            return NON_FINITE;
        }
        BigDecimal rounded = timesPowerOfTwo(mantissa, exponent);
        return new LongDouble(sign < 0 ? rounded.negate() : rounded);
    }

    /** Quotient and remainder of numerator / (denominator × 2^exponent). */
    private static BigInteger[] divideByPowerOfTwo(BigInteger numerator, BigInteger denominator, int exponent) {
        return exponent >= 0
                ? numerator.divideAndRemainder(denominator.shiftLeft(exponent))
                : numerator.shiftLeft(-exponent).divideAndRemainder(denominator);
    }

    /** mantissa × 2^exponent as an exact decimal (2^-k is 5^k / 10^k). */
    private static BigDecimal timesPowerOfTwo(BigInteger mantissa, int exponent) {
        return exponent >= 0
                ? new BigDecimal(mantissa.shiftLeft(exponent))
                : new BigDecimal(mantissa.multiply(BigInteger.valueOf(5).pow(-exponent)), -exponent);
    }

    private static int hexDigit(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }

    private static boolean restEqualsIgnoreCase(byte[] text, int pos, String lowerCaseWord) {
        if (text.length - pos != lowerCaseWord.length()) {
            return false;
        }
        for (int i = 0; i < lowerCaseWord.length(); i++) {
            int b = text[pos + i];
            if ((b >= 'A' && b <= 'Z' ? b + 32 : b) != lowerCaseWord.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
