package io.slotkv.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the "field:value" lines of an INFO reply. */
public final class InfoFields {
    private InfoFields() {}

    /** Every field of {@code info}, in order; section headers ("# Server") are skipped. */
    public static Map<String, String> parse(String info) {
        Map<String, String> fields = new LinkedHashMap<>();
        info.lines().filter(line -> !line.startsWith("#")).forEach(line -> {
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.put(line.substring(0, colon), line.substring(colon + 1));
            }
        });
        return fields;
    }

    /** The value of a numeric field ("total_commands_processed"); fails if {@code info} has no such field. */
    public static long number(String info, String name) {
        String value = parse(info).get(name);
        if (value == null) {
            throw new AssertionError("no " + name + " in " + info);
        }
        return Long.parseLong(value);
    }

    /** The calls counted for {@code command} in an INFO commandstats reply; 0 when it has no line yet. */
    public static long calls(String commandstats, String command) {
        Matcher m = Pattern.compile("(?m)^cmdstat_" + Pattern.quote(command) + ":calls=(\\d+),").matcher(commandstats);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}
