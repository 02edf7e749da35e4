package io.slotkv.testing;

import java.nio.charset.StandardCharsets;

/** Replies written out as the exact text a server sends, to compare with what {@link RawConnection} reads. */
public final class RespText {
    public static final String OK = "+OK\r\n";
    public static final String NULL_BULK = "$-1\r\n";
    public static final String NULL_ARRAY = "*-1\r\n";
    /** RESP3's null. */
    public static final String NULL3 = "_\r\n";

    private RespText() {}

    public static String bulk(String value) {
        return "$" + value.getBytes(StandardCharsets.UTF_8).length + "\r\n" + value + "\r\n";
    }

    public static String integer(long value) {
        return ":" + value + "\r\n";
    }

    public static String error(String message) {
        return "-" + message + "\r\n";
    }

    /** An array of replies that are already written out. */
    public static String array(String... elements) {
        return "*" + elements.length + "\r\n" + String.join("", elements);
    }

    /** An array of bulk strings. */
    public static String bulks(String... values) {
        String[] elements = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            elements[i] = bulk(values[i]);
        }
        return array(elements);
    }
}
