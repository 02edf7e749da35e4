package io.slotkv.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slotkv.testing.Ports;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * The rocksdb engine with {@code appendfsync always} as a real process: a write it acknowledged survives
 * {@code kill -9}, a command is applied whole or not at all, and a data directory serves one server at a time.
 */
class RocksDurabilityIT {
    private static final int CLIENTS = 2;
    private static final long LOAD_MILLIS = 3_000;

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stopServers() throws InterruptedException {
        for (Process process : processes) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private Process start(int port, String log) throws IOException {
        Files.createDirectories(dir.resolve("data"));
        ProcessBuilder builder = new ProcessBuilder("bin/slotkv-server", "--storage-engine", "rocksdb",
                "--appendfsync", "always", "--dir", dir.resolve("data").toString(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1").redirectErrorStream(true).redirectOutput(dir.resolve(log).toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("SLOTKV_JAVA_OPTS", "-Xmx128m -XX:+UseSerialGC");
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    private static void awaitPong(int port) {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            try (Jedis jedis = new Jedis("127.0.0.1", port, 2000)) {
                return jedis.ping().equals("PONG");
            }
        });
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
        Process server = start(port, "first.log");
        awaitPong(port);
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
        Runtime.getRuntime().exec(new String[] {"kill", "-9", Long.toString(server.pid())}).waitFor();
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        for (Thread thread : threads) {
            thread.join(30_000);
        }
        assertThat(acks).allSatisfy(acked -> assertThat(acked.strings).as("load ran").isNotEmpty());

        int again = Ports.free();
        start(again, "second.log");
        awaitPong(again);
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

    @Test
    void aLockedDirectoryStopsASecondServerAndLeavesTheFirstServing() throws Exception {
        int port = Ports.free();
        start(port, "first.log");
        awaitPong(port);
        try (Jedis jedis = new Jedis("127.0.0.1", port, 5000)) {
            jedis.set("before", "1");
        }
        Process second = start(Ports.free(), "second.log");
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).isNotZero();
        assertThat(Files.readString(dir.resolve("second.log"), StandardCharsets.UTF_8))
                .contains("cannot open the rocksdb data directory")
                .contains("locked, probably by another running server");
        try (Jedis jedis = new Jedis("127.0.0.1", port, 5000)) {
            assertThat(jedis.get("before")).isEqualTo("1");
            assertThat(jedis.set("after", "2")).isEqualTo("OK");
            assertThat(jedis.get("after")).isEqualTo("2");
        }
    }
}
