package io.slotkv.protocol;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * Number parsing and formatting with Redis's exact rules, because clients compare these strings byte for byte.
 *
 * <p>Integers are strict: optional '-', no '+', no leading zeros, no spaces, within 64 bits (Redis's
 * {@code string2ll}). Doubles accept what {@code strtod} accepts except NaN and surrounding spaces, plus
 * "inf"/"+inf"/"-inf". Doubles are written in their shortest round-trip form, as Redis 7.2 and later do.
 */
public final class Numbers {
    private Numbers() {}

    /** Whether {@code text} is a canonical 64-bit integer. */
    public static boolean isLong(byte[] text) {
        return text.length > 0 && text.length <= 20 && parse(text) != null;
    }

    /**
     * The integer {@code text} represents, or {@code fallback} when it is not a canonical 64-bit integer.
     */
    public static long parseLong(byte[] text, long fallback) {
        Long value = text.length > 0 && text.length <= 20 ? parse(text) : null;
        return value == null ? fallback : value;
    }

    private static Long parse(byte[] text) {
        int i = 0;
        boolean negative = text[0] == '-';
        if (negative) {
            i = 1;
            if (text.length == 1) {
                return null;
            }
        }
        if (text[i] == '0') {
            return text.length == i + 1 && !negative ? 0L : null;
        }
        long value = 0;
        for (; i < text.length; i++) {
            int digit = text[i] - '0';
            if (digit < 0 || digit > 9) {
                return null;
            }
            // accumulate negatively so that Long.MIN_VALUE parses
            if (value < (Long.MIN_VALUE + digit) / 10) {
                return null;
            }
            value = value * 10 - digit;
        }
        if (!negative) {
            if (value == Long.MIN_VALUE) {
                return null;
            }
            value = -value;
        }
        return value;
    }

    /** The double {@code text} represents, or {@code null} when it is not a valid number (NaN is invalid). */
    public static Double parseDouble(byte[] text) {
        if (text.length == 0 || text.length > 5000) {
            return null;
        }
        String s = new String(text, StandardCharsets.US_ASCII);
        char first = s.charAt(0);
        char last = s.charAt(s.length() - 1);
        if (Character.isWhitespace(first) || Character.isWhitespace(last)) {
            return null;
        }
        switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "inf", "+inf", "infinity", "+infinity" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-inf", "-infinity" -> {
                return Double.NEGATIVE_INFINITY;
            }
            default -> {}
        }
        // Java accepts suffixes like "1d" or "1f" and hex floats written differently from C; refuse them.
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9') && c != '.' && c != 'e' && c != 'E' && c != '-' && c != '+') {
                return null;
            }
        }
        try {
            double d = Double.parseDouble(s);
            return Double.isNaN(d) ? null : d;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The exact decimal {@code text} represents (for INCRBYFLOAT), or {@code null}. */
    public static BigDecimal parseDecimal(byte[] text) {
        Double d = parseDouble(text);
        if (d == null || d.isInfinite()) {
            return null;
        }
        BigDecimal exact;
        try {
            exact = new BigDecimal(new String(text, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            exact = BigDecimal.valueOf(d);
        }
        // Redis computes in long double, whose exponent stays within about ±4950: beyond that it is no number
        // Redis can hold, and the exact decimal would take unbounded time and memory to format.
        return Math.abs((long) exact.scale()) > 5000 ? null : exact;
    }

    /**
     * Formats an INCRBYFLOAT result as Redis does: fixed notation with at most 17 decimals, trailing zeros removed.
     */
    public static String formatDecimal(BigDecimal value) {
        BigDecimal rounded = value.setScale(17, RoundingMode.HALF_EVEN).stripTrailingZeros();
        if (rounded.signum() == 0) {
            return "0";
        }
        return rounded.toPlainString();
    }

    /** Shortest round-trip text of {@code d}: "1", "1.5", "1e+20", "inf", "-inf". */
    public static String formatDouble(double d) {
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e17) {
            return Long.toString((long) d);
        }
        BigDecimal exact = new BigDecimal(Double.toString(d));
        int exponent = exact.precision() - exact.scale() - 1;
        if (exponent < -4 || exponent >= 17) {
            String digits = exact.unscaledValue().abs().toString().replaceAll("0+$", "");
            StringBuilder b = new StringBuilder();
            if (d < 0) {
                b.append('-');
            }
            b.append(digits.charAt(0));
            if (digits.length() > 1) {
                b.append('.').append(digits, 1, digits.length());
            }
            b.append('e').append(exponent < 0 ? '-' : '+');
            int abs = Math.abs(exponent);
            if (abs < 10) {
                b.append('0');
            }
            return b.append(abs).toString();
        }
        return exact.stripTrailingZeros().toPlainString();
    }

    /** ASCII bytes of a decimal integer. */
    public static byte[] bytes(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }
}
