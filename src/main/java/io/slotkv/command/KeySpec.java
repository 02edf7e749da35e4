package io.slotkv.command;

import io.slotkv.protocol.Numbers;

/**
 * Where a command's keys are among its arguments: a fixed range ({@code first..last} by {@code step}, with
 * {@code last < 0} counting from the end, as in Redis's legacy key specs), optionally followed by a "numkeys"
 * group whose count is the argument at {@code numkeysIndex} (ZUNIONSTORE, SINTERCARD), or replaced by every
 * argument after a {@code KEYS} keyword found from {@code keywordFrom} on (MIGRATE "" ... KEYS k1 k2).
 */
public record KeySpec(int first, int last, int step, int numkeysIndex, int keywordFrom) {
    /** No keys (PING, INFO, ...). */
    public static final KeySpec NONE = new KeySpec(0, 0, 0, 0, 0);

    /** Keys at {@code first..last} by {@code step}. */
    public static KeySpec range(int first, int last, int step) {
        return new KeySpec(first, last, step, 0, 0);
    }

    /** "numkeys key [key ...]" with numkeys at {@code index}, after an optional fixed key at {@code first}. */
    public static KeySpec numkeys(int first, int index) {
        return new KeySpec(first, first, first == 0 ? 0 : 1, index, 0);
    }

    /**
     * The key at {@code first}, unless a {@code KEYS} argument appears at {@code from} or later: then the arguments
     * after it. AUTH takes one argument and AUTH2 two, which the search skips, so a password spelled "KEYS" is not
     * taken for the keyword.
     */
    public static KeySpec keysAfterKeyword(int first, int from) {
        return new KeySpec(first, first, 1, 0, from);
    }

    public boolean movable() {
        return numkeysIndex > 0 || keywordFrom > 0;
    }

    /**
     * The argument indexes holding keys, or {@code null} when a numkeys argument is not a valid count (the command
     * itself reports that error).
     */
    public int[] positions(byte[][] argv) {
        int keyword = keywordFrom > 0 ? keyword(argv) : -1;
        if (keyword >= 0) {
            int[] positions = new int[argv.length - keyword - 1];
            java.util.Arrays.setAll(positions, i -> keyword + 1 + i);
            return positions;
        }
        int fixed = 0;
        int lastIndex = 0;
        if (first > 0) {
            lastIndex = last < 0 ? argv.length + last : last;
            fixed = lastIndex >= first ? (lastIndex - first) / step + 1 : 0;
        }
        int counted = 0;
        if (numkeysIndex > 0) {
            if (numkeysIndex >= argv.length) {
                return null;
            }
            long n = Numbers.parseLong(argv[numkeysIndex], -1);
            if (n < 0 || n > argv.length - numkeysIndex - 1) {
                return null;
            }
            counted = (int) n;
        }
        int[] positions = new int[fixed + counted];
        for (int i = 0; i < fixed; i++) {
            positions[i] = first + i * step;
        }
        for (int i = 0; i < counted; i++) {
            positions[fixed + i] = numkeysIndex + 1 + i;
        }
        return positions;
    }

    private int keyword(byte[][] argv) {
        for (int i = keywordFrom; i < argv.length; i++) {
            if (is(argv[i], "AUTH")) {
                i++;
            } else if (is(argv[i], "AUTH2")) {
                i += 2;
            } else if (is(argv[i], "KEYS")) {
                return i;
            }
        }
        return -1;
    }

    private static boolean is(byte[] arg, String word) {
        return arg.length == word.length()
                && new String(arg, java.nio.charset.StandardCharsets.ISO_8859_1).equalsIgnoreCase(word);
    }
}
