package io.slotkv.testing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Sends commands through Jedis exactly as written (no client-side parsing of options) and returns the replies with
 * bulk strings decoded as UTF-8 text, nested arrays as lists: simple to compare with what Redis answers.
 */
public final class JedisText {
    private JedisText() {}

    /** The reply to {@code argv}: String, Long, null, or a List of those. */
    public static Object send(Jedis jedis, String... argv) {
        return decode(jedis.sendCommand(() -> argv[0].getBytes(StandardCharsets.UTF_8),
                Arrays.copyOfRange(argv, 1, argv.length)));
    }

    /** The reply to a command that answers an array. */
    @SuppressWarnings("unchecked")
    public static List<Object> list(Jedis jedis, String... argv) {
        return (List<Object>) send(jedis, argv);
    }

    /** The error a command answers; fails when it answers anything else. */
    public static String error(Jedis jedis, String... argv) {
        try {
            send(jedis, argv);
        } catch (JedisDataException e) {
            return e.getMessage();
        }
        throw new AssertionError("no error reply to " + Arrays.toString(argv));
    }

    private static Object decode(Object reply) {
        if (reply instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (reply instanceof List<?> list) {
            return list.stream().map(JedisText::decode).toList();
        }
        return reply;
    }
}
