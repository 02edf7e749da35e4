package io.slotkv.command;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Finds a command by its name as the client sent it, ignoring ASCII case, without allocating: the dispatcher looks
 * up every command, so this sits on the hottest path. An open-addressing table over lower-cased name bytes.
 */
final class NameIndex {
    private final byte[][] names;
    private final CommandSpec[] specs;
    private final int mask;

    NameIndex(Map<String, CommandSpec> byName) {
        int capacity = Integer.highestOneBit(Math.max(4, byName.size() * 4));
        names = new byte[capacity][];
        specs = new CommandSpec[capacity];
        mask = capacity - 1;
        byName.forEach((name, spec) -> {
            byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
            int i = hash(bytes) & mask;
            while (names[i] != null) {
                i = (i + 1) & mask;
            }
            names[i] = bytes;
            specs[i] = spec;
        });
    }

    private static int lower(byte b) {
        return b >= 'A' && b <= 'Z' ? b + 32 : b;
    }

    private static int hash(byte[] name) {
        int h = 0;
        for (byte b : name) {
            h = 31 * h + lower(b);
        }
        return h ^ (h >>> 16);
    }

    /** The command named {@code name} in any case, or {@code null}. */
    CommandSpec get(byte[] name) {
        for (int i = hash(name) & mask; names[i] != null; i = (i + 1) & mask) {
            if (equalsIgnoreCase(names[i], name)) {
                return specs[i];
            }
        }
        return null;
    }

    private static boolean equalsIgnoreCase(byte[] lowerName, byte[] name) {
        if (lowerName.length != name.length) {
            return false;
        }
        for (int i = 0; i < name.length; i++) {
            if (lowerName[i] != lower(name[i])) {
                return false;
            }
        }
        return true;
    }
}
