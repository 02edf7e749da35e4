package io.slotkv.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.slotkv.testing.RedisCli;
import io.slotkv.testing.Resp3;
import io.slotkv.testing.ServerExtension;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Debian's redis-cli against slotkv: mass insertion with --pipe, RESP3 output with -3, and plain commands. */
class RedisCliIT {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    @Test
    void pipeLoadsEveryCommandAndReportsNoErrors() {
        RedisCli.run(server.port(), "FLUSHALL");
        ByteArrayOutputStream commands = new ByteArrayOutputStream();
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            String key = "pipe:" + i;
            commands.writeBytes(("*3\r\n$3\r\nSET\r\n$" + key.length() + "\r\n" + key + "\r\n$" + Integer.toString(i)
                    .length() + "\r\n" + i + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        commands.writeBytes("RPUSH pipe:list a b c\r\n".getBytes(StandardCharsets.US_ASCII));
        String out = RedisCli.run(server.port(), commands.toByteArray(), "--pipe");
        assertThat(out).contains("errors: 0, replies: " + (n + 1));
        assertThat(RedisCli.run(server.port(), "DBSIZE").strip()).isEqualTo(Integer.toString(n + 1));
        assertThat(RedisCli.run(server.port(), "GET", "pipe:12345").strip()).isEqualTo("12345");
    }

    @Test
    void resp3RepliesAreTyped() {
        RedisCli.run(server.port(), "DEL", "h", "z");
        RedisCli.run(server.port(), "HSET", "h", "f", "v");
        RedisCli.run(server.port(), "ZADD", "z", "1.5", "m");
        assertThat(Resp3.cli(server.port(), "HGETALL", "h")).isEqualTo("1# \"f\" => \"v\"");
        assertThat(Resp3.cli(server.port(), "ZSCORE", "z", "m")).isEqualTo("(double) 1.5");
        assertThat(Resp3.cli(server.port(), "GET", "missing")).isEqualTo("(nil)");
        assertThat(Resp3.cli(server.port(), "SISMEMBER", "s", "x")).isEqualTo("(integer) 0");
    }

    @Test
    void errorsAreReportedAsErrors() {
        RedisCli.run(server.port(), "SET", "str", "v");
        assertThat(RedisCli.run(server.port(), "LPUSH", "str", "x").strip())
                .isEqualTo("WRONGTYPE Operation against a key holding the wrong kind of value");
        assertThat(RedisCli.run(server.port(), "INCR", "str").strip())
                .isEqualTo("ERR value is not an integer or out of range");
    }
}
