package io.slotkv.migration;

import static io.slotkv.testing.RespText.OK;
import static io.slotkv.testing.RespText.error;
import static org.assertj.core.api.Assertions.assertThat;

import io.slotkv.testing.RawConnection;
import io.slotkv.testing.RealRedis;
import io.slotkv.testing.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.Tuple;

/**
 * MIGRATE between two slotkv servers and to a real redis-server: Redis's syntax, replies and error strings, the
 * rule that a key leaves only after the target's OK, per-I/O timeouts, cached connections, and the keys being
 * moved making only the commands that touch them wait.
 */
class MigrateCommandIT {
    private static final String TARGET_ERROR = "ERR Target instance replied with error: ";

    @TempDir
    static Path dir;

    static TestServer source;
    static TestServer target;
    static TestServer securedTarget;

    @BeforeAll
    static void start() {
        source = TestServer.start();
        target = TestServer.start();
        securedTarget = TestServer.start("requirepass s3cret");
    }

    @AfterAll
    static void stop() {
        source.close();
        target.close();
        securedTarget.close();
    }

    @BeforeEach
    void flush() {
        try (Jedis s = source.jedis(); Jedis t = target.jedis(); Jedis secured = securedTarget.jedis()) {
            s.flushAll();
            t.flushAll();
            secured.auth("s3cret");
            secured.flushAll();
        }
    }

    private static String migrate(int port, String key, String... options) {
        List<String> args = new ArrayList<>(List.of("MIGRATE", "127.0.0.1", Integer.toString(port), key, "0",
                "5000"));
        args.addAll(List.of(options));
        try (RawConnection connection = new RawConnection(source.port(), 20_000, 64 * 1024)) {
            return connection.call(args.toArray(String[]::new));
        }
    }

    @Test
    void movesOneKeyWithItsTimeToLive() {
        try (Jedis s = source.jedis(); Jedis t = target.jedis()) {
            s.psetex("k", 100_000, "v");
            long expireAt = s.pexpireTime("k");
            assertThat(migrate(target.port(), "k")).isEqualTo(OK);
            assertThat(s.exists("k")).isFalse();
            assertThat(t.get("k")).isEqualTo("v");
            assertThat(t.pexpireTime("k")).isBetween(expireAt - 5, expireAt + 5);
        }
    }

    @Test
    void movesEveryTypeWithKeys() {
        try (Jedis s = source.jedis(); Jedis t = target.jedis()) {
            fillEveryType(s);
            assertThat(migrate(target.port(), "", "KEYS", "str", "list", "missing", "set", "hash", "zset"))
                    .isEqualTo(OK);
            assertThat(s.dbSize()).isZero();
            assertEveryType(t);
        }
    }

    static void fillEveryType(Jedis jedis) {
        jedis.set("str", "hello");
        jedis.rpush("list", "a", "b", "c", "a");
        jedis.sadd("set", "x", "y", "z");
        jedis.hset("hash", Map.of("f1", "v1", "f2", "v2"));
        jedis.zadd("zset", Map.of("m1", 1.5, "m2", -2.0, "m3", Double.POSITIVE_INFINITY));
    }

    static void assertEveryType(Jedis jedis) {
        assertThat(jedis.get("str")).isEqualTo("hello");
        assertThat(jedis.lrange("list", 0, -1)).containsExactly("a", "b", "c", "a");
        assertThat(jedis.smembers("set")).containsExactlyInAnyOrder("x", "y", "z");
        assertThat(jedis.hgetAll("hash")).isEqualTo(Map.of("f1", "v1", "f2", "v2"));
        assertThat(jedis.zrangeWithScores("zset", 0, -1)).containsExactly(new Tuple("m2", -2.0),
                new Tuple("m1", 1.5), new Tuple("m3", Double.POSITIVE_INFINITY));
    }

    @Test
    void answersNokeyWhenNoKeyExists() {
        assertThat(migrate(target.port(), "nothing")).isEqualTo("+NOKEY\r\n");
        assertThat(migrate(target.port(), "", "KEYS", "a", "b")).isEqualTo("+NOKEY\r\n");
    }

    @Test
    void copyKeepsTheKeyAndReplaceOverwrites() {
        try (Jedis s = source.jedis(); Jedis t = target.jedis()) {
            s.set("k", "new");
            t.set("k", "old");
            assertThat(migrate(target.port(), "k")).isEqualTo(error(TARGET_ERROR
                    + "BUSYKEY Target key name already exists."));
            assertThat(s.get("k")).isEqualTo("new");
            assertThat(migrate(target.port(), "k", "COPY", "REPLACE")).isEqualTo(OK);
            assertThat(s.get("k")).isEqualTo("new");
            assertThat(t.get("k")).isEqualTo("new");
        }
    }

    @Test
    void keysTheTargetRefusedStayHereAndTheOthersLeave() {
        try (Jedis s = source.jedis(); Jedis t = target.jedis()) {
            s.mset("a", "1", "b", "2", "c", "3");
            t.set("b", "taken");
            assertThat(migrate(target.port(), "", "KEYS", "a", "b", "c")).isEqualTo(error(TARGET_ERROR
                    + "BUSYKEY Target key name already exists."));
            assertThat(s.keys("*")).containsExactly("b");
            assertThat(t.mget("a", "b", "c")).containsExactly("1", "taken", "3");
        }
    }

    @Test
    void checksItsArguments() {
        assertThat(migrate(target.port(), "k", "KEYS", "a"))
                .isEqualTo(error("ERR When using MIGRATE KEYS option, the key argument must be set to the empty string"));
        assertThat(migrate(target.port(), "k", "BOGUS")).isEqualTo(error("ERR syntax error"));
        assertThat(migrate(target.port(), "k", "AUTH")).isEqualTo(error("ERR syntax error"));
        assertThat(migrate(target.port(), "k", "AUTH2", "user")).isEqualTo(error("ERR syntax error"));
        try (RawConnection connection = new RawConnection(source.port())) {
            assertThat(connection.call("MIGRATE", "127.0.0.1", "1", "k", "0", "soon"))
                    .isEqualTo(error("ERR value is not an integer or out of range"));
            assertThat(connection.call("MIGRATE", "127.0.0.1", "1", "k", "x", "10"))
                    .isEqualTo(error("ERR value is not an integer or out of range"));
            assertThat(connection.call("MIGRATE", "127.0.0.1", "1", "k", "0"))
                    .isEqualTo(error("ERR wrong number of arguments for 'migrate' command"));
        }
    }

    @Test
    void authenticatesWithAuthAndAuth2() {
        try (Jedis s = source.jedis(); Jedis t = securedTarget.jedis()) {
            t.auth("s3cret");
            s.mset("a", "1", "b", "2");
            assertThat(migrate(securedTarget.port(), "a", "AUTH", "wrong")).isEqualTo(error(TARGET_ERROR
                    + "WRONGPASS invalid username-password pair or user is disabled."));
            assertThat(s.exists("a")).isTrue();
            assertThat(migrate(securedTarget.port(), "a")).isEqualTo(error(TARGET_ERROR
                    + "NOAUTH Authentication required."));
            assertThat(migrate(securedTarget.port(), "a", "AUTH", "s3cret")).isEqualTo(OK);
            assertThat(migrate(securedTarget.port(), "b", "AUTH2", "default", "s3cret")).isEqualTo(OK);
            assertThat(t.mget("a", "b")).containsExactly("1", "2");
            assertThat(s.dbSize()).isZero();
        }
    }

    @Test
    void aTargetThatCannotBeReachedLeavesTheKey() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (Jedis s = source.jedis()) {
            s.set("k", "v");
            assertThat(migrate(closedPort, "k")).isEqualTo(error("IOERR error or timeout connecting to the client"));
            assertThat(migrate(0, "k")).isEqualTo(error("IOERR error or timeout connecting to the client"));
            assertThat(s.get("k")).isEqualTo("v");
        }
    }

    @Test
    void aSilentTargetTimesOutAndOnlyCommandsOnTheMovingKeyWait() throws Exception {
        try (SilentTarget silent = new SilentTarget(); Jedis s = source.jedis(); Jedis other = source.jedis();
                Jedis waiter = source.jedis()) {
            s.set("moving", "v");
            s.set("elsewhere", "w");
            CompletableFuture<String> reply = CompletableFuture.supplyAsync(() -> {
                try (RawConnection connection = new RawConnection(source.port(), 20_000, 64 * 1024)) {
                    return connection.call("MIGRATE", "127.0.0.1", Integer.toString(silent.port()), "moving", "0",
                            "1500");
                }
            });
            silent.awaitConnection();
            long started = System.nanoTime();
            assertThat(other.get("elsewhere")).isEqualTo("w");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(1000);
            CompletableFuture<String> blocked = CompletableFuture.supplyAsync(() -> waiter.set("moving", "changed"));
            Thread.sleep(300);
            assertThat(blocked).isNotDone();
            assertThat(reply.get(10, TimeUnit.SECONDS))
                    .isEqualTo(error("IOERR error or timeout reading to target instance"));
            assertThat(blocked.get(10, TimeUnit.SECONDS)).isEqualTo("OK");
            assertThat(s.get("moving")).isEqualTo("changed");
        }
    }

    @Test
    void aCommandWaitingForAMovedKeyFindsItGone() throws Exception {
        try (Jedis s = source.jedis(); Jedis waiter = source.jedis(); Jedis t = target.jedis()) {
            s.set("k", "v");
            s.rpush("big", bigList());
            CompletableFuture<String> reply = CompletableFuture.supplyAsync(() -> migrate(target.port(), "",
                    "KEYS", "big", "k"));
            String seen = waiter.get("k");
            assertThat(reply.get(30, TimeUnit.SECONDS)).isEqualTo(OK);
            assertThat(seen).isIn("v", null); // before the MIGRATE took the key, or after it left: never between
            assertThat(s.exists("k", "big")).isZero();
            assertThat(t.llen("big")).isEqualTo(100_000);
        }
    }

    private static String[] bigList() {
        String[] elements = new String[100_000];
        for (int i = 0; i < elements.length; i++) {
            elements[i] = "element-" + i;
        }
        return elements;
    }

    @Test
    void expiredKeysAreNotSent() throws InterruptedException {
        try (Jedis s = source.jedis(); Jedis t = target.jedis()) {
            s.psetex("short", 1, "v");
            Thread.sleep(10);
            assertThat(migrate(target.port(), "short")).isEqualTo("+NOKEY\r\n");
            assertThat(t.exists("short")).isFalse();
        }
    }

    @Test
    void reusesItsConnectionToATarget() {
        try (Jedis s = source.jedis(); Jedis t = target.jedis()) {
            for (int i = 0; i < 5; i++) {
                s.set("k" + i, "v");
                assertThat(migrate(target.port(), "k" + i)).isEqualTo(OK);
            }
            long fromSource = t.clientList().lines().filter(line -> !line.contains("cmd=client")).count();
            assertThat(fromSource).isEqualTo(1);
        }
    }

    @Test
    void movesEveryTypeToARealRedisServer() {
        try (RealRedis redis = RealRedis.start(dir); Jedis s = source.jedis();
                Jedis r = new Jedis("127.0.0.1", redis.port())) {
            fillEveryType(s);
            s.expire("hash", 1000);
            assertThat(migrate(redis.port(), "", "KEYS", "str", "list", "set", "hash", "zset")).isEqualTo(OK);
            assertEveryType(r);
            assertThat(r.ttl("hash")).isBetween(990L, 1000L);
            assertThat(s.dbSize()).isZero();
        }
    }

    /** A TCP server that accepts connections and never answers. */
    private static final class SilentTarget implements AutoCloseable {
        private final ServerSocket socket;
        private final CompletableFuture<Socket> accepted = new CompletableFuture<>();

        SilentTarget() throws IOException {
            socket = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(() -> {
                try {
                    accepted.complete(socket.accept());
                } catch (IOException e) {
                    accepted.completeExceptionally(e);
                }
            });
        }

        int port() {
            return socket.getLocalPort();
        }

        void awaitConnection() throws Exception {
            accepted.get(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            try {
                socket.close();
                if (accepted.isDone() && !accepted.isCompletedExceptionally()) {
                    accepted.join().close();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
