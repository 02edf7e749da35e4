package io.slotkv.testing;

import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisProtocol;

/** Three ways to look at RESP3 replies: through Jedis, as redis-cli shows their types, and as exact bytes. */
public final class Resp3 {
    private Resp3() {}

    /** A new Jedis connection that speaks RESP3 (it sends HELLO 3); the caller closes it. */
    public static Jedis jedis(int port) {
        return new Jedis(new HostAndPort("127.0.0.1", port),
                DefaultJedisClientConfig.builder().protocol(RedisProtocol.RESP3).build());
    }

    /**
     * What {@code redis-cli -3 --no-raw args...} prints, with reply types shown ("(integer) 1", "1# ... => ...",
     * "(empty set)"), without the surrounding whitespace.
     */
    public static String cli(int port, String... args) {
        List<String> command = new ArrayList<>(List.of("-3", "--no-raw"));
        command.addAll(List.of(args));
        return RedisCli.run(port, command.toArray(String[]::new)).strip();
    }

    /**
     * The exact replies to {@code commands} (each split on spaces) on a new RESP3 connection, after HELLO 3's reply,
     * concatenated: "_\r\n" for a null.
     */
    public static String replies(int port, String... commands) {
        try (RawConnection connection = new RawConnection(port)) {
            connection.call("HELLO", "3");
            StringBuilder replies = new StringBuilder();
            for (String command : commands) {
                replies.append(connection.call(command.split(" ")));
            }
            return replies.toString();
        }
    }
}
