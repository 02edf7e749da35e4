package io.slotkv.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.slotkv.admin.LocalServer;
import io.slotkv.cluster.BusCodec;
import io.slotkv.cluster.BusMessage;
import io.slotkv.cluster.MessageType;
import io.slotkv.cluster.NodeId;
import io.slotkv.cluster.SlotBitmap;
import io.slotkv.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;

/**
 * What arrives on the cluster bus port that is not a well-formed bus frame closes that link and changes nothing:
 * client commands, a bad magic, a wrong version, an unknown type, a length beyond the maximum, a truncated frame,
 * and a heartbeat from a sender nobody introduced. The node keeps serving and its view of the cluster is unchanged.
 */
class ClusterBusIT {
    private static TestServer server;
    private static int busPort;

    @BeforeAll
    static void start() throws IOException {
        int port = LocalServer.freeClusterPort();
        busPort = port + 10_000;
        server = TestServer.start("port " + port, "cluster-enabled yes", "cluster-config-file nodes-" + port + ".conf",
                "dir " + System.getProperty("java.io.tmpdir"));
        try (Jedis jedis = server.jedis()) {
            jedis.clusterAddSlotsRange(0, 16383);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> jedis.clusterInfo().contains("cluster_state:ok"));
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Sends {@code bytes} to the bus port and tells whether the node closed the link within 5 s. */
    private static boolean closesAfter(byte[] bytes) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", busPort)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(bytes);
            out.flush();
            InputStream in = socket.getInputStream();
            try {
                return in.read() == -1;
            } catch (java.net.SocketTimeoutException stillOpen) {
                return false;
            } catch (java.net.SocketException reset) {
                return true;
            }
        }
    }

    private static byte[] heartbeat(String sender) {
        BusMessage.Header header = new BusMessage.Header(sender, 0, 0, 0, "127.0.0.1", 7000, 17000, NodeId.NONE,
                SlotBitmap.EMPTY);
        return BusCodec.encode(new BusMessage.Heartbeat(MessageType.PING, header, NodeId.NONE, "127.0.0.1", List.of()));
    }

    private static byte[] withPrefix(byte[] frame, int offset, byte[] replacement) {
        byte[] copy = frame.clone();
        System.arraycopy(replacement, 0, copy, offset, replacement.length);
        return copy;
    }

    @ParameterizedTest
    @ValueSource(strings = {"command", "magic", "version", "type", "length", "truncated"})
    void aMalformedFrameClosesTheLinkAndChangesNothing(String fault) throws IOException {
        String nodesBefore;
        try (Jedis jedis = server.jedis()) {
            nodesBefore = jedis.clusterNodes();
        }
        byte[] valid = heartbeat(NodeId.random(new Random(1)));
        byte[] bytes = switch (fault) {
            case "command" -> "*1\r\n$4\r\nPING\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n"
                    .getBytes(StandardCharsets.US_ASCII);
            case "magic" -> withPrefix(valid, 0, "XXXX".getBytes(StandardCharsets.US_ASCII));
            case "version" -> withPrefix(valid, 4, new byte[] {0, 99});
            case "type" -> withPrefix(valid, 6, new byte[] {0, 77});
            case "length" -> withPrefix(valid, 8, ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE).array());
            default -> java.util.Arrays.copyOf(valid, valid.length / 2);
        };
        if (fault.equals("truncated")) {
            try (Socket socket = new Socket("127.0.0.1", busPort)) {
                socket.getOutputStream().write(bytes); // the rest never comes: the node just waits, then sees EOF
            }
        } else {
            assertThat(closesAfter(bytes)).as("link closed after %s", fault).isTrue();
        }
        try (Jedis jedis = server.jedis()) {
            assertThat(jedis.ping()).isEqualTo("PONG");
            assertThat(jedis.exists("k")).isFalse();
            assertThat(jedis.clusterNodes()).isEqualTo(nodesBefore);
        }
    }

    @Test
    void aHeartbeatFromAnUnknownSenderIsIgnored() throws IOException {
        String stranger = NodeId.random(new Random(2));
        closesAfter(heartbeat(stranger));
        try (Jedis jedis = server.jedis()) {
            assertThat(jedis.clusterNodes()).doesNotContain(stranger);
            assertThat(jedis.clusterInfo()).contains("cluster_known_nodes:1\r\n");
        }
    }
}
