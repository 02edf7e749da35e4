package io.slotkv.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slotkv.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * A client that asks for much more than it reads is disconnected once its pending replies pass the hard
 * {@code client-output-buffer-limit}, while other clients are served as usual.
 */
class OutputBufferLimitIT {
    private static final int VALUE_SIZE = 100 * 1024;
    private static final int BATCH = 1000;
    private static final int MAX_GETS = 4000;
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start("client-output-buffer-limit normal 1mb 512kb 10");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aClientThatDoesNotReadIsDisconnectedAndOthersAreServed() throws IOException {
        try (Jedis other = server.jedis(); Socket greedy = new Socket()) {
            other.set("big", "v".repeat(VALUE_SIZE));
            greedy.setReceiveBufferSize(64 * 1024);
            greedy.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
            greedy.setSoTimeout(10_000);
            long id = clientId(greedy);
            long outputBefore = server.server().stats().netOutputBytes();
            long getsBefore = executedGets();

            byte[] gets = "*2\r\n$3\r\nGET\r\n$3\r\nbig\r\n".repeat(BATCH).getBytes(StandardCharsets.US_ASCII);
            OutputStream out = greedy.getOutputStream();
            int sent = 0;
            try {
                while (sent < MAX_GETS) {
                    out.write(gets);
                    out.flush();
                    sent += BATCH;
                    assertThat(other.ping()).isEqualTo("PONG");
                }
            } catch (IOException closedByServer) {
                // expected once the server has dropped the connection
            }

            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(other.clientList(id)).isEmpty());
            long received = drain(greedy.getInputStream());
            assertThat(received).as("reply bytes the greedy client got").isLessThan((long) sent * VALUE_SIZE / 4);
            assertThat(server.server().stats().netOutputBytes() - outputBefore)
                    .as("bytes the server sent meanwhile")
                    .isLessThan(64L * 1024 * 1024);
            // Redis checks the limit as each reply is added, so a pipeline cannot make the server build replies
            // far beyond it: here about 1 MB (11 replies) plus what the sockets had already absorbed
            assertThat(executedGets() - getsBefore).as("GETs executed for the greedy client").isLessThan(200);
            assertThat(other.ping()).isEqualTo("PONG");
            assertThat(other.get("big")).hasSize(VALUE_SIZE);
        }
    }

    /** GET commands executed so far, read on the shard thread that counts them. */
    private static long executedGets() {
        try {
            return server.server().shard()
                    .submit(() -> server.server().stats().perCommand().getOrDefault("get", new long[1])[0])
                    .get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long clientId(Socket socket) throws IOException {
        socket.getOutputStream().write("CLIENT ID\r\n".getBytes(StandardCharsets.US_ASCII));
        StringBuilder line = new StringBuilder();
        InputStream in = socket.getInputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            line.append((char) c);
        }
        assertThat(line.toString()).startsWith(":");
        return Long.parseLong(line.substring(1).strip());
    }

    /** Reads until the server's close shows: end of stream or a reset. Fails if the socket stays open. */
    private static long drain(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                total += n;
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the connection is still open after " + total + " bytes", e);
        } catch (IOException reset) {
            // the server closed while requests were unread: a reset is how that ends
        }
        return total;
    }
}
