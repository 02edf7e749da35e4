package io.slotkv.protocol;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a line into words the way Redis splits inline commands and configuration lines.
 *
 * <p>Whitespace (space, \t, \n, \v, \f, \r) separates words, though only space, \t, \n and \r end an unquoted
 * word: "a\vb" is one word, as in Redis. A word may contain "double quoted" parts with escapes (backslash n, r,
 * t, b, a, xHH, or any other character taken literally) and 'single quoted' parts where only \' is an escape; a
 * closing quote must be followed by whitespace or the end of the line. One difference: a NUL byte is an ordinary
 * character here, where Redis's C strings would stop at it.
 */
public final class InlineSplitter {
    private InlineSplitter() {}

    /** The words of {@code line}, or {@code null} when quotes are unbalanced or a closing quote ends no word. */
    public static List<byte[]> split(byte[] line) {
        List<byte[]> words = new ArrayList<>();
        ByteArrayOutputStream word = new ByteArrayOutputStream();
        int i = 0;
        while (true) {
            while (i < line.length && isSpace(line[i])) {
                i++;
            }
            if (i == line.length) {
                return words;
            }
            while (i < line.length && !endsWord(line[i])) {
                byte c = line[i];
                if (c == '"' || c == '\'') {
                    i = c == '"' ? doubleQuoted(line, i + 1, word) : singleQuoted(line, i + 1, word);
                    if (i < 0) {
                        return null;
                    }
                    break; // a closing quote ends the word
                }
                word.write(c);
                i++;
            }
            words.add(word.toByteArray());
            word.reset();
        }
    }

    /** Reads a double-quoted part from {@code i} (after the quote); returns the index after it, or -1. */
    private static int doubleQuoted(byte[] line, int i, ByteArrayOutputStream word) {
        for (; i < line.length; i++) {
            byte c = line[i];
            if (c == '\\' && i + 3 < line.length && line[i + 1] == 'x' && isHex(line[i + 2]) && isHex(line[i + 3])) {
                word.write(Character.digit(line[i + 2], 16) * 16 + Character.digit(line[i + 3], 16));
                i += 3;
            } else if (c == '\\' && i + 1 < line.length) {
                i++;
                word.write(unescape(line[i]));
            } else if (c == '"') {
                return closed(line, i + 1);
            } else {
                word.write(c);
            }
        }
        return -1;
    }

    /** Reads a single-quoted part from {@code i} (after the quote); returns the index after it, or -1. */
    private static int singleQuoted(byte[] line, int i, ByteArrayOutputStream word) {
        for (; i < line.length; i++) {
            byte c = line[i];
            if (c == '\\' && i + 1 < line.length && line[i + 1] == '\'') {
                i++;
                word.write('\'');
            } else if (c == '\'') {
                return closed(line, i + 1);
            } else {
                word.write(c);
            }
        }
        return -1;
    }

    /** A closing quote must end the word: {@code next} is where it ends, or -1 when something else follows. */
    private static int closed(byte[] line, int next) {
        return next == line.length || isSpace(line[next]) ? next : -1;
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
    }

    private static boolean endsWord(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private static boolean isHex(byte c) {
        return Character.digit(c, 16) >= 0;
    }

    private static int unescape(byte c) {
        return switch (c) {
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'b' -> '\b';
            case 'a' -> 7;
            default -> c;
        };
    }
}
