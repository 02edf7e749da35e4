package io.slotkv.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slotkv.testing.RedisCli;
import io.slotkv.testing.ServerExtension;
import io.slotkv.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

class ConnectionCommandsIT {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    @Test
    void pingAndEcho() {
        try (Jedis jedis = server.jedis()) {
            assertThat(jedis.ping()).isEqualTo("PONG");
            assertThat(jedis.ping("hello")).isEqualTo("hello");
            assertThat(jedis.echo("x y")).isEqualTo("x y");
        }
    }

    @Test
    void unknownCommandAndArityErrorsUseRedisText() {
        assertThat(RedisCli.run(server.port(), "foo", "a", "b").strip())
                .isEqualTo("ERR unknown command 'foo', with args beginning with: 'a' 'b'");
        assertThat(RedisCli.run(server.port(), "echo").strip())
                .isEqualTo("ERR wrong number of arguments for 'echo' command");
        assertThat(RedisCli.run(server.port(), "client", "nosuch").strip())
                .isEqualTo("ERR unknown subcommand 'nosuch'. Try CLIENT HELP.");
    }

    @Test
    void helloSwitchesProtocol() {
        String out = RedisCli.run(server.port(), "-3", "hello", "3");
        assertThat(out).contains("proto").contains("3").contains("standalone");
        assertThat(RedisCli.run(server.port(), "hello", "4").strip()).isEqualTo("NOPROTO unsupported protocol version");
    }

    @Test
    void selectChecksRange() {
        try (Jedis jedis = server.jedis()) {
            assertThat(jedis.select(15)).isEqualTo("OK");
            assertThatThrownBy(() -> jedis.select(16)).isInstanceOf(JedisDataException.class)
                    .hasMessage("ERR DB index is out of range");
        }
    }

    @Test
    void passwordIsRequiredWhenConfigured() {
        try (TestServer secured = TestServer.start("requirepass s3cret"); Jedis jedis = secured.jedis()) {
            assertThatThrownBy(jedis::ping).hasMessage("NOAUTH Authentication required.");
            assertThatThrownBy(() -> jedis.auth("wrong"))
                    .hasMessage("WRONGPASS invalid username-password pair or user is disabled.");
            assertThat(jedis.auth("s3cret")).isEqualTo("OK");
            assertThat(jedis.ping()).isEqualTo("PONG");
        }
    }

    @Test
    void clientNameRoundTrips() {
        try (Jedis jedis = server.jedis()) {
            assertThat(jedis.clientGetname()).isNull();
            jedis.clientSetname("worker-1");
            assertThat(jedis.clientGetname()).isEqualTo("worker-1");
            assertThat(jedis.clientList()).contains("name=worker-1");
            assertThatThrownBy(() -> jedis.clientSetname("a b"))
                    .hasMessage("ERR Client names cannot contain spaces, newlines or special characters.");
        }
    }
}
