package dev.cinnabar.command.sortedsets;

import dev.cinnabar.command.Numbers;
import dev.cinnabar.protocol.ErrorReplyException;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * Scores as Redis reads and prints them. Reading follows C's {@code strtod}, which Redis
 * uses: decimal and hexadecimal forms, {@code inf}/{@code infinity}, no NaN. Printing follows
 * {@code %.17g} (ZSCORE, WITHSCORES), {@code %.17Lf} without trailing zeros (GEOPOS) and
 * four decimals (distances).
 */
public final class Scores {

    private static final MathContext SEVENTEEN_DIGITS = new MathContext(17, RoundingMode.HALF_EVEN);
    /** Integral scores below this print as plain integers under %.17g. */
    private static final double PLAIN_INTEGER_LIMIT = 1e17;
    /** d2string prints integral scores of this magnitude and less as integers (the listpack keeps them so). */
    private static final double LISTPACK_INTEGER_LIMIT = 0x1p62;

    private Scores() {
    }

    /** What {@code strtod} made of a prefix of a string: its value and where it stopped. */
    record Parsed(double value, int end, boolean outOfRange) {
    }

    /** A score argument as Redis's string2d reads it: the whole argument, no space, no overflow, no NaN. */
    public static double parseOrError(byte[] text, String error) {
        if (text.length == 0 || isSpace(text[0])) {
            throw new ErrorReplyException(error);
        }
        Parsed parsed = strtod(text, 0);
        if (parsed.end != text.length || parsed.outOfRange || Double.isNaN(parsed.value)) {
            throw new ErrorReplyException(error);
        }
        return parsed.value;
    }

    public static double parseOrError(byte[] text) {
        return parseOrError(text, Numbers.NOT_A_FLOAT);
    }

    /**
     * C's {@code strtod} from {@code from}: skips leading white space, reads the longest
     * number it can; {@code end == from} if there is none (the value is then 0).
     */
    static Parsed strtod(byte[] s, int from) {
        int i = from;
        while (i < s.length && isSpace(s[i])) {
            i++;
        }
        int start = i;
        boolean negative = false;
        if (i < s.length && (s[i] == '+' || s[i] == '-')) {
            negative = s[i] == '-';
            i++;
        }
        int afterSign = i;
        if (matchesWord(s, i, "infinity")) {
            return new Parsed(negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY, i + 8, false);
        }
        if (matchesWord(s, i, "inf")) {
            return new Parsed(negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY, i + 3, false);
        }
        if (matchesWord(s, i, "nan")) {
            int end = i + 3;
            if (end < s.length && s[end] == '(') {
                int close = end + 1;
                while (close < s.length && (Character.isLetterOrDigit(s[close]) || s[close] == '_')) {
                    close++;
                }
                if (close < s.length && s[close] == ')') {
                    end = close + 1;
                }
            }
            return new Parsed(Double.NaN, end, false);
        }
        if (i + 1 < s.length && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
            Parsed hex = hexadecimal(s, i + 2, negative);
            if (hex != null) {
                return hex;
            }
            // "0x" without hex digits: strtod reads the "0"
            return new Parsed(negative ? -0.0 : 0.0, i + 1, false);
        }
        boolean nonZeroDigit = false;
        int digits = 0;
        while (i < s.length && isDigit(s[i])) {
            nonZeroDigit |= s[i] != '0';
            i++;
            digits++;
        }
        if (i < s.length && s[i] == '.') {
            i++;
            while (i < s.length && isDigit(s[i])) {
                nonZeroDigit |= s[i] != '0';
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return new Parsed(0, from, false);
        }
        if (i < s.length && (s[i] == 'e' || s[i] == 'E')) {
            int exponent = i + 1;
            if (exponent < s.length && (s[exponent] == '+' || s[exponent] == '-')) {
                exponent++;
            }
            if (exponent < s.length && isDigit(s[exponent])) {
                i = exponent;
                while (i < s.length && isDigit(s[i])) {
                    i++;
                }
            }
        }
        double value = Double.parseDouble(new String(s, start, i - start, StandardCharsets.US_ASCII));
        boolean outOfRange = Double.isInfinite(value) || (value == 0 && nonZeroDigit);
        return new Parsed(value, i, outOfRange);
    }

    private static Parsed hexadecimal(byte[] s, int from, boolean negative) {
        int i = from;
        StringBuilder literal = new StringBuilder(negative ? "-0x" : "0x");
        int digits = 0;
        boolean nonZeroDigit = false;
        while (i < s.length && isHexDigit(s[i])) {
            nonZeroDigit |= s[i] != '0';
            literal.append((char) s[i++]);
            digits++;
        }
        if (i < s.length && s[i] == '.') {
            literal.append('.');
            i++;
            while (i < s.length && isHexDigit(s[i])) {
                nonZeroDigit |= s[i] != '0';
                literal.append((char) s[i++]);
                digits++;
            }
        }
        if (digits == 0) {
            return null;
        }
        String exponent = "p0";
        if (i < s.length && (s[i] == 'p' || s[i] == 'P')) {
            int e = i + 1;
            if (e < s.length && (s[e] == '+' || s[e] == '-')) {
                e++;
            }
            if (e < s.length && isDigit(s[e])) {
                while (e < s.length && isDigit(s[e])) {
                    e++;
                }
                exponent = "p" + new String(s, i + 1, e - i - 1, StandardCharsets.US_ASCII);
                i = e;
            }
        }
        double value = Double.parseDouble(literal + exponent);
        return new Parsed(value, i, Double.isInfinite(value) || (value == 0 && nonZeroDigit));
    }

    private static boolean matchesWord(byte[] s, int at, String word) {
        if (at + word.length() > s.length) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            if (Character.toLowerCase((char) s[at + k]) != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0B || b == '\f';
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static boolean isHexDigit(byte b) {
        return isDigit(b) || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }

    /** A score as Redis replies it: {@code %.17g}, {@code inf}, {@code -inf}. */
    public static String format(double value) {
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0) {
            return 1 / value < 0 ? "-0" : "0";
        }
        if (value == Math.rint(value) && Math.abs(value) < PLAIN_INTEGER_LIMIT) {
            return Long.toString((long) value);
        }
        BigDecimal rounded = new BigDecimal(value).round(SEVENTEEN_DIGITS).stripTrailingZeros();
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent >= -4 && exponent < 17) {
            return rounded.toPlainString();
        }
        String digits = rounded.unscaledValue().abs().toString();
        StringBuilder text = new StringBuilder(24);
        if (rounded.signum() < 0) {
            text.append('-');
        }
        text.append(digits.charAt(0));
        if (digits.length() > 1) {
            text.append('.').append(digits, 1, digits.length());
        }
        text.append(exponent < 0 ? "e-" : "e+");
        int magnitude = Math.abs(exponent);
        if (magnitude < 10) {
            text.append('0');
        }
        return text.append(magnitude).toString();
    }

    /** A score as the listpack holds it (Redis's d2string): integral values as integers. */
    public static String formatPacked(double value) {
        if (value == Math.rint(value) && Math.abs(value) < LISTPACK_INTEGER_LIMIT) {
            return Long.toString((long) value);
        }
        return format(value);
    }

    /** {@code %.17Lf} without trailing zeros, as GEOPOS prints coordinates. */
    public static String formatHuman(double value) {
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        String text = new BigDecimal(value).setScale(17, RoundingMode.HALF_EVEN).toPlainString();
        int end = text.length();
        while (text.charAt(end - 1) == '0') {
            end--;
        }
        if (text.charAt(end - 1) == '.') {
            end--;
        }
        String trimmed = text.substring(0, end);
        return trimmed.equals("-0") ? "0" : trimmed;
    }

    /** Four decimals, rounded half to even like C's {@code llrint}, as distances are printed. */
    public static String formatFourDecimals(double value) {
        long scaled = (long) Math.rint(value * 10000);
        StringBuilder text = new StringBuilder(24);
        if (scaled < 0) {
            text.append('-');
            scaled = -scaled;
        }
        String fraction = Long.toString(scaled % 10000);
        text.append(scaled / 10000).append('.');
        text.append("0000", 0, 4 - fraction.length()).append(fraction);
        return text.toString();
    }
}
