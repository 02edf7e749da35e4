package io.slotkv.compat;

import io.slotkv.protocol.InlineSplitter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * One line of a compatibility script: an optional directive, then a command in redis-cli quoting.
 *
 * <ul>
 *   <li>{@code SET k v} — replies must be identical byte for byte.
 *   <li>{@code @sort SMEMBERS s} — identical after sorting aggregate elements (order Redis leaves unspecified).
 *   <li>{@code @type SRANDMEMBER s} — only the reply type must match (random or time-dependent replies).
 *   <li>{@code @run DEBUG SLEEP 0} — run on both, compare nothing.
 *   <li>{@code @differs <id> ...} — a deliberate difference listed in DIFFERENCES.md under that id: run on both,
 *       compare nothing.
 * </ul>
 */
record ScriptLine(String file, int number, String mode, String differenceId, List<byte[]> command) {
    static final Set<String> MODES = Set.of("@sort", "@type", "@run", "@differs");

    /** Parses a script line; null for blank lines and comments. */
    static ScriptLine parse(String file, int number, String text) {
        String line = text.strip();
        if (line.isEmpty() || line.startsWith("#")) {
            return null;
        }
        String mode = "exact";
        String id = null;
        if (line.startsWith("@")) {
            int space = line.indexOf(' ');
            mode = line.substring(0, space);
            if (!MODES.contains(mode)) {
                throw new IllegalArgumentException(file + ":" + number + ": unknown directive " + mode);
            }
            line = line.substring(space + 1).strip();
            if (mode.equals("@differs")) {
                int next = line.indexOf(' ');
                id = line.substring(0, next);
                line = line.substring(next + 1).strip();
            }
        }
        List<byte[]> command = InlineSplitter.split(line.getBytes(StandardCharsets.UTF_8));
        if (command == null || command.isEmpty()) {
            throw new IllegalArgumentException(file + ":" + number + ": cannot parse " + text);
        }
        return new ScriptLine(file, number, mode, id, command);
    }

    String where() {
        return file + ":" + number;
    }
}
