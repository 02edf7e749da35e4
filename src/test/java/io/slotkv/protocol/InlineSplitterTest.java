package io.slotkv.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Expected words follow what Redis 7 answers to ECHO and SET sent inline with the same bytes. */
class InlineSplitterTest {

    @Test
    void splitsOnSpacesAndTabs() {
        assertThat(split("set k v")).containsExactly("set", "k", "v");
        assertThat(split("  a \t b  ")).containsExactly("a", "b");
        assertThat(split("a\rb\nc")).containsExactly("a", "b", "c");
    }

    @Test
    void blankLinesHaveNoWords() {
        assertThat(split("")).isEmpty();
        assertThat(split(" \t \u000b\f\r")).isEmpty();
    }

    @Test
    void verticalTabAndFormFeedSeparateWordsButDoNotEndThem() {
        assertThat(split("a\u000bb")).containsExactly("a\u000bb");
        assertThat(split("a\fb")).containsExactly("a\fb");
        assertThat(split("\u000ba \fb")).containsExactly("a", "b");
    }

    @Test
    void doubleQuotesKeepSpacesAndUnderstandEscapes() {
        assertThat(split("\"a b\" c")).containsExactly("a b", "c");
        assertThat(split("\"\\n\\r\\t\\b\\a\\\\\\\"\\q\"")).containsExactly("\n\r\t\b\u0007\\\"q");
        assertThat(split("\"\\x41\\x4a\\x4A\\x00\"")).containsExactly("AJJ\0");
        assertThat(split("\"\\x4g\"")).containsExactly("x4g");
        assertThat(split("\"\\x4\"")).containsExactly("x4");
    }

    @Test
    void singleQuotesOnlyEscapeTheQuote() {
        assertThat(split("'a\\'b'")).containsExactly("a'b");
        assertThat(split("'a\\nb \"c\"'")).containsExactly("a\\nb \"c\"");
    }

    @Test
    void quotesMayStartInsideAWordAndMustEndIt() {
        assertThat(split("ab\"cd\" e")).containsExactly("abcd", "e");
        assertThat(split("ab'c d'")).containsExactly("abc d");
        assertThat(split("\"a\"\u000bb")).containsExactly("a", "b");
        assertThat(split("\"a\"b")).isNull();
        assertThat(split("'a'b")).isNull();
        assertThat(split("'a'\"b\"")).isNull();
    }

    @Test
    void emptyQuotesAreEmptyWords() {
        assertThat(split("\"\" ''")).containsExactly("", "");
        assertThat(split("set k \"\"")).containsExactly("set", "k", "");
    }

    @Test
    void unbalancedQuotesAreRefused() {
        assertThat(split("\"abc")).isNull();
        assertThat(split("'abc")).isNull();
        assertThat(split("\"abc\\\"")).isNull();
        assertThat(split("\"abc\\")).isNull();
        assertThat(split("'abc\\'")).isNull();
    }

    @Test
    void bytesPassThroughUnchanged() {
        byte[] line = {'e', 'c', 'h', 'o', ' ', (byte) 0xC3, (byte) 0xA9, 0, (byte) 0xFF};
        List<byte[]> words = InlineSplitter.split(line);
        assertThat(words).hasSize(2);
        assertThat(words.get(1)).containsExactly((byte) 0xC3, (byte) 0xA9, 0, (byte) 0xFF);
    }

    private static List<String> split(String line) {
        List<byte[]> words = InlineSplitter.split(line.getBytes(StandardCharsets.ISO_8859_1));
        return words == null ? null : words.stream().map(w -> new String(w, StandardCharsets.ISO_8859_1)).toList();
    }
}
