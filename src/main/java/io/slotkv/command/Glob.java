package io.slotkv.command;

/**
 * Redis's glob matching (KEYS, SCAN MATCH, CONFIG GET): {@code *} any run, {@code ?} one byte, {@code [abc]},
 * {@code [^a]}, {@code [a-z]} classes and {@code \} escapes, on bytes.
 */
public final class Glob {
    private Glob() {}

    /** Whether {@code text} matches {@code pattern}. */
    public static boolean matches(byte[] pattern, byte[] text) {
        return match(pattern, 0, text, 0, false, 0);
    }

    /** As {@link #matches}, ignoring ASCII case (CONFIG GET). */
    public static boolean matchesIgnoreCase(byte[] pattern, byte[] text) {
        return match(pattern, 0, text, 0, true, 0);
    }

    /** True when the pattern matches everything, so callers can skip matching. */
    public static boolean matchesAll(byte[] pattern) {
        return pattern.length == 1 && pattern[0] == '*';
    }

    private static boolean match(byte[] p, int pi, byte[] s, int si, boolean nocase, int depth) {
        if (depth > 1000) {
            return false; // pathological patterns such as "*a*a*a*...": refuse rather than recurse without end
        }
        while (pi < p.length && si <= s.length) {
            byte c = p[pi];
            switch (c) {
                case '*' -> {
                    while (pi + 1 < p.length && p[pi + 1] == '*') {
                        pi++;
                    }
                    if (pi + 1 == p.length) {
                        return true;
                    }
                    for (int k = si; k <= s.length; k++) {
                        if (match(p, pi + 1, s, k, nocase, depth + 1)) {
                            return true;
                        }
                    }
                    return false;
                }
                case '?' -> {
                    if (si == s.length) {
                        return false;
                    }
                    si++;
                }
                case '[' -> {
                    if (si == s.length) {
                        return false;
                    }
                    int end = classEnd(p, pi);
                    if (!classMatches(p, pi + 1, end, s[si], nocase)) {
                        return false;
                    }
                    pi = end;
                    si++;
                }
                default -> {
                    if (c == '\\' && pi + 1 < p.length) {
                        pi++;
                        c = p[pi];
                    }
                    if (si == s.length || !same(c, s[si], nocase)) {
                        return false;
                    }
                    si++;
                }
            }
            pi++;
        }
        return pi == p.length && si == s.length;
    }

    /** Index of the ']' closing the class at {@code open}, or the last index when unterminated (as Redis). */
    private static int classEnd(byte[] p, int open) {
        int i = open + 1;
        if (i < p.length && p[i] == '^') {
            i++;
        }
        while (i < p.length && p[i] != ']') {
            if (p[i] == '\\' && i + 1 < p.length) {
                i++;
            }
            i++;
        }
        return Math.min(i, p.length - 1);
    }

    private static boolean classMatches(byte[] p, int from, int end, byte b, boolean nocase) {
        boolean not = from < end && p[from] == '^';
        if (not) {
            from++;
        }
        boolean match = false;
        for (int i = from; i < end || (i == end && p[end] != ']'); i++) {
            if (p[i] == '\\' && i + 1 <= end) {
                i++;
                match |= same(p[i], b, nocase);
            } else if (i + 2 < end + (p[end] == ']' ? 0 : 1) && p[i + 1] == '-') {
                int lo = p[i] & 0xFF;
                int hi = p[i + 2] & 0xFF;
                if (lo > hi) {
                    int t = lo;
                    lo = hi;
                    hi = t;
                }
                int v = b & 0xFF;
                if (nocase) {
                    match |= inRange(Character.toLowerCase(v), lo, hi) || inRange(Character.toUpperCase(v), lo, hi);
                } else {
                    match |= inRange(v, lo, hi);
                }
                i += 2;
            } else {
                match |= same(p[i], b, nocase);
            }
        }
        return not != match;
    }

    private static boolean inRange(int v, int lo, int hi) {
        return v >= lo && v <= hi;
    }

    private static boolean same(byte a, byte b, boolean nocase) {
        return a == b || (nocase && Character.toLowerCase(a & 0xFF) == Character.toLowerCase(b & 0xFF));
    }
}
