package io.slotkv.protocol;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a line into words the way Redis splits inline commands and configuration lines: spaces separate words,
 * "double quotes" allow escapes (backslash-n, backslash-xHH, ...), 'single quotes' only an escaped quote.
 */
public final class InlineSplitter {
    private InlineSplitter() {}

    /** The words of {@code line}, or {@code null} when quotes are unbalanced. */
    public static List<byte[]> split(byte[] line) {
        List<byte[]> words = new ArrayList<>();
        int i = 0;
        while (true) {
            while (i < line.length && isSpace(line[i])) {
                i++;
            }
            if (i == line.length) {
                return words;
            }
            ByteArrayOutputStream word = new java.io.ByteArrayOutputStream();
            boolean inDouble = false;
            boolean inSingle = false;
            boolean done = false;
            while (!done) {
                if (i == line.length) {
                    if (inDouble || inSingle) {
                        return null;
                    }
                    done = true;
                } else if (inDouble) {
                    byte c = line[i];
                    if (c == '\\' && i + 3 < line.length && line[i + 1] == 'x'
                            && isHex(line[i + 2]) && isHex(line[i + 3])) {
                        word.write(Character.digit(line[i + 2], 16) * 16 + Character.digit(line[i + 3], 16));
                        i += 3;
                    } else if (c == '\\' && i + 1 < line.length) {
                        i++;
                        word.write(unescape(line[i]));
                    } else if (c == '"') {
                        if (i + 1 < line.length && !isSpace(line[i + 1])) {
                            return null;
                        }
                        done = true;
                    } else {
                        word.write(c);
                    }
                    i++;
                } else if (inSingle) {
                    byte c = line[i];
                    if (c == '\\' && i + 1 < line.length && line[i + 1] == '\'') {
                        i++;
                        word.write('\'');
                    } else if (c == '\'') {
                        if (i + 1 < line.length && !isSpace(line[i + 1])) {
                            return null;
                        }
                        done = true;
                    } else {
                        word.write(c);
                    }
                    i++;
                } else {
                    byte c = line[i];
                    if (isSpace(c)) {
                        done = true;
                    } else if (c == '"') {
                        inDouble = true;
                    } else if (c == '\'') {
                        inSingle = true;
                    } else {
                        word.write(c);
                    }
                    i++;
                }
            }
            words.add(word.toByteArray());
        }
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == 0x0b || c == '\f';
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
