package io.slotkv.config;

import io.slotkv.protocol.InlineSplitter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The server's configuration: the canonical value of every directive in {@link Directives#ALL}.
 *
 * <p>Built once by {@link #parse} from a redis.conf-style file and {@code --directive value} arguments, the way
 * redis-server reads them (arguments are appended to the file's text as if they were its last lines). After that
 * the only way to change a value is {@link #set}, which validates all changes first and applies them together, as
 * Redis's multi-argument CONFIG SET does. Readers see a consistent snapshot.
 */
public final class Config {
    private volatile Map<String, String> values;
    private final List<String> warnings;

    private Config(Map<String, String> values, List<String> warnings) {
        this.values = values;
        this.warnings = warnings;
    }

    /** Every default. */
    public static Config defaults() {
        Map<String, String> values = new HashMap<>();
        Directives.ALL.forEach((name, d) -> {
            try {
                values.put(name, d.kind().normalize(name, d.defaultValue()));
            } catch (ConfigException e) {
                throw new IllegalStateException("bad default for " + name + ": " + e.getMessage(), e);
            }
        });
        return new Config(values, List.of());
    }

    /**
     * Parses redis-server style arguments: an optional config file first, then {@code --name value...} pairs.
     *
     * @throws ConfigException with Redis's "FATAL CONFIG FILE ERROR" text naming the line and directive
     */
    public static Config parse(String[] args) throws ConfigException {
        List<String> lines = new ArrayList<>();
        int i = 0;
        if (args.length > 0 && !args[0].startsWith("--")) {
            Path file = Path.of(args[0]);
            try {
                lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new ConfigException("Fatal error, can't open config file '" + args[0] + "': " + e.getMessage());
            }
            i = 1;
        }
        StringBuilder line = null;
        for (; i < args.length; i++) {
            if (args[i].startsWith("--") && args[i].length() > 2) {
                if (line != null) {
                    lines.add(line.toString());
                }
                line = new StringBuilder(args[i].substring(2));
            } else if (line == null) {
                throw new ConfigException("Invalid argument '" + args[i] + "': expected a config file or --directive");
            } else {
                line.append(' ').append(quote(args[i]));
            }
        }
        if (line != null) {
            lines.add(line.toString());
        }
        return fromLines(lines);
    }

    private static String quote(String word) {
        return "\"" + word.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Parses configuration text lines. */
    public static Config fromLines(List<String> lines) throws ConfigException {
        Map<String, String> values = new HashMap<>(defaults().values);
        List<String> warnings = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String text = lines.get(n).trim();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            List<byte[]> words = InlineSplitter.split(text.getBytes(StandardCharsets.UTF_8));
            if (words == null) {
                throw fatal(n, text, "Unbalanced quotes in configuration line");
            }
            String name = new String(words.get(0), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
            Directive directive = Directives.ALL.get(name);
            if (directive == null || words.size() < 2) {
                throw fatal(n, text, "Bad directive or wrong number of arguments");
            }
            List<String> rest = new ArrayList<>();
            for (int w = 1; w < words.size(); w++) {
                rest.add(new String(words.get(w), StandardCharsets.UTF_8));
            }
            try {
                values.put(name, directive.kind().normalize(name, String.join(" ", rest)));
            } catch (ConfigException e) {
                throw fatal(n, text, "Invalid value for '" + name + "': " + e.getMessage());
            }
        }
        if (values.get("appendonly").equals("yes")) {
            warnings.add("appendonly yes is accepted but the memory engine does not persist data");
        }
        return new Config(values, List.copyOf(warnings));
    }

    private static ConfigException fatal(int lineIndex, String text, String reason) {
        return new ConfigException("\n*** FATAL CONFIG FILE ERROR (slotkv) ***\n"
                + "Reading the configuration file, at line " + (lineIndex + 1) + "\n"
                + ">>> '" + text + "'\n" + reason);
    }

    /** Warnings found while parsing (accepted directives that have no effect yet). */
    public List<String> warnings() {
        return warnings;
    }

    /** The canonical value of {@code name}; the directive must exist. */
    public String get(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("unknown directive: " + name);
        }
        return value;
    }

    public int getInt(String name) {
        return Integer.parseInt(get(name));
    }

    public long getLong(String name) {
        return Long.parseLong(get(name));
    }

    public boolean getBool(String name) {
        return get(name).equals("yes");
    }

    /** A copy of every value, for CONFIG GET. */
    public Map<String, String> snapshot() {
        return Map.copyOf(values);
    }

    /**
     * Changes directives at run time, all or none, checking as Redis's CONFIG SET does: first every name in order
     * (unknown, immutable, given twice), then every value.
     *
     * @param changes (name as the user wrote it, new value) pairs, in the order given
     * @param onApplied called with the changed directives (canonical name to canonical value), after they changed
     * @throws ConfigException with Redis's CONFIG SET error text
     */
    public synchronized void set(List<Map.Entry<String, String>> changes, Consumer<Map<String, String>> onApplied)
            throws ConfigException {
        Map<String, String> requested = new LinkedHashMap<>();
        for (Map.Entry<String, String> change : changes) {
            String given = change.getKey();
            String name = given.toLowerCase(Locale.ROOT);
            Directive directive = Directives.ALL.get(name);
            if (directive == null) {
                throw new ConfigException("ERR Unknown option or number of arguments for CONFIG SET - '" + given + "'");
            }
            if (!directive.mutable()) {
                throw setFailed(given, "can't set immutable config");
            }
            if (requested.put(name, change.getValue()) != null) {
                throw setFailed(given, "duplicate parameter");
            }
        }
        Map<String, String> applied = new LinkedHashMap<>();
        for (Map.Entry<String, String> change : requested.entrySet()) {
            String name = change.getKey();
            try {
                applied.put(name, Directives.ALL.get(name).kind().normalize(name, change.getValue()));
            } catch (ConfigException e) {
                throw setFailed(name, e.getMessage());
            }
        }
        Map<String, String> next = new HashMap<>(values);
        next.putAll(applied);
        values = next;
        onApplied.accept(applied);
    }

    private static ConfigException setFailed(String name, String reason) {
        return new ConfigException("ERR CONFIG SET failed (possibly related to argument '" + name + "') - " + reason);
    }
}
