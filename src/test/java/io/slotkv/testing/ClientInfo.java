package io.slotkv.testing;

import java.util.ArrayList;
import java.util.List;

/** Reads the "name=value" fields of a CLIENT INFO line (or of one line of CLIENT LIST). */
public final class ClientInfo {
    private ClientInfo() {}

    /** The value of field {@code name} ("addr" → "127.0.0.1:40112"); fails if the line has no such field. */
    public static String field(String line, String name) {
        for (String field : line.strip().split(" ")) {
            if (field.startsWith(name + "=")) {
                return field.substring(name.length() + 1);
            }
        }
        throw new AssertionError("no " + name + " in " + line);
    }

    /** The names of the fields, in order. */
    public static List<String> fieldNames(String line) {
        List<String> names = new ArrayList<>();
        for (String field : line.strip().split(" ")) {
            names.add(field.substring(0, field.indexOf('=')));
        }
        return names;
    }
}
