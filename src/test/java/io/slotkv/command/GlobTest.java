package io.slotkv.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Glob against answers recorded from Redis 7's KEYS, including its handling of malformed patterns. */
class GlobTest {
    private static boolean matches(String pattern, String text) {
        return Glob.matches(bytes(pattern), bytes(text));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @ParameterizedTest(name = "\"{0}\" matches \"{1}\": {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        // literals and wildcards
        "hello    | hello   | true",
        "hello    | Hello   | false",
        "hello    | hell    | false",
        "hello    | hello!  | false",
        "h?llo    | hallo   | true",
        "h?llo    | hllo    | false",
        "a?       | a       | false",
        "h*llo    | hllo    | true",
        "h*llo    | heeello | true",
        "h*llo    | hellx   | false",
        "*a       | a       | true",
        "a*       | a       | true",
        "a*b*c    | abc     | true",
        "a*b*c    | aXbYc   | true",
        "a*b*c    | acb     | false",
        "*        | abc     | true",
        "**a**    | xay     | true",
        // classes and ranges
        "h[ae]llo | hello   | true",
        "h[ae]llo | hillo   | false",
        "h[^e]llo | hallo   | true",
        "h[^e]llo | hello   | false",
        "h[a-b]llo| hbllo   | true",
        "h[a-b]llo| hcllo   | false",
        "[c-a]    | b       | true",
        "[a-c-e]  | -       | true",
        "[a-c-e]  | d       | false",
        "[!a]     | b       | false",
        "[]a]     | a       | false",
        "[]       | x       | false",
        // unterminated classes take the rest of the pattern
        "[abc     | c       | true",
        "[^       | x       | true",
        "[^]      | x       | true",
        "[        | [       | false",
        "a[       | a       | false",
        // escapes
        "\\*      | *       | true",
        "\\*      | a       | false",
        "h\\[a\\] | h[a]    | true",
        "a\\      | a\\     | true",
        "*\\      | a\\     | true",
        "[\\]]    | ]       | true",
        "[a\\-z]  | -       | true",
        "[a\\-z]  | b       | false",
        "[\\      | \\      | true",
        "[\\\\]   | \\      | true",
        // empty strings: Redis matches an empty text only with an empty pattern
        "\"\"     | \"\"    | true",
        "\"\"     | a       | false",
        "**       | \"\"    | false",
    })
    void matchesAsRedis(String pattern, String text, boolean expected) {
        assertThat(matches(pattern, text)).isEqualTo(expected);
    }

    @Test
    void nocaseFoldsLettersRangesAndClasses() {
        assertThat(Glob.matchesIgnoreCase(bytes("MAX*"), bytes("maxmemory"))).isTrue();
        assertThat(Glob.matchesIgnoreCase(bytes("[A-C]x"), bytes("bX"))).isTrue();
        assertThat(Glob.matchesIgnoreCase(bytes("[a-c]"), bytes("B"))).isTrue();
        assertThat(Glob.matchesIgnoreCase(bytes("[^a]"), bytes("A"))).isFalse();
        assertThat(Glob.matchesIgnoreCase(bytes("m?x"), bytes("MAX"))).isTrue();
        assertThat(Glob.matchesIgnoreCase(bytes("max"), bytes("mix"))).isFalse();
        assertThat(Glob.matches(bytes("MAX*"), bytes("maxmemory"))).isFalse();
    }

    @Test
    void matchesBinaryBytes() {
        byte[] text = {'k', (byte) 0x90, 0, 'z'};
        assertThat(Glob.matches(new byte[] {'k', '[', (byte) 0x80, '-', (byte) 0xFF, ']', '?', 'z'}, text)).isTrue();
        assertThat(Glob.matches(new byte[] {'k', '[', 'a', '-', 'z', ']', '*'}, text)).isFalse();
    }

    @Test
    void matchesAllOnlyForSingleStar() {
        assertThat(Glob.matchesAll(bytes("*"))).isTrue();
        assertThat(Glob.matchesAll(bytes("**"))).isFalse();
        assertThat(Glob.matchesAll(bytes("a*"))).isFalse();
    }

    @Test
    void nocaseFoldsOnlyAsciiLetters() {
        assertThat(Glob.matchesIgnoreCase(new byte[] {(byte) 0xC0}, new byte[] {(byte) 0xE0})).isFalse();
        assertThat(Glob.matchesIgnoreCase(bytes("[@-@]"), bytes("`"))).isFalse();
    }

    @Test
    void manyStarsDoNotBacktrackExponentially() {
        String pattern = "*a".repeat(40) + "*b";
        String text = "a".repeat(200);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertThat(matches(pattern, text)).isFalse();
            assertThat(matches(pattern, text + "b")).isTrue();
            assertThat(Glob.matchesIgnoreCase(bytes(pattern), bytes(text.toUpperCase()))).isFalse();
        });
    }

    @Test
    void longPatternsMatch() {
        String pattern = "a*".repeat(500);
        assertThat(matches(pattern, "a".repeat(500))).isTrue();
        assertThat(matches(pattern, "a".repeat(499))).isFalse();
        assertThat(matches(pattern, "ab".repeat(500))).isTrue();
    }
}
