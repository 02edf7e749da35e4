package io.slotkv.protocol;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * Number parsing and formatting with Redis's exact rules, because clients compare these strings byte for byte.
 *
 * <ul>
 *   <li>Integers are strict: optional '-', no '+', no leading zeros, no "-0", no spaces, within 64 bits.
 *   <li>Doubles are what C's {@code strtod} reads, as a whole: decimal and hexadecimal ("0x1p4") forms,
 *       "inf"/"infinity" in any case and sign, but no NaN, no surrounding spaces, and no value that overflows or
 *       underflows to zero ("1e400", "1e-400").
 *   <li>{@link #formatDouble} writes a double as Redis 7.2 replies with it (ZSCORE, RESP3 doubles).
 *   <li>{@link #parseDecimal} and {@link #formatDecimal} carry INCRBYFLOAT's arithmetic, which Redis does in
 *       x86's 80-bit {@code long double} and prints with 17 decimals: "1000" plus "0.1" is
 *       "1000.09999999999999998" there, and here.
 * </ul>
 */
public final class Numbers {
    /** Largest magnitude Redis prints as a plain integer ({@code LLONG_MAX/2} as a double, 2^62). */
    private static final double PLAIN_INTEGER_LIMIT = 0x1p62;
    /** Longest number INCRBYFLOAT accepts, in characters (Redis's long double buffer). */
    private static final int MAX_DECIMAL_LENGTH = 5 * 1024 - 1;
    /** Bits in the significand of an x86 extended-precision long double. */
    private static final int LONG_DOUBLE_BITS = 64;
    /** Binary exponent of the least significant bit of the smallest long double (subnormals included). */
    private static final int LONG_DOUBLE_MIN_EXPONENT = -16445;
    /** Largest binary exponent of the least significant bit of a finite long double. */
    private static final int LONG_DOUBLE_MAX_EXPONENT = 16320;
    private static final double LOG2_10 = 3.321928094887362;

    private Numbers() {}

    // ---------------------------------------------------------------- integers

    /** Whether {@code text} is a canonical 64-bit integer. */
    public static boolean isLong(byte[] text) {
        return isLong(text, 0, text.length);
    }

    /** Whether {@code text[from, to)} is a canonical 64-bit integer. */
    public static boolean isLong(byte[] text, int from, int to) {
        // -1 is the fallback below, and "-1" is the only text that parses to it
        return parseLong(text, from, to, -1) != -1 || (to - from == 2 && text[from] == '-' && text[from + 1] == '1');
    }

    /** The integer {@code text} represents, or {@code fallback} when it is not a canonical 64-bit integer. */
    public static long parseLong(byte[] text, long fallback) {
        return parseLong(text, 0, text.length, fallback);
    }

    /**
     * The integer {@code text[from, to)} represents, or {@code fallback} when it is not a canonical 64-bit integer
     * (Redis's {@code string2ll}).
     */
    public static long parseLong(byte[] text, int from, int to, long fallback) {
        if (from >= to || to - from > 20) {
            return fallback;
        }
        boolean negative = text[from] == '-';
        int i = negative ? from + 1 : from;
        if (i == to || text[i] < '1' || text[i] > '9') {
            return to - from == 1 && text[from] == '0' ? 0 : fallback;
        }
        long value = 0;
        for (; i < to; i++) {
            int digit = text[i] - '0';
            // accumulate negatively so that Long.MIN_VALUE parses
            if (digit < 0 || digit > 9 || value < (Long.MIN_VALUE + digit) / 10) {
                return fallback;
            }
            value = value * 10 - digit;
        }
        if (!negative) {
            if (value == Long.MIN_VALUE) {
                return fallback;
            }
            value = -value;
        }
        return value;
    }

    /** ASCII bytes of a decimal integer. */
    public static byte[] bytes(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }

    // ---------------------------------------------------------------- doubles

    /** The double {@code text} represents, or {@code null} when Redis would answer "not a valid float". */
    public static Double parseDouble(byte[] text) {
        Literal literal = Literal.scan(text);
        if (literal == null) {
            return null;
        }
        if (literal.infinite) {
            return literal.negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        String s = new String(text, StandardCharsets.ISO_8859_1);
        double d = Double.parseDouble(literal.hex && !literal.hasExponent ? s + "p0" : s);
        // strtod reports these as out of range, and Redis refuses them
        if (Double.isInfinite(d) || (d == 0 && !literal.zero)) {
            return null;
        }
        return d;
    }

    /**
     * {@code d} as Redis 7.2 writes doubles in replies: "nan", "inf", "-inf", "0", "-0"; integers up to 2^62 in
     * full ("100", "100000000000000000"); otherwise the shortest digits that read back as {@code d}, in plain
     * notation when the number is not too far from 1 ("1.5", "0.00001", "12345678901234567000") and in scientific
     * notation with an unpadded exponent otherwise ("1e+20", "1.5e-7").
     *
     * <p>One known difference: Redis takes its digits from the Grisu2 algorithm, which for about one double in a
     * thousand gives a digit more than the shortest form, or another last digit (1e23 is "99999999999999990000000"
     * in Redis and "1e+23" here; -9.12521e-5 is "-9.125210000000001e-5" there). Both read back as the same double.
     */
    public static String formatDouble(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0" : "0";
        }
        if (Math.abs(d) <= PLAIN_INTEGER_LIMIT && d == Math.rint(d)) {
            return Long.toString((long) d);
        }
        BigDecimal shortest = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        if (shortest.precision() == 2) {
            // Java prefers a closer two-digit form where one digit reads back too (tiny subnormals: 4.9e-324)
            BigDecimal oneDigit = shortest.round(new MathContext(1, RoundingMode.HALF_EVEN));
            if (Double.parseDouble(oneDigit.toString()) == Math.abs(d)) {
                shortest = oneDigit.stripTrailingZeros();
            }
        }
        String digits = shortest.unscaledValue().toString();
        int k = -shortest.scale(); // |d| = digits × 10^k
        int n = digits.length();
        int exponent = k + n - 1; // of the first digit
        StringBuilder out = new StringBuilder(24);
        if (d < 0) {
            out.append('-');
        }
        if (k >= 0 && exponent < n + 7) {
            out.append(digits).repeat('0', k);
        } else if (k < 0 && (k > -7 || Math.abs(exponent) < 4)) {
            int point = n + k;
            if (point <= 0) {
                out.append("0.").repeat('0', -point).append(digits);
            } else {
                out.append(digits, 0, point).append('.').append(digits, point, n);
            }
        } else {
            out.append(digits.charAt(0));
            if (n > 1) {
                out.append('.').append(digits, 1, n);
            }
            out.append('e').append(exponent < 0 ? '-' : '+').append(Math.abs(exponent));
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- INCRBYFLOAT arithmetic

    /**
     * The value INCRBYFLOAT reads from {@code text}: the nearest x86 {@code long double}, exactly, or {@code null}
     * when Redis would answer "not a valid float" (the syntax of {@link #parseDouble}, at most 5119 characters,
     * within the long double range). Infinities are {@code null} too: callers report them as Redis does
     * ("increment would produce NaN or Infinity") by checking {@link #parseDouble} first.
     *
     * <p>Adding two such values exactly and passing the sum to {@link #formatDecimal} gives Redis's result.
     */
    public static BigDecimal parseDecimal(byte[] text) {
        if (text.length > MAX_DECIMAL_LENGTH) {
            return null;
        }
        Literal literal = Literal.scan(text);
        if (literal == null || literal.infinite) {
            return null;
        }
        BigDecimal exact = literal.exactValue();
        if (exact == null) {
            return null;
        }
        BigDecimal rounded = toLongDouble(exact);
        // out of range: strtold overflows, or underflows a non-zero number to zero
        return rounded == null || (rounded.signum() == 0 && !literal.zero) ? null : rounded;
    }

    /**
     * Formats an INCRBYFLOAT or HINCRBYFLOAT result as Redis does: rounded to a {@code long double}, then in fixed
     * notation with at most 17 decimals, trailing zeros removed ("10.6", "5000", "1000.09999999999999998"), "0"
     * rather than "-0", and "inf" or "-inf" when the value is beyond the long double range.
     */
    public static String formatDecimal(BigDecimal value) {
        // below 2^-58 nothing survives 17 decimals: spare tiny numbers the costly exact rounding
        if (value.unscaledValue().bitLength() - value.scale() * LOG2_10 < -58) {
            return "0";
        }
        BigDecimal rounded = toLongDouble(value);
        if (rounded == null) {
            return value.signum() > 0 ? "inf" : "-inf";
        }
        BigDecimal fixed = rounded.setScale(17, RoundingMode.HALF_EVEN);
        return fixed.signum() == 0 ? "0" : fixed.stripTrailingZeros().toPlainString();
    }

    /**
     * {@code exact} rounded to the nearest x86 extended-precision long double (64-bit significand, ties to even,
     * subnormals included), or {@code null} when that overflows.
     */
    private static BigDecimal toLongDouble(BigDecimal exact) {
        if (exact.signum() == 0) {
            return BigDecimal.ZERO;
        }
        // a quick range check first, so that absurd exponents never reach BigInteger arithmetic
        int decimalExponent = exact.precision() - exact.scale() - 1;
        if (decimalExponent > 4933) {
            return null;
        }
        if (decimalExponent < -4953) {
            return BigDecimal.ZERO;
        }
        BigInteger numerator = exact.unscaledValue().abs();
        BigInteger denominator = BigInteger.ONE;
        if (exact.scale() < 0) {
            numerator = numerator.multiply(BigInteger.TEN.pow(-exact.scale()));
        } else {
            denominator = BigInteger.TEN.pow(exact.scale());
        }
        // value = numerator / denominator = significand × 2^exponent, with a 64-bit significand
        int exponent = Math.max(
                numerator.bitLength() - denominator.bitLength() - LONG_DOUBLE_BITS, LONG_DOUBLE_MIN_EXPONENT);
        BigInteger[] quotient = divide(numerator, denominator, exponent);
        if (quotient[0].bitLength() > LONG_DOUBLE_BITS) {
            exponent++;
            quotient = divide(numerator, denominator, exponent);
        }
        BigInteger significand = quotient[0];
        int half = quotient[1].shiftLeft(1).compareTo(quotient[2]);
        if (half > 0 || (half == 0 && significand.testBit(0))) {
            significand = significand.add(BigInteger.ONE);
            if (significand.bitLength() > LONG_DOUBLE_BITS) {
                significand = significand.shiftRight(1);
                exponent++;
            }
        }
        if (exponent > LONG_DOUBLE_MAX_EXPONENT) {
            return null;
        }
        BigDecimal magnitude = exponent >= 0
                ? new BigDecimal(significand.shiftLeft(exponent))
                : new BigDecimal(significand.multiply(BigInteger.valueOf(5).pow(-exponent)), -exponent);
        return exact.signum() < 0 ? magnitude.negate() : magnitude;
    }

    /** {quotient, remainder, divisor} of numerator / (denominator × 2^exponent). */
    private static BigInteger[] divide(BigInteger numerator, BigInteger denominator, int exponent) {
        BigInteger n = exponent < 0 ? numerator.shiftLeft(-exponent) : numerator;
        BigInteger d = exponent > 0 ? denominator.shiftLeft(exponent) : denominator;
        BigInteger[] qr = n.divideAndRemainder(d);
        return new BigInteger[] {qr[0], qr[1], d};
    }

    /**
     * A number in {@code strtod}'s syntax, taken apart: [sign] (digits [. digits] | . digits) [e [sign] digits],
     * the same with "0x", hex digits and a binary exponent "p", or "inf"/"infinity". NaN is not a number here.
     */
    private static final class Literal {
        /** Exponents are clamped here: far beyond any range, and safe from overflow when adjusted. */
        private static final int EXPONENT_CLAMP = 1_000_000_000;

        private final byte[] text;
        boolean negative;
        boolean infinite;
        boolean hex;
        boolean hasExponent;
        /** Whether every mantissa digit is zero. */
        boolean zero = true;
        /** The mantissa, point included: {@code text[mantissaFrom, mantissaTo)}. */
        private int mantissaFrom;
        private int mantissaTo;
        /** Digits after the point. */
        private int fractionDigits;
        /** The written exponent, clamped to ±{@link #EXPONENT_CLAMP}. */
        private int exponent;

        private Literal(byte[] text) {
            this.text = text;
        }

        /** The parts of {@code text}, or {@code null} when all of it is not one number. */
        static Literal scan(byte[] text) {
            Literal literal = new Literal(text);
            return literal.parse() ? literal : null;
        }

        private boolean parse() {
            int i = 0;
            int end = text.length;
            if (i < end && (text[i] == '+' || text[i] == '-')) {
                negative = text[i] == '-';
                i++;
            }
            if (isInfinity(i)) {
                infinite = true;
                return true;
            }
            hex = end - i > 2 && text[i] == '0' && (text[i + 1] == 'x' || text[i + 1] == 'X');
            if (hex) {
                i += 2;
            }
            int radix = hex ? 16 : 10;
            mantissaFrom = i;
            boolean point = false;
            boolean digits = false;
            for (; i < end; i++) {
                byte c = text[i];
                if (c == '.' && !point) {
                    point = true;
                } else if (Character.digit(c, radix) >= 0) {
                    digits = true;
                    zero &= c == '0';
                    if (point) {
                        fractionDigits++;
                    }
                } else {
                    break;
                }
            }
            mantissaTo = i;
            if (!digits) {
                return false;
            }
            if (i < end && (hex ? text[i] == 'p' || text[i] == 'P' : text[i] == 'e' || text[i] == 'E')) {
                hasExponent = true;
                i = exponent(i + 1);
            }
            return i == end;
        }

        /** Whether the text from {@code i} on is "inf" or "infinity", in any case. */
        private boolean isInfinity(int i) {
            int length = text.length - i;
            if (length != 3 && length != 8) {
                return false;
            }
            String word = new String(text, i, length, StandardCharsets.ISO_8859_1);
            return word.equalsIgnoreCase("inf") || word.equalsIgnoreCase("infinity");
        }

        /** Reads a signed decimal exponent at {@code i}; returns the index after it, or -1 if there is none. */
        private int exponent(int i) {
            boolean negativeExponent = false;
            if (i < text.length && (text[i] == '+' || text[i] == '-')) {
                negativeExponent = text[i] == '-';
                i++;
            }
            int start = i;
            long value = 0;
            for (; i < text.length && text[i] >= '0' && text[i] <= '9'; i++) {
                value = Math.min(value * 10 + (text[i] - '0'), EXPONENT_CLAMP);
            }
            exponent = (int) (negativeExponent ? -value : value);
            return i > start ? i : -1;
        }

        /** The exact value, or {@code null} when it is certainly beyond the long double range. */
        BigDecimal exactValue() {
            if (zero) {
                return BigDecimal.ZERO;
            }
            StringBuilder digits = new StringBuilder(mantissaTo - mantissaFrom);
            for (int i = mantissaFrom; i < mantissaTo; i++) {
                if (text[i] != '.') {
                    digits.append((char) text[i]);
                }
            }
            BigInteger mantissa = new BigInteger(digits.toString(), hex ? 16 : 10);
            if (negative) {
                mantissa = mantissa.negate();
            }
            if (!hex) {
                long scale = (long) fractionDigits - exponent;
                if (Math.abs(scale) > 100_000) {
                    return scale < 0 ? null : BigDecimal.ZERO;
                }
                return new BigDecimal(mantissa, (int) scale);
            }
            long binaryExponent = (long) exponent - 4L * fractionDigits;
            long magnitude = binaryExponent + mantissa.bitLength();
            if (magnitude > 16400) {
                return null;
            }
            if (magnitude < LONG_DOUBLE_MIN_EXPONENT - 2) {
                return BigDecimal.ZERO;
            }
            return binaryExponent >= 0
                    ? new BigDecimal(mantissa.shiftLeft((int) binaryExponent))
                    : new BigDecimal(mantissa.multiply(BigInteger.valueOf(5).pow((int) -binaryExponent)),
                            (int) -binaryExponent);
        }
    }
}
