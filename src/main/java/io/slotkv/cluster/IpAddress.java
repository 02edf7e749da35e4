package io.slotkv.cluster;

/**
 * IP address literals as Redis's CLUSTER MEET reads and prints them ({@code inet_pton} then {@code inet_ntop}):
 * strict dotted-quad IPv4, IPv6 with one "::" and an optional IPv4 tail, and the canonical IPv6 text (lowercase,
 * the longest run of two or more zero groups shortened to "::", IPv4-mapped addresses as "::ffff:1.2.3.4"). Host
 * names are refused, never resolved: this code must not block or touch the network.
 */
final class IpAddress {
    private IpAddress() {}

    /** The canonical form of {@code text}, or null if it is not an IPv4 or IPv6 literal. */
    static String normalize(String text) {
        int[] v4 = parseV4(text);
        if (v4 != null) {
            return v4[0] + "." + v4[1] + "." + v4[2] + "." + v4[3];
        }
        int[] v6 = parseV6(text);
        return v6 == null ? null : formatV6(v6);
    }

    /** Four octets, or null. Each octet 0-255 without leading zeros (glibc's inet_pton). */
    private static int[] parseV4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        int[] octets = new int[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || part.length() > 1 && part.charAt(0) == '0') {
                return null;
            }
            for (int j = 0; j < part.length(); j++) {
                if (part.charAt(j) < '0' || part.charAt(j) > '9') {
                    return null;
                }
            }
            octets[i] = Integer.parseInt(part);
            if (octets[i] > 255) {
                return null;
            }
        }
        return octets;
    }

    /** Eight 16-bit groups, or null. */
    private static int[] parseV6(String text) {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        int[] head = gap >= 0 ? groups(text.substring(0, gap), false) : groups(text, true);
        int[] tail = gap >= 0 ? groups(text.substring(gap + 2), true) : new int[0];
        if (head == null || tail == null) {
            return null;
        }
        int count = head.length + tail.length;
        if (gap >= 0 ? count > 7 : count != 8) {
            return null;
        }
        int[] words = new int[8];
        System.arraycopy(head, 0, words, 0, head.length);
        System.arraycopy(tail, 0, words, 8 - tail.length, tail.length);
        return words;
    }

    /** The groups of a colon-separated run ("" is none); the last may be an IPv4 tail when allowed. */
    private static int[] groups(String run, boolean ipv4Tail) {
        if (run.isEmpty()) {
            return new int[0];
        }
        String[] parts = run.split(":", -1);
        String last = parts[parts.length - 1];
        int[] v4 = ipv4Tail && last.indexOf('.') >= 0 ? parseV4(last) : null;
        if (last.indexOf('.') >= 0 && v4 == null) {
            return null;
        }
        int hexParts = v4 == null ? parts.length : parts.length - 1;
        int[] words = new int[hexParts + (v4 == null ? 0 : 2)];
        for (int i = 0; i < hexParts; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 4) {
                return null;
            }
            int value = 0;
            for (int j = 0; j < part.length(); j++) {
                int digit = Character.digit(part.charAt(j), 16);
                if (digit < 0) {
                    return null;
                }
                value = value << 4 | digit;
            }
            words[i] = value;
        }
        if (v4 != null) {
            words[hexParts] = v4[0] << 8 | v4[1];
            words[hexParts + 1] = v4[2] << 8 | v4[3];
        }
        return words;
    }

    private static String formatV6(int[] words) {
        int bestStart = -1;
        int bestLength = 0;
        for (int i = 0; i < 8; ) {
            if (words[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && words[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        if (bestLength < 2) {
            bestStart = -1;
        }
        boolean v4Tail = bestStart == 0 && (bestLength == 6 || bestLength == 5 && words[5] == 0xffff);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append(':');
                i += bestLength - 1;
                if (i == 7) {
                    text.append(':');
                }
                continue;
            }
            if (i > 0) {
                text.append(':');
            }
            if (v4Tail && i == 6) {
                text.append(words[6] >> 8).append('.').append(words[6] & 0xff).append('.')
                        .append(words[7] >> 8).append('.').append(words[7] & 0xff);
                break;
            }
            text.append(Integer.toHexString(words[i]));
        }
        return text.toString();
    }
}
