package io.slotkv.command;

import io.slotkv.store.ValueType;

/**
 * The options of SCAN, HSCAN, SSCAN and ZSCAN: {@code MATCH pattern}, {@code COUNT n} and (SCAN only)
 * {@code TYPE type}, parsed from argument {@code from} on with Redis's errors.
 */
public record ScanOptions(byte[] match, long count, String type) {
    /** Parses options; {@code allowType} only for SCAN. */
    public static ScanOptions parse(Call call, int from, boolean allowType) {
        byte[] match = null;
        long count = 10;
        String type = null;
        for (int i = from; i < call.argc(); i += 2) {
            if (i + 1 >= call.argc()) {
                throw new CommandException(Errors.SYNTAX);
            }
            if (call.is(i, "MATCH")) {
                match = Glob.matchesAll(call.arg(i + 1)) ? null : call.arg(i + 1);
            } else if (call.is(i, "COUNT")) {
                count = call.longArg(i + 1);
                if (count < 1) {
                    throw new CommandException(Errors.SYNTAX);
                }
            } else if (allowType && call.is(i, "TYPE")) {
                type = call.text(i + 1).toLowerCase(java.util.Locale.ROOT);
            } else {
                throw new CommandException(Errors.SYNTAX);
            }
        }
        return new ScanOptions(match, count, type);
    }

    /** Parses a SCAN cursor, with Redis's error. */
    public static long cursor(Call call, int index) {
        byte[] text = call.arg(index);
        String cursor = new String(text, java.nio.charset.StandardCharsets.US_ASCII);
        try {
            // Redis reads the cursor with strtoul, which also takes a negative number (wrapping it around)
            return cursor.startsWith("-") ? Long.parseLong(cursor) : Long.parseUnsignedLong(cursor);
        } catch (NumberFormatException e) {
            throw new CommandException("ERR invalid cursor");
        }
    }

    /**
     * Replies to HSCAN/SSCAN/ZSCAN: slotkv returns a whole collection in one reply with cursor 0 (Redis does the
     * same for its compact encodings), so an iteration never misses or repeats an element.
     *
     * @param elements the reply elements, already filtered (fields and values, or members and scores, flat)
     */
    public static void replyComplete(Call call, java.util.List<byte[]> elements) {
        call.reply().array(2);
        call.reply().bulk("0");
        call.reply().array(elements.size());
        for (byte[] element : elements) {
            call.reply().bulk(element);
        }
    }

    public boolean matches(byte[] name) {
        return match == null || Glob.matches(match, name);
    }

    public boolean typeMatches(ValueType valueType) {
        return type == null || (valueType != null && valueType.redisName().equals(type));
    }
}
