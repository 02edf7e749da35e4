package io.slotkv.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slotkv.testing.InfoFields;
import io.slotkv.testing.Ports;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.SetParams;

/**
 * The rocksdb engine as a real process killed with {@code kill -9}: with {@code appendfsync always} a write it
 * acknowledged survives and a command is applied whole or not at all; with {@code everysec} writes acknowledged
 * two seconds before the kill survive; expiry times survive as absolute times. These tests start their own
 * rocksdb servers, so the failsafe run that puts every test server on rocksdb skips them.
 */
@DisabledIfSystemProperty(named = "slotkv.test.engine", matches = "rocksdb")
class RocksDurabilityIT {
    private static final int CLIENTS = 2;
    private static final long LOAD_MILLIS = 3_000;

    @TempDir
    Path dir;

    private ServerProcesses servers;

    @BeforeEach
    void createServers() {
        servers = new ServerProcesses(dir);
    }

    @AfterEach
    void stopServers() throws InterruptedException {
        servers.close();
    }

    private Process start(int port, String log, String appendfsync) throws IOException {
        return servers.start(log, ServerProcesses.command(dir.resolve("data"), port, "--appendfsync", appendfsync));
    }

    /**
     * The child servers of one test: {@code bin/slotkv-server} on the rocksdb engine with a 128 MB heap, output in
     * a log file, all killed when the test ends. Shared with {@link RocksFaultsIT}.
     */
    static final class ServerProcesses implements AutoCloseable {
        private final Path logs;
        private final List<Process> processes = new ArrayList<>();

        ServerProcesses(Path logs) {
            this.logs = logs;
        }

        /** A server on {@code port} keeping its data under {@code data} (created), with more directives. */
        static List<String> command(Path data, int port, String... directives) throws IOException {
            Files.createDirectories(data);
            List<String> command = new ArrayList<>(List.of("bin/slotkv-server", "--storage-engine", "rocksdb",
                    "--dir", data.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1"));
            command.addAll(List.of(directives));
            return command;
        }

        /** {@code command} under a file size limit: a write beyond it fails with EFBIG (the JVM ignores SIGXFSZ). */
        static List<String> withFileSizeLimit(long kilobytes, List<String> command) {
            List<String> limited = new ArrayList<>(List.of("bash", "-c", "ulimit -f " + kilobytes + " && exec \"$@\"",
                    "bash"));
            limited.addAll(command);
            return limited;
        }

        /** Starts {@code command}, its output (stdout and stderr) going to {@code log} in the test directory. */
        Process start(String log, List<String> command) throws IOException {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(logs.resolve(log).toFile());
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            builder.environment().put("SLOTKV_JAVA_OPTS", "-Xmx128m -XX:+UseSerialGC");
            Process process = builder.start();
            processes.add(process);
            return process;
        }

        String log(String log) throws IOException {
            return Files.readString(logs.resolve(log), StandardCharsets.UTF_8);
        }

        /** The exit status of a server expected to stop by itself, within 20 s. */
        static int exitStatus(Process process) throws InterruptedException {
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("server exited").isTrue();
            return process.exitValue();
        }

        static void awaitPong(int port) {
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                try (Jedis jedis = new Jedis("127.0.0.1", port, 2000)) {
                    return jedis.ping().equals("PONG");
                }
            });
        }

        /** {@code kill -9}: SIGKILL, no shutdown hook, nothing flushed by the process. */
        static void kill9(Process process) throws InterruptedException {
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("killed").isTrue();
        }

        @Override
        public void close() throws InterruptedException {
            for (Process process : processes) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * What one client was told had been written, and which MSETs it sent (acknowledged or not); read after its
     * thread ended.
     */
    private static final class Acknowledged {
        final Map<String, String> strings = new HashMap<>();
        final Map<String, String> fields = new HashMap<>();
        final AtomicLong counter = new AtomicLong();
        final List<Integer> msetsSent = new ArrayList<>();
        int msetsAcknowledged;
    }

    /** Writes until the server dies or the time is up: unique SETs, INCRs, HSETs of new fields and MSETs. */
    private static void load(int port, int client, Acknowledged acked, long deadline) {
        try (Jedis jedis = new Jedis("127.0.0.1", port, 5000)) {
            for (int i = 0; System.currentTimeMillis() < deadline; i++) {
                switch (i % 4) {
                    case 0 -> {
                        String key = "s:" + client + ":" + i;
                        jedis.set(key, "v" + i);
                        acked.strings.put(key, "v" + i);
                    }
                    case 1 -> acked.counter.set(jedis.incr("c:" + client));
                    case 2 -> {
                        jedis.hset("h:" + client, "f" + i, "v" + i);
                        acked.fields.put("f" + i, "v" + i);
                    }
                    default -> {
                        acked.msetsSent.add(i);
                        jedis.mset(msetArgs(client, i));
                        acked.msetsAcknowledged++;
                    }
                }
            }
        } catch (RuntimeException e) {
            // the server was killed under this client: everything acknowledged so far is recorded
        }
    }

    private static String[] msetArgs(int client, int i) {
        List<String> args = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            args.add("m:" + client + ":" + i + ":" + k);
            args.add("x" + i);
        }
        return args.toArray(String[]::new);
    }

    @Test
    void everyAcknowledgedWriteSurvivesKillDashNine() throws Exception {
        int port = Ports.free();
        Process server = start(port, "first.log", "always");
        ServerProcesses.awaitPong(port);
        long deadline = System.currentTimeMillis() + LOAD_MILLIS;
        List<Acknowledged> acks = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            Acknowledged acked = new Acknowledged();
            acks.add(acked);
            int client = c;
            threads.add(Thread.ofPlatform().start(() -> load(port, client, acked, deadline)));
        }
        Thread.sleep(LOAD_MILLIS / 2);
        ServerProcesses.kill9(server);
        for (Thread thread : threads) {
            thread.join(30_000);
        }
        assertThat(acks).allSatisfy(acked -> assertThat(acked.strings).as("load ran").isNotEmpty());

        int again = Ports.free();
        start(again, "second.log", "always");
        ServerProcesses.awaitPong(again);
        try (Jedis jedis = new Jedis("127.0.0.1", again, 5000)) {
            for (int c = 0; c < CLIENTS; c++) {
                Acknowledged acked = acks.get(c);
                for (Map.Entry<String, String> entry : acked.strings.entrySet()) {
                    assertThat(jedis.get(entry.getKey())).as(entry.getKey()).isEqualTo(entry.getValue());
                }
                long counter = Long.parseLong(jedis.get("c:" + c));
                assertThat(counter).as("counter %d", c).isBetween(acked.counter.get(), acked.counter.get() + 1);
                Map<String, String> fields = jedis.hgetAll("h:" + c);
                assertThat(fields).containsAllEntriesOf(acked.fields);
                assertThat(fields.size()).isLessThanOrEqualTo(acked.fields.size() + 1);
                int position = 0;
                for (int i : acked.msetsSent) {
                    String[] args = msetArgs(c, i);
                    List<String> keys = new ArrayList<>();
                    for (int k = 0; k < args.length; k += 2) {
                        keys.add(args[k]);
                    }
                    long present = jedis.exists(keys.toArray(String[]::new));
                    boolean acknowledged = position++ < acked.msetsAcknowledged;
                    assertThat(present).as("MSET %d of client %d", i, c).isIn(acknowledged ? List.of(5L)
                            : List.of(0L, 5L));
                }
            }
        }
    }

    /** SETs "e:client:i" until the server dies; {@code acked} gets the time each SET was acknowledged, by i. */
    private static void timedLoad(int port, int client, List<Long> acked, long deadline) {
        try (Jedis jedis = new Jedis("127.0.0.1", port, 5000)) {
            for (int i = 0; System.currentTimeMillis() < deadline; i++) {
                jedis.set("e:" + client + ":" + i, "v" + i);
                acked.add(System.currentTimeMillis());
            }
        } catch (RuntimeException e) {
            // killed under this client: the acknowledgements so far are recorded
        }
    }

    /**
     * {@code appendfsync everysec}: a write acknowledged more than two seconds before {@code kill -9} is there after
     * a restart (the WAL is synced every second). {@code kill -9} does not drop the operating system's page cache,
     * so this cannot show what a power cut would lose; it does catch writes held back inside the process (a WAL
     * buffered in memory rather than written out at each commit, or a sync thread that stopped).
     */
    @Test
    void everysecKeepsEveryWriteAcknowledgedTwoSecondsBeforeKillDashNine() throws Exception {
        int port = Ports.free();
        Process server = start(port, "first.log", "everysec");
        ServerProcesses.awaitPong(port);
        long deadline = System.currentTimeMillis() + 20_000;
        List<List<Long>> acks = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            List<Long> acked = new ArrayList<>();
            acks.add(acked);
            int client = c;
            threads.add(Thread.ofPlatform().start(() -> timedLoad(port, client, acked, deadline)));
        }
        Thread.sleep(3_500);
        long killedAt = System.currentTimeMillis();
        ServerProcesses.kill9(server);
        for (Thread thread : threads) {
            thread.join(30_000);
        }

        int again = Ports.free();
        start(again, "second.log", "everysec");
        ServerProcesses.awaitPong(again);
        try (Jedis jedis = new Jedis("127.0.0.1", again, 5000)) {
            for (int c = 0; c < CLIENTS; c++) {
                List<Long> acked = acks.get(c);
                int old = 0;
                while (old < acked.size() && acked.get(old) < killedAt - 2_000) {
                    old++;
                }
                assertThat(old).as("writes acknowledged 2 s before the kill by client %d", c).isPositive();
                for (int from = 0; from < old; from += 1_000) {
                    int to = Math.min(old, from + 1_000);
                    String[] keys = new String[to - from];
                    List<String> expected = new ArrayList<>();
                    for (int i = from; i < to; i++) {
                        keys[i - from] = "e:" + c + ":" + i;
                        expected.add("v" + i);
                    }
                    assertThat(jedis.mget(keys)).as("client %d, writes %d to %d", c, from, to)
                            .isEqualTo(expected);
                }
            }
        }
    }

    /**
     * Expiry times are absolute and survive {@code kill -9} unchanged (PEXPIRETIME equal to the millisecond), for
     * EX, PX, EXPIREAT, PEXPIREAT and EXPIRE on strings and collections; keys whose time passed while the server
     * was down are gone after the restart, and active expiry removes them from the counts too.
     */
    @Test
    void expiryTimesSurviveKillDashNineAndKeysThatExpiredWhileDownAreGone() throws Exception {
        int port = Ports.free();
        Process server = start(port, "first.log", "always");
        ServerProcesses.awaitPong(port);
        Map<String, Long> expiries = new LinkedHashMap<>();
        long goneBy;
        try (Jedis jedis = new Jedis("127.0.0.1", port, 5000)) {
            long now = System.currentTimeMillis();
            jedis.set("ex", "1", SetParams.setParams().ex(1_000));
            jedis.set("px", "2", SetParams.setParams().px(900_000));
            jedis.set("at", "3");
            jedis.expireAt("at", now / 1000 + 3_600);
            jedis.hset("hash", "f", "v");
            jedis.pexpireAt("hash", now + 7_200_000);
            jedis.zadd("zset", 1, "m");
            jedis.expire("zset", 500);
            jedis.set("forever", "4");
            jedis.set("short-px", "5", SetParams.setParams().px(1_500));
            jedis.set("short-ex", "6", SetParams.setParams().ex(1));
            jedis.sadd("short-set", "a", "b");
            jedis.pexpire("short-set", 1_200);
            for (String key : List.of("ex", "px", "at", "hash", "zset", "forever")) {
                expiries.put(key, jedis.pexpireTime(key));
            }
            goneBy = Math.max(jedis.pexpireTime("short-px"),
                    Math.max(jedis.pexpireTime("short-ex"), jedis.pexpireTime("short-set")));
        }
        assertThat(expiries.get("forever")).isEqualTo(-1L);
        ServerProcesses.kill9(server);
        Thread.sleep(Math.max(0, goneBy - System.currentTimeMillis() + 200));

        int again = Ports.free();
        start(again, "second.log", "always");
        ServerProcesses.awaitPong(again);
        try (Jedis jedis = new Jedis("127.0.0.1", again, 5000)) {
            for (Map.Entry<String, Long> expiry : expiries.entrySet()) {
                assertThat(jedis.pexpireTime(expiry.getKey())).as(expiry.getKey()).isEqualTo(expiry.getValue());
            }
            for (String gone : List.of("short-px", "short-ex", "short-set")) {
                assertThat(jedis.exists(gone)).as(gone).isFalse();
                assertThat(jedis.pexpireTime(gone)).as(gone).isEqualTo(-2L);
            }
            assertThat(jedis.get("ex")).isEqualTo("1");
            assertThat(jedis.hgetAll("hash")).isEqualTo(Map.of("f", "v"));
            assertThat(jedis.keys("*")).containsExactlyInAnyOrderElementsOf(expiries.keySet());
            await().atMost(Duration.ofSeconds(10)).until(() -> jedis.dbSize() == expiries.size());
            assertThat(InfoFields.parse(jedis.info("keyspace")).get("db0")).startsWith("keys=6,expires=5,");
        }
    }
}
