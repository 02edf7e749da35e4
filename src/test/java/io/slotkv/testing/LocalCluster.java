package io.slotkv.testing;

import static org.awaitility.Awaitility.await;

import io.slotkv.admin.LocalServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.Jedis;

/**
 * slotkv-server processes in cluster mode on loopback, each with its own directory and log, for tests that drive
 * them with redis-cli --cluster and cluster clients exactly as users would. Node timeout is short (2 s) so failure
 * detection fits in a test.
 */
public final class LocalCluster implements AutoCloseable {
    public static final int NODE_TIMEOUT_MILLIS = 2000;

    private final Path dir;
    private final List<LocalServer> nodes = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();

    public LocalCluster(Path dir) {
        this.dir = dir;
    }

    /** Starts {@code count} more nodes, not yet joined. */
    public LocalCluster start(int count) {
        for (int i = 0; i < count; i++) {
            try {
                int port = LocalServer.freeClusterPort();
                ports.add(port);
                nodes.add(null);
                restart(nodes.size() - 1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return this;
    }

    /** Starts node {@code index} again (after {@link #kill}) on its port, with its directory and nodes.conf. */
    public void restart(int index) {
        int port = ports.get(index);
        Path nodeDir = dir.resolve("node-" + port);
        try {
            Files.createDirectories(nodeDir);
            nodes.set(index, LocalServer.start(nodeDir, dir.resolve("node-" + port + ".log"), port,
                    "--cluster-enabled", "yes", "--cluster-node-timeout", Integer.toString(NODE_TIMEOUT_MILLIS),
                    "--appendfsync", "everysec"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** kill -9 of node {@code index}. */
    public void kill(int index) {
        nodes.get(index).kill();
    }

    public int size() {
        return nodes.size();
    }

    public int port(int index) {
        return ports.get(index);
    }

    /** "127.0.0.1:port" of every node, as redis-cli --cluster takes them. */
    public List<String> addresses() {
        return ports.stream().map(port -> "127.0.0.1:" + port).toList();
    }

    public Jedis jedis(int index) {
        return new Jedis("127.0.0.1", ports.get(index), 10_000);
    }

    /** `redis-cli --cluster create` of every node as masters, answering yes; returns its output. */
    public String create() {
        List<String> args = new ArrayList<>(List.of("--cluster", "create"));
        args.addAll(addresses());
        args.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        return RedisCli.run(ports.get(0), args.toArray(String[]::new));
    }

    /** Waits until every node says cluster_state:ok and knows every other node. */
    public void awaitOk() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> {
                    for (int i = 0; i < nodes.size(); i++) {
                        try (Jedis jedis = jedis(i)) {
                            String info = jedis.clusterInfo();
                            if (!info.contains("cluster_state:ok")
                                    || !info.contains("cluster_known_nodes:" + nodes.size() + "\r\n")) {
                                return false;
                            }
                        }
                    }
                    return true;
                });
    }

    /** The log of node {@code index}, for failure messages. */
    public String log(int index) {
        try {
            return Files.readString(dir.resolve("node-" + ports.get(index) + ".log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() {
        for (LocalServer node : nodes) {
            if (node != null) {
                node.close();
            }
        }
    }
}
