package io.slotkv.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slotkv.testing.InfoFields;
import io.slotkv.testing.RawConnection;
import io.slotkv.testing.ServerExtension;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * A client that asks for much more than it reads is disconnected once its pending replies pass the hard
 * {@code client-output-buffer-limit}, while other clients are served as usual.
 */
class OutputBufferLimitIT {
    private static final int VALUE_SIZE = 100 * 1024;
    private static final int BATCH = 1000;
    private static final int MAX_GETS = 4000;

    @RegisterExtension
    static final ServerExtension server = new ServerExtension("client-output-buffer-limit normal 1mb 512kb 10");

    @Test
    void aClientThatDoesNotReadIsDisconnectedAndOthersAreServed() {
        try (Jedis other = server.jedis(); RawConnection greedy = new RawConnection(server.port(), 10_000, 64 * 1024)) {
            other.set("big", "v".repeat(VALUE_SIZE));
            greedy.write("CLIENT ID\r\n");
            String idReply = greedy.readLine();
            assertThat(idReply).startsWith(":");
            long id = Long.parseLong(idReply.substring(1));
            long outputBefore = InfoFields.number(other.info("stats"), "total_net_output_bytes");
            long getsBefore = executedGets(other);

            byte[] gets = "*2\r\n$3\r\nGET\r\n$3\r\nbig\r\n".repeat(BATCH).getBytes(StandardCharsets.US_ASCII);
            int sent = 0;
            try {
                while (sent < MAX_GETS) {
                    greedy.write(gets);
                    sent += BATCH;
                    assertThat(other.ping()).isEqualTo("PONG");
                }
            } catch (UncheckedIOException closedByServer) {
                // expected once the server has dropped the connection
            }

            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(other.clientList(id)).isEmpty());
            long received = greedy.readUntilClosed().length;
            assertThat(received).as("reply bytes the greedy client got").isLessThan((long) sent * VALUE_SIZE / 4);
            assertThat(InfoFields.number(other.info("stats"), "total_net_output_bytes") - outputBefore)
                    .as("bytes the server sent meanwhile")
                    .isLessThan(64L * 1024 * 1024);
            // Redis checks the limit as each reply is added, so a pipeline cannot make the server build replies
            // far beyond it: here about 1 MB (11 replies) plus what the sockets had already absorbed
            assertThat(executedGets(other) - getsBefore).as("GETs executed for the greedy client").isLessThan(200);
            assertThat(other.ping()).isEqualTo("PONG");
            assertThat(other.get("big")).hasSize(VALUE_SIZE);
        }
    }

    /** GET commands executed so far, as INFO commandstats counts them. */
    private static long executedGets(Jedis jedis) {
        return InfoFields.calls(jedis.info("commandstats"), "get");
    }
}
