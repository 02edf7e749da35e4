package io.slotkv.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.slotkv.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
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
    void bulkLongerThanProtoMaxBulkLenIsRefused() throws IOException {
        try (TestServer server = TestServer.start("proto-max-bulk-len 1mb")) {
            assertRefused(server, "*2\r\n$4\r\nECHO\r\n$1048577\r\n", "-ERR Protocol error: invalid bulk length\r\n");
            String payload = "p".repeat(1024 * 1024);
            assertThat(exchange(server, "*2\r\n$4\r\nECHO\r\n$1048576\r\n" + payload + "\r\nQUIT\r\n"))
                    .isEqualTo("$1048576\r\n" + payload + "\r\n+OK\r\n");
            assertServes(server);
        }
    }

    @Test
    void multibulkCountBeyondIntegerRangeIsRefused() throws IOException {
        try (TestServer server = TestServer.start()) {
            for (String count : new String[] {"2147483648", "4294967296", "9223372036854775807", "9".repeat(20)}) {
                assertRefused(server, "*" + count + "\r\n", "-ERR Protocol error: invalid multibulk length\r\n");
            }
        }
    }

    @Test
    void inlineRequestWithoutNewlineBeyond64KbIsRefused() throws IOException {
        try (TestServer server = TestServer.start()) {
            assertRefused(server, "x".repeat(64 * 1024 + 100), "-ERR Protocol error: too big inline request\r\n");
            assertRefused(server, "*" + "1".repeat(64 * 1024 + 100),
                    "-ERR Protocol error: too big mbulk count string\r\n");
            assertRefused(server, "*1\r\n$" + "1".repeat(64 * 1024 + 100),
                    "-ERR Protocol error: too big bulk count string\r\n");
        }
    }

    @Test
    void unauthenticatedClientsMayOnlySendSmallRequests() throws IOException {
        try (TestServer server = TestServer.start("requirepass " + PASSWORD)) {
            assertRefused(server, "*11\r\n", "-ERR Protocol error: unauthenticated multibulk length\r\n");
            assertRefused(server, "*2\r\n$4\r\nECHO\r\n$20000\r\n",
                    "-ERR Protocol error: unauthenticated bulk length\r\n");
            assertThat(exchange(server, "*2\r\n$4\r\nECHO\r\n$16384\r\n" + "e".repeat(16384) + "\r\nQUIT\r\n"))
                    .isEqualTo("-NOAUTH Authentication required.\r\n+OK\r\n");

            String big = "b".repeat(20000);
            try (Socket socket = connect(server)) {
                send(socket, "AUTH " + PASSWORD + "\r\n");
                assertThat(readLine(socket.getInputStream())).isEqualTo("+OK");
                send(socket, "*11\r\n" + "$4\r\nECHO\r\n".repeat(11) + "*2\r\n$4\r\nECHO\r\n$20000\r\n" + big + "\r\n");
                assertThat(readLine(socket.getInputStream()))
                        .isEqualTo("-ERR wrong number of arguments for 'echo' command");
                assertThat(readLine(socket.getInputStream())).isEqualTo("$20000");
                assertThat(readLine(socket.getInputStream())).isEqualTo(big);
            }
        }
    }

    @Test
    void queryBufferLimitClosesAClientSendingAnEndlessBulk() throws IOException {
        try (TestServer server = TestServer.start("client-query-buffer-limit 1mb")) {
            try (Socket socket = connect(server)) {
                send(socket, "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5000000\r\n");
                byte[] chunk = new byte[64 * 1024];
                Arrays.fill(chunk, (byte) 'q');
                try {
                    for (int sent = 0; sent < 3 * 1024 * 1024; sent += chunk.length) {
                        socket.getOutputStream().write(chunk);
                    }
                } catch (IOException closedByServer) {
                    // expected: the server stops reading and closes once the buffer passes 1 MB
                }
                // Redis closes without a word
                assertThat(readUntilClosed(socket)).isEmpty();
            }
            assertServes(server);
        }
    }

    @Test
    void aBadClientDoesNotDisturbAnotherOne() throws IOException {
        try (TestServer server = TestServer.start(); Socket good = connect(server)) {
            send(good, "*2\r\n$4\r\nECHO\r\n$5\r\nhel");
            assertRefused(server, "*1\r\n$x\r\n", "-ERR Protocol error: invalid bulk length\r\n");
            send(good, "lo\r\n");
            assertThat(readLine(good.getInputStream())).isEqualTo("$5");
            assertThat(readLine(good.getInputStream())).isEqualTo("hello");
        }
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Sends {@code request} on a new connection and expects exactly {@code error}, then the connection closed;
     * then checks that a fresh client is still served.
     */
    private static void assertRefused(TestServer server, String request, String error) throws IOException {
        try (Socket socket = connect(server)) {
            try {
                send(socket, request);
            } catch (IOException closedByServer) {
                // the server may close before reading everything
            }
            assertThat(new String(readUntilClosed(socket), StandardCharsets.ISO_8859_1)).isEqualTo(error);
        }
        assertServes(server);
    }

    /** Sends {@code request} (which should end with QUIT) and returns everything until the server closes. */
    private static String exchange(TestServer server, String request) throws IOException {
        try (Socket socket = connect(server)) {
            send(socket, request);
            return new String(readUntilClosed(socket), StandardCharsets.ISO_8859_1);
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

    private static Socket connect(TestServer server) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /** Everything the server sends until it closes; fails if it keeps the connection open. */
    private static byte[] readUntilClosed(Socket socket) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        InputStream in = socket.getInputStream();
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                received.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server kept the connection open; received: " + received, e);
        } catch (IOException reset) {
            // a close with unread input arrives as a reset after the reply
        }
        return received.toByteArray();
    }

    /** The next line, without its "\r\n". */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("closed after " + line);
            }
            line.write(c);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        assertThat(text).endsWith("\r");
        return text.substring(0, text.length() - 1);
    }
}
