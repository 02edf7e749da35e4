package io.slotkv.testing;

import io.slotkv.config.Config;
import io.slotkv.config.ConfigException;
import io.slotkv.protocol.RespClient;
import io.slotkv.server.Server;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import redis.clients.jedis.Jedis;

/**
 * A real slotkv server in the test JVM, listening on a free loopback port, with real sockets: tests talk to it
 * with Jedis, Lettuce, redis-cli or raw sockets exactly as users would. With {@code -Dslotkv.test.engine=rocksdb}
 * every test server runs on the RocksDB engine in a temporary directory, removed when the server stops.
 */
public final class TestServer implements AutoCloseable {
    private final Server server;
    private final Path dataDir;

    private TestServer(Server server, Path dataDir) {
        this.server = server;
        this.dataDir = dataDir;
    }

    /** Starts a server with the defaults plus {@code directives} (redis.conf lines, e.g. "requirepass s3cret"). */
    public static TestServer start(String... directives) {
        List<String> lines = new ArrayList<>(List.of("port 0", "bind 127.0.0.1", "loglevel warning"));
        Path dataDir = null;
        if (!System.getProperty("slotkv.test.engine", "memory").equals("rocksdb")) {
            lines.add("storage-engine memory");
        } else {
            try {
                dataDir = Files.createTempDirectory("slotkv-test");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            lines.add("storage-engine rocksdb");
            lines.add("dir " + dataDir);
        }
        lines.addAll(Arrays.asList(directives));
        try {
            return new TestServer(Server.start(Config.fromLines(lines)), dataDir);
        } catch (ConfigException | IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return server.port();
    }

    public Server server() {
        return server;
    }

    /** A new Jedis connection; the caller closes it. */
    public Jedis jedis() {
        return new Jedis("127.0.0.1", port(), 10_000);
    }

    /** A new {@link RespClient} (RESP2, decoded replies, pipelining); the caller closes it. */
    public RespClient respClient() throws IOException {
        return new RespClient("127.0.0.1", port(), 10_000);
    }

    @Override
    public void close() {
        server.shutdown();
        try {
            server.terminated().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("server did not stop", e);
        }
        if (dataDir != null) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                throw new IllegalStateException("cannot remove " + dataDir, e);
            }
        }
    }
}
