package dev.cinnabar.command.strings;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * A number as Redis's INCRBYFLOAT sees it: a C {@code long double}, which on x86-64 is the
 * x87 80-bit extended format (64-bit mantissa, 15-bit exponent, subnormals). Values are held
 * exactly as mantissa × 2^exponent and every operation rounds its exact result to that
 * format, ties to even, so that parsing ({@code strtold}), adding and printing
 * ({@code "%.17Lf"} without trailing zeros) give Redis's bytes for every input.
 */
public final class LongDouble {

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
    /** Quotient bits kept when dividing by a power of ten: the mantissa, a rounding bit and a guard bit. */
    private static final int DIVISION_BITS = MANTISSA_BITS + 3;
    private static final int PRINTED_FRACTION_DIGITS = 17;
    private static final BigInteger PRINT_SCALE = BigInteger.TEN.pow(PRINTED_FRACTION_DIGITS);
    private static final long EXPONENT_CEILING = 1_000_000_000L;

    public static final LongDouble ZERO = new LongDouble(BigInteger.ZERO, 0);
    private static final LongDouble NON_FINITE = new LongDouble(null, 0);

    /** Signed; null for an infinity or NaN. */
    private final BigInteger mantissa;
    private final int exponent;

    private LongDouble(BigInteger mantissa, int exponent) {
        this.mantissa = mantissa;
        this.exponent = exponent;
    }

    public boolean isFinite() {
        return mantissa != null;
    }

    /**
     * Parses {@code text} as Redis's {@code string2ld} does: the whole text must be what
     * {@code strtold} accepts (decimal or hexadecimal notation, inf, infinity), without
     * spaces; NaN, overflow and underflow to zero are rejected.
     *
     * @return the value (possibly infinite), or null if the text is not a valid float
     */
    public static LongDouble parse(byte[] text) {
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
        return negative ? new LongDouble(value.mantissa.negate(), value.exponent) : value;
    }

    /** The sum rounded to the extended format; non-finite if it overflows or an operand is infinite. */
    public LongDouble plus(LongDouble other) {
        if (mantissa == null || other.mantissa == null) {
            return NON_FINITE;
        }
        int common = Math.min(exponent, other.exponent);
        BigInteger sum = mantissa.shiftLeft(exponent - common).add(other.mantissa.shiftLeft(other.exponent - common));
        return round(sum, common);
    }

    /**
     * Redis's human-friendly form: {@code "%.17Lf"}, trailing zeros and a trailing point
     * removed, and "-0" written "0".
     */
    public byte[] toHumanBytes() {
        BigInteger magnitude = mantissa.abs();
        String digits;
        if (exponent >= 0) {
            digits = magnitude.shiftLeft(exponent).toString();
        } else {
            BigInteger fixedPoint = roundedShiftRight(magnitude.multiply(PRINT_SCALE), -exponent);
            digits = withFraction(fixedPoint.toString());
        }
        if (digits.equals("0") || mantissa.signum() >= 0) {
            return digits.getBytes(StandardCharsets.US_ASCII);
        }
        return ("-" + digits).getBytes(StandardCharsets.US_ASCII);
    }

    /** Places the decimal point before the last 17 digits and drops trailing zeros. */
    private static String withFraction(String fixedDigits) {
        StringBuilder text = new StringBuilder();
        for (int pad = fixedDigits.length(); pad <= PRINTED_FRACTION_DIGITS; pad++) {
            text.append('0');
        }
        text.append(fixedDigits);
        text.insert(text.length() - PRINTED_FRACTION_DIGITS, '.');
        int end = text.length();
        while (text.charAt(end - 1) == '0') {
            end--;
        }
        if (text.charAt(end - 1) == '.') {
            end--;
        }
        return text.substring(0, end);
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
        // the value is digits × 10^-scale; its leading digit sits at 10^magnitude
        long scale = fractionDigits - exponent;
        long magnitude = digits.length() - 1 - scale;
        if (magnitude > MAX_DECIMAL_MAGNITUDE) {
            return NON_FINITE;
        }
        if (magnitude < MIN_DECIMAL_MAGNITUDE) {
            return null; // strtold underflows to zero: ERANGE, which Redis rejects
        }
        BigInteger integer = new BigInteger(digits.toString());
        LongDouble rounded;
        if (scale <= 0) {
            rounded = round(integer.multiply(BigInteger.TEN.pow((int) -scale)), 0);
        } else {
            BigInteger divisor = BigInteger.TEN.pow((int) scale);
            int shift = Math.max(0, DIVISION_BITS + divisor.bitLength() - integer.bitLength());
            BigInteger[] quotient = integer.shiftLeft(shift).divideAndRemainder(divisor);
            // a set lowest bit stands for the non-zero remainder, so that ties are told from near-ties
            BigInteger sticky = quotient[0].shiftLeft(1).add(quotient[1].signum() == 0 ? BigInteger.ZERO : BigInteger.ONE);
            rounded = round(sticky, -shift - 1);
        }
        return rounded.isFinite() && rounded.mantissa.signum() == 0 ? null : rounded;
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
        LongDouble rounded = round(mantissa, (int) binaryExponent);
        return rounded.isFinite() && rounded.mantissa.signum() == 0 ? null : rounded;
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

    /** Rounds value × 2^exponent to the nearest extended-format value, ties to even. */
    private static LongDouble round(BigInteger value, int exponent) {
        if (value.signum() == 0) {
            return ZERO;
        }
        BigInteger magnitude = value.abs();
        int dropped = Math.max(magnitude.bitLength() - MANTISSA_BITS, MIN_EXPONENT - exponent);
        if (dropped > 0) {
            magnitude = roundedShiftRight(magnitude, dropped);
            exponent += dropped;
            if (magnitude.bitLength() > MANTISSA_BITS) {
                magnitude = magnitude.shiftRight(1); // rounded up to a power of two: exact
                exponent++;
            }
        }
        if (magnitude.signum() == 0) {
            return ZERO;
        }
        if (exponent + magnitude.bitLength() - MANTISSA_BITS > MAX_EXPONENT) {
            return NON_FINITE;
        }
        return new LongDouble(value.signum() < 0 ? magnitude.negate() : magnitude, exponent);
    }

    /** magnitude / 2^bits rounded to the nearest integer, ties to even. */
    private static BigInteger roundedShiftRight(BigInteger magnitude, int bits) {
        BigInteger quotient = magnitude.shiftRight(bits);
        boolean half = magnitude.testBit(bits - 1);
        boolean aboveHalf = half && magnitude.getLowestSetBit() < bits - 1;
        if (half && (aboveHalf || quotient.testBit(0))) {
            quotient = quotient.add(BigInteger.ONE);
        }
        return quotient;
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
