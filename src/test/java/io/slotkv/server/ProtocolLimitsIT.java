package io.slotkv.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.slotkv.testing.RawConnection;
import io.slotkv.testing.TestServer;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * The parser's limits over real sockets: a client that passes one gets Redis's error and is disconnected (or, for
 * the query buffer, just disconnected, as Redis does), and the server keeps serving everyone else.
 */
class ProtocolLimitsIT {
    private static final String PASSWORD = "s3cret";

    @Test
    void bulkLongerThanProtoMaxBulkLenIsRefused() {
        try (TestServer server = TestServer.start("proto-max-bulk-len 1mb")) {
            assertRefused(server, "*2\r\n$4\r\nECHO\r\n$1048577\r\n", "-ERR Protocol error: invalid bulk length\r\n");
            String payload = "p".repeat(1024 * 1024);
            assertThat(exchange(server, "*2\r\n$4\r\nECHO\r\n$1048576\r\n" + payload + "\r\nQUIT\r\n"))
                    .isEqualTo("$1048576\r\n" + payload + "\r\n+OK\r\n");
            assertServes(server);
        }
    }

    @Test
    void multibulkCountBeyondIntegerRangeIsRefused() {
        try (TestServer server = TestServer.start()) {
            for (String count : new String[] {"2147483648", "4294967296", "9223372036854775807", "9".repeat(20)}) {
                assertRefused(server, "*" + count + "\r\n", "-ERR Protocol error: invalid multibulk length\r\n");
            }
        }
    }

    @Test
    void inlineRequestWithoutNewlineBeyond64KbIsRefused() {
        try (TestServer server = TestServer.start()) {
            assertRefused(server, "x".repeat(64 * 1024 + 100), "-ERR Protocol error: too big inline request\r\n");
            assertRefused(server, "*" + "1".repeat(64 * 1024 + 100),
                    "-ERR Protocol error: too big mbulk count string\r\n");
            assertRefused(server, "*1\r\n$" + "1".repeat(64 * 1024 + 100),
                    "-ERR Protocol error: too big bulk count string\r\n");
        }
    }

    @Test
    void unauthenticatedClientsMayOnlySendSmallRequests() {
        try (TestServer server = TestServer.start("requirepass " + PASSWORD)) {
            assertRefused(server, "*11\r\n", "-ERR Protocol error: unauthenticated multibulk length\r\n");
            assertRefused(server, "*2\r\n$4\r\nECHO\r\n$20000\r\n",
                    "-ERR Protocol error: unauthenticated bulk length\r\n");
            assertThat(exchange(server, "*2\r\n$4\r\nECHO\r\n$16384\r\n" + "e".repeat(16384) + "\r\nQUIT\r\n"))
                    .isEqualTo("-NOAUTH Authentication required.\r\n+OK\r\n");

            String big = "b".repeat(20000);
            try (RawConnection connection = new RawConnection(server.port())) {
                connection.write("AUTH " + PASSWORD + "\r\n");
                assertThat(connection.readLine()).isEqualTo("+OK");
                connection.write("*11\r\n" + "$4\r\nECHO\r\n".repeat(11) + "*2\r\n$4\r\nECHO\r\n$20000\r\n" + big
                        + "\r\n");
                assertThat(connection.readLine()).isEqualTo("-ERR wrong number of arguments for 'echo' command");
                assertThat(connection.readLine()).isEqualTo("$20000");
                assertThat(connection.readLine()).isEqualTo(big);
            }
        }
    }

    @Test
    void queryBufferLimitClosesAClientSendingAnEndlessBulk() {
        try (TestServer server = TestServer.start("client-query-buffer-limit 1mb")) {
            try (RawConnection connection = new RawConnection(server.port())) {
                connection.write("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5000000\r\n");
                byte[] chunk = new byte[64 * 1024];
                Arrays.fill(chunk, (byte) 'q');
                try {
                    for (int sent = 0; sent < 3 * 1024 * 1024; sent += chunk.length) {
                        connection.write(chunk);
                    }
                } catch (UncheckedIOException closedByServer) {
                    // expected: the server stops reading and closes once the buffer passes 1 MB
                }
                // Redis closes without a word
                assertThat(connection.readUntilClosed()).isEmpty();
            }
            assertServes(server);
        }
    }

    @Test
    void aBadClientDoesNotDisturbAnotherOne() {
        try (TestServer server = TestServer.start(); RawConnection good = new RawConnection(server.port())) {
            good.write("*2\r\n$4\r\nECHO\r\n$5\r\nhel");
            assertRefused(server, "*1\r\n$x\r\n", "-ERR Protocol error: invalid bulk length\r\n");
            good.write("lo\r\n");
            assertThat(good.readLine()).isEqualTo("$5");
            assertThat(good.readLine()).isEqualTo("hello");
        }
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Sends {@code request} on a new connection and expects exactly {@code error}, then the connection closed;
     * then checks that a fresh client is still served.
     */
    private static void assertRefused(TestServer server, String request, String error) {
        try (RawConnection connection = new RawConnection(server.port())) {
            try {
                connection.write(request);
            } catch (UncheckedIOException closedByServer) {
                // the server may close before reading everything
            }
            assertThat(new String(connection.readUntilClosed(), StandardCharsets.ISO_8859_1)).isEqualTo(error);
        }
        assertServes(server);
    }

    /** Sends {@code request} (which should end with QUIT) and returns everything until the server closes. */
    private static String exchange(TestServer server, String request) {
        try (RawConnection connection = new RawConnection(server.port())) {
            connection.write(request);
            return new String(connection.readUntilClosed(), StandardCharsets.ISO_8859_1);
        }
    }

    /** A fresh client still gets PONG. */
    private static void assertServes(TestServer server) {
        try (Jedis jedis = server.jedis()) {
            if (server.server().requiresPassword()) {
                jedis.auth(PASSWORD);
            }
            assertThat(jedis.ping()).isEqualTo("PONG");
        }
    }
}
