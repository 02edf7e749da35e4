package io.slotkv.command;

/**
 * Redis's glob matching (KEYS, SCAN MATCH, CONFIG GET): {@code *} any run, {@code ?} one byte, {@code [abc]},
 * {@code [^a]}, {@code [a-z]} classes and {@code \} escapes, on bytes. Malformed patterns behave as in Redis: an
 * unterminated class takes the rest of the pattern, a trailing {@code \} is literal, and an empty text matches only
 * the empty pattern.
 *
 * <p>Matching backtracks only to the last {@code *} seen, so it takes at most O(pattern × text) steps: patterns
 * such as {@code *a*a*a*...b} cannot make a server thread spin (Redis has the same protection).
 */
public final class Glob {
    private Glob() {}

    /** Whether {@code text} matches {@code pattern}. */
    public static boolean matches(byte[] pattern, byte[] text) {
        return match(pattern, text, false);
    }

    /** As {@link #matches}, ignoring ASCII case (CONFIG GET). */
    public static boolean matchesIgnoreCase(byte[] pattern, byte[] text) {
        return match(pattern, text, true);
    }

    /** True when the pattern matches everything, so callers can skip matching. */
    public static boolean matchesAll(byte[] pattern) {
        return pattern.length == 1 && pattern[0] == '*';
    }

    private static boolean match(byte[] p, byte[] s, boolean nocase) {
        if (s.length == 0) {
            return p.length == 0;
        }
        int pi = 0;
        int si = 0;
        int afterStar = -1; // pattern index after the last '*', where a mismatch resumes
        int starText = 0; // text index that '*' matched up to (exclusive)
        while (si < s.length) {
            if (pi < p.length && p[pi] == '*') {
                afterStar = ++pi;
                starText = si;
                continue;
            }
            int next = pi < p.length ? matchOne(p, pi, s[si], nocase) : -1;
            if (next >= 0) {
                pi = next;
                si++;
            } else if (afterStar >= 0) {
                pi = afterStar;
                si = ++starText;
            } else {
                return false;
            }
        }
        while (pi < p.length && p[pi] == '*') {
            pi++;
        }
        return pi == p.length;
    }

    /** Matches byte {@code b} against the token at {@code p[pi]}: the index after the token, or -1. */
    private static int matchOne(byte[] p, int pi, byte b, boolean nocase) {
        return switch (p[pi]) {
            case '?' -> pi + 1;
            case '[' -> matchClass(p, pi, b, nocase);
            default -> {
                int literal = p[pi] == '\\' && pi + 1 < p.length ? pi + 1 : pi;
                yield same(p[literal], b, nocase) ? literal + 1 : -1;
            }
        };
    }

    /** Matches {@code b} against the class opening at {@code p[open]}: the index after the class, or -1. */
    private static int matchClass(byte[] p, int open, byte b, boolean nocase) {
        int i = open + 1;
        boolean negate = i < p.length && p[i] == '^';
        if (negate) {
            i++;
        }
        boolean found = false;
        while (i < p.length && p[i] != ']') {
            if (p[i] == '\\' && i + 1 < p.length) {
                found |= same(p[i + 1], b, nocase);
                i += 2;
            } else if (i + 2 < p.length && p[i + 1] == '-' && p[i + 2] != ']') {
                found |= inRange(p[i] & 0xFF, p[i + 2] & 0xFF, b & 0xFF, nocase);
                i += 3;
            } else {
                found |= same(p[i], b, nocase);
                i++;
            }
        }
        return found != negate ? Math.min(i + 1, p.length) : -1;
    }

    /** Whether {@code v} lies between {@code a} and {@code b}, in either order, folded to lower case as Redis does. */
    private static boolean inRange(int a, int b, int v, boolean nocase) {
        int lo = Math.min(a, b);
        int hi = Math.max(a, b);
        if (nocase) {
            lo = lower(lo);
            hi = lower(hi);
            v = lower(v);
        }
        return v >= lo && v <= hi;
    }

    private static boolean same(byte a, byte b, boolean nocase) {
        return a == b || (nocase && lower(a & 0xFF) == lower(b & 0xFF));
    }

    /** ASCII-only lower case, as C's tolower in the "C" locale: bytes above 0x7F are not letters. */
    private static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
    }
}
