package io.slotkv.config;

import java.util.List;
import java.util.Locale;

/**
 * One configuration directive: its name, default, how a value is checked and normalized, and whether CONFIG SET
 * may change it while the server runs.
 */
public record Directive(String name, String defaultValue, Kind kind, boolean mutable) {

    /** How values of a directive are checked; {@link #normalize} returns the canonical text or throws. */
    public sealed interface Kind permits IntKind, MemoryKind, BoolKind, EnumKind, TextKind, CustomKind {
        String normalize(String directive, String value) throws ConfigException;
    }

    /** An integer in {@code [min, max]}. */
    public record IntKind(long min, long max) implements Kind {
        @Override
        public String normalize(String directive, String value) throws ConfigException {
            long parsed;
            try {
                parsed = Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                throw new ConfigException("argument couldn't be parsed into an integer");
            }
            if (parsed < min || parsed > max) {
                throw new ConfigException("argument must be between " + min + " and " + max + " inclusive");
            }
            return Long.toString(parsed);
        }
    }

    /** A byte count with Redis's unit suffixes (b, k, kb, m, mb, g, gb), in {@code [min, max]}. */
    public record MemoryKind(long min, long max) implements Kind {
        @Override
        public String normalize(String directive, String value) throws ConfigException {
            long bytes = parseMemory(value);
            if (bytes < min || bytes > max) {
                throw new ConfigException("argument must be between " + min + " and " + max + " inclusive");
            }
            return Long.toString(bytes);
        }
    }

    /** yes or no. */
    public record BoolKind() implements Kind {
        @Override
        public String normalize(String directive, String value) throws ConfigException {
            String v = value.toLowerCase(Locale.ROOT);
            if (!v.equals("yes") && !v.equals("no")) {
                throw new ConfigException("argument must be 'yes' or 'no'");
            }
            return v;
        }
    }

    /** One of a fixed set of words. */
    public record EnumKind(List<String> values) implements Kind {
        @Override
        public String normalize(String directive, String value) throws ConfigException {
            String v = value.toLowerCase(Locale.ROOT);
            if (!values.contains(v)) {
                throw new ConfigException("argument(s) must be one of the following: " + String.join(", ", values));
            }
            return v;
        }
    }

    /** Any text. */
    public record TextKind() implements Kind {
        @Override
        public String normalize(String directive, String value) {
            return value;
        }
    }

    /** A value checked by its own rule. */
    public record CustomKind(Rule rule) implements Kind {
        @Override
        public String normalize(String directive, String value) throws ConfigException {
            return rule.normalize(value);
        }
    }

    /** The rule of a {@link CustomKind}. */
    @FunctionalInterface
    public interface Rule {
        String normalize(String value) throws ConfigException;
    }

    /** Parses "100", "1k" (1000), "1kb" (1024), "5mb", "1gb" as Redis's memtoll does. */
    public static long parseMemory(String value) throws ConfigException {
        String v = value.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        String[][] units = {{"gb", "1073741824"}, {"mb", "1048576"}, {"kb", "1024"}, {"g", "1000000000"},
            {"m", "1000000"}, {"k", "1000"}, {"b", "1"}};
        for (String[] u : units) {
            if (v.endsWith(u[0])) {
                unit = Long.parseLong(u[1]);
                v = v.substring(0, v.length() - u[0].length());
                break;
            }
        }
        try {
            long n = Long.parseLong(v);
            if (n < 0) {
                throw new ConfigException("argument must be a memory value");
            }
            return Math.multiplyExact(n, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ConfigException("argument must be a memory value");
        }
    }
}
