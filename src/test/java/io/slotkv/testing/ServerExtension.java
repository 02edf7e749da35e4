package io.slotkv.testing;

import io.slotkv.protocol.RespClient;
import java.io.IOException;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.clients.jedis.Jedis;

/**
 * A {@link TestServer} shared by the tests of one class (and its {@code @Nested} classes), started before the first
 * and stopped after the last:
 *
 * <pre>{@code @RegisterExtension static final ServerExtension server = new ServerExtension("timeout 0");}</pre>
 *
 * <p>Also hands out {@link #connection()}, a Jedis connection of the running test that is closed after it, so each
 * test starts on a fresh connection (database 0, RESP2, no name) without connect and close boilerplate.
 */
public final class ServerExtension extends ClassScopedExtension implements AfterEachCallback {
    private final String[] directives;
    private TestServer server;
    private Jedis connection;

    /** A server with the defaults plus {@code directives} (redis.conf lines), as {@link TestServer#start}. */
    public ServerExtension(String... directives) {
        this.directives = directives.clone();
    }

    @Override
    void start() {
        server = TestServer.start(directives);
    }

    @Override
    void stop() {
        closeConnection();
        server.close();
        server = null;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        closeConnection();
    }

    private TestServer running() {
        if (server == null) {
            throw new IllegalStateException("the server runs only while the tests of its class run");
        }
        return server;
    }

    public int port() {
        return running().port();
    }

    /** A new Jedis connection; the caller closes it. */
    public Jedis jedis() {
        return running().jedis();
    }

    /** A new {@link RespClient} (RESP2, decoded replies, pipelining); the caller closes it. */
    public RespClient respClient() throws IOException {
        return running().respClient();
    }

    /**
     * The Jedis connection of the running test, opened on first use and closed after the test. Tests may keep it in
     * an instance field ({@code private final Jedis jedis = server.connection();}): JUnit creates the test instance
     * for each test.
     */
    public Jedis connection() {
        if (connection == null) {
            connection = jedis();
        }
        return connection;
    }

    private void closeConnection() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }
}
