package io.slotkv.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NumbersTest {

    // ---------------------------------------------------------------- integers

    @ParameterizedTest
    @CsvSource({"0, 0", "1, 1", "-1, -1", "123, 123", "-45, -45", "9223372036854775807, 9223372036854775807",
        "-9223372036854775808, -9223372036854775808"})
    void canonicalIntegersParse(String text, long value) {
        assertThat(Numbers.isLong(bytes(text))).isTrue();
        assertThat(Numbers.parseLong(bytes(text), 42)).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "+1", "+0", "01", "00", "-0", "-01", " 1", "1 ", "1.0", "1e3", "0x10",
        "9223372036854775808", "-9223372036854775809", "99999999999999999999", "123456789012345678901", "1-",
        "--1", "１"})
    void everythingElseIsRefused(String text) {
        assertThat(Numbers.isLong(bytes(text))).isFalse();
        assertThat(Numbers.parseLong(bytes(text), 42)).isEqualTo(42);
    }

    @Test
    void minusOneIsTheOnlyTextThatLooksLikeTheFallback() {
        assertThat(Numbers.isLong(bytes("-1"))).isTrue();
        assertThat(Numbers.isLong(bytes("-2"))).isTrue();
        assertThat(Numbers.isLong(bytes("-x"))).isFalse();
    }

    @Test
    void rangesOfAnArrayParse() {
        byte[] text = bytes("$-12\r\n");
        assertThat(Numbers.parseLong(text, 1, 4, 0)).isEqualTo(-12);
        assertThat(Numbers.isLong(text, 1, 4)).isTrue();
        assertThat(Numbers.isLong(text, 1, 5)).isFalse();
        assertThat(Numbers.isLong(text, 1, 1)).isFalse();
    }

    @Test
    void bytesAreTheDecimalText() {
        assertThat(new String(Numbers.bytes(Long.MIN_VALUE), StandardCharsets.US_ASCII))
                .isEqualTo("-9223372036854775808");
    }

    // ---------------------------------------------------------------- doubles

    /** What ZADD accepts in Redis 7 (checked against redis-server: ZADD z <text> m; ZSCORE z m). */
    @ParameterizedTest
    @CsvSource({"1, 1", "-1, -1", "1.5, 1.5", ".5, 0.5", "5., 5", "+1.5, 1.5", "1e3, 1000", "1E3, 1000",
        "1e+3, 1000", "1e-3, 0.001", "-0, -0", "0x10, 16", "0X1p4, 16", "0x1.8p1, 3", "0x.8, 0.5", "-0x10, -16",
        "4e-320, 4e-320", "1.7976931348623157e308, 1.7976931348623157e308", "0001.5000, 1.5", "0e999999, 0"})
    void doublesParseAsStrtodReadsThem(String text, double value) {
        assertThat(Numbers.parseDouble(bytes(text))).isEqualTo(value);
    }

    @Test
    void infinitiesParseInEveryCase() {
        for (String text : new String[] {"inf", "+inf", "INF", "Inf", "infinity", "Infinity", "+INFINITY"}) {
            assertThat(Numbers.parseDouble(bytes(text))).as(text).isEqualTo(Double.POSITIVE_INFINITY);
        }
        for (String text : new String[] {"-inf", "-INF", "-infinity", "-Infinity"}) {
            assertThat(Numbers.parseDouble(bytes(text))).as(text).isEqualTo(Double.NEGATIVE_INFINITY);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"nan", "NaN", "-nan", "+nan", " 1", "1 ", "1d", "1f", "1D", "", "-", "+", ".", "e3",
        "1e", "1e+", "1e3.5", "1..2", "--1", "+-1", "1,5", "1_0", "0x", "0x.", "0xp1", "0x1p", "0x1g", "infinit",
        "infinityy", "in", "1e400", "-1e400", "1e-400", "0x1p1024", "0x1p-1076", "２"})
    void doublesRedisRefuses(String text) {
        assertThat(Numbers.parseDouble(bytes(text))).isNull();
    }

    /** The expected texts were printed by Redis 7.2's own formatting code for the same doubles. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1.5                     | 1.5",
        "0.1                     | 0.1",
        "1e20                    | 1e+20",
        "100                     | 100",
        "3.0                     | 3",
        "-1.5                    | -1.5",
        "0.30000000000000004     | 0.30000000000000004",
        "0.3333333333333333      | 0.3333333333333333",
        "1e17                    | 100000000000000000",
        "4611686018427387904     | 4611686018427387904",
        "-4611686018427387904    | -4611686018427387904",
        "4611686018427388928     | 4611686018427389000",
        "9223372036854775808     | 9223372036854776000",
        "1.2345678901234567e19   | 12345678901234567000",
        "1e21                    | 1e+21",
        "1e16                    | 10000000000000000",
        "1e15                    | 1000000000000000",
        "1000000000000000.5      | 1000000000000000.5",
        "10000000.5              | 10000000.5",
        "123456789012.5          | 123456789012.5",
        "12345.000000001         | 1.2345000000001e+4",
        "123.456                 | 123.456",
        "0.001                   | 0.001",
        "0.0001                  | 0.0001",
        "0.00001                 | 0.00001",
        "0.000025                | 0.000025",
        "0.000123                | 0.000123",
        "0.0000123               | 1.23e-5",
        "1e-7                    | 1e-7",
        "1.5e-7                  | 1.5e-7",
        "1e-300                  | 1e-300",
        "1.7976931348623157e308  | 1.7976931348623157e+308",
        "4.9e-324                | 5e-324",
    })
    void doublesAreWrittenAsRedis72WritesThem(double value, String text) {
        assertThat(Numbers.formatDouble(value)).isEqualTo(text);
    }

    @Test
    void specialDoubles() {
        assertThat(Numbers.formatDouble(Double.POSITIVE_INFINITY)).isEqualTo("inf");
        assertThat(Numbers.formatDouble(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
        assertThat(Numbers.formatDouble(Double.NaN)).isEqualTo("nan");
        assertThat(Numbers.formatDouble(0.0)).isEqualTo("0");
        // Redis's formatter keeps the sign of zero (ZSCORE of a member added with score -0 in a large sorted set)
        assertThat(Numbers.formatDouble(-0.0)).isEqualTo("-0");
    }

    @Test
    void formattedDoublesReadBackExactly() {
        Random random = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            double d = switch (i % 3) {
                case 0 -> Double.longBitsToDouble(random.nextLong());
                case 1 -> (random.nextInt(2_000_000) - 1_000_000) / Math.pow(10, random.nextInt(12));
                default -> random.nextGaussian() * Math.pow(10, random.nextInt(80) - 40);
            };
            if (Double.isNaN(d)) {
                continue;
            }
            String text = Numbers.formatDouble(d);
            assertThat(Numbers.parseDouble(bytes(text))).as(text).isEqualTo(d);
        }
    }

    // ---------------------------------------------------------------- INCRBYFLOAT arithmetic

    /** Checked against redis-server: SET k a; INCRBYFLOAT k b. */
    @ParameterizedTest
    @CsvSource({
        "10.5, 0.1, 10.6",
        "10.6, -5, 5.6",
        "5.0e3, 0, 5000",
        "5.0e3, 2.0e2, 5200",
        "0.1, 0.2, 0.3",
        "3.14159, 2.71828, 5.85987",
        "-5, 5, 0",
        "0, -0.000000000000000000001, 0",
        "-0, -0, 0",
        "3, 0.0000000000000000001, 3",
        "1000, 0.1, 1000.09999999999999998",
        "12345, 0.01, 12345.00999999999999979",
        "99999, 0.9, 99999.89999999999999858",
        "10000000000, 0.1, 10000000000.09999999962747097",
        "123456789012345678, 0.5, 123456789012345678.5",
        "1e17, 1, 100000000000000001",
        "0x10, 1, 17",
        "0x1p3, 0.5, 8.5",
    })
    void incrbyfloatArithmeticMatchesRedis(String value, String increment, String result) {
        BigDecimal sum = Numbers.parseDecimal(bytes(value)).add(Numbers.parseDecimal(bytes(increment)));
        assertThat(Numbers.formatDecimal(sum)).isEqualTo(result);
    }

    @Test
    void longDoublesReachFarBeyondDoubles() {
        String formatted = Numbers.formatDecimal(Numbers.parseDecimal(bytes("1e400")));
        assertThat(formatted).hasSize(401).startsWith("10000000000000000000281880683947586514586453433629");
        assertThat(Numbers.parseDecimal(bytes("1e4932"))).isNotNull();
        assertThat(Numbers.parseDecimal(bytes("4e-4951"))).isNotNull();
        BigDecimal huge = Numbers.parseDecimal(bytes("1.1e4932"));
        assertThat(Numbers.formatDecimal(huge.add(huge))).isEqualTo("inf");
        assertThat(Numbers.formatDecimal(huge.add(huge).negate())).isEqualTo("-inf");
    }

    @ParameterizedTest
    @ValueSource(strings = {"inf", "-inf", "nan", "1e5000", "1.2e4932", "1e-5000", "1e-4952", " 1", "1 ", "abc", "",
        "1d", "0x1p16384"})
    void decimalsRedisRefuses(String text) {
        assertThat(Numbers.parseDecimal(bytes(text))).isNull();
    }

    @Test
    void decimalsHaveALengthLimit() {
        String longest = "1." + "0".repeat(5117);
        assertThat(longest).hasSize(5119);
        assertThat(Numbers.parseDecimal(bytes(longest))).isEqualByComparingTo("1");
        assertThat(Numbers.parseDecimal(bytes(longest + "0"))).isNull();
    }

    @Test
    void decimalsAreRoundedToLongDoublePrecision() {
        // 0.1 is not exact in binary: the nearest long double is 0.1 plus about 1.4e-21
        assertThat(Numbers.parseDecimal(bytes("0.1")))
                .isEqualByComparingTo("0.1000000000000000000013552527156068805425093160010874271392822265625");
        assertThat(Numbers.parseDecimal(bytes("18446744073709551615"))).isEqualByComparingTo("18446744073709551615");
        assertThat(Numbers.parseDecimal(bytes("18446744073709551617"))).isEqualByComparingTo("18446744073709551616");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
