package io.slotkv.admin;

import io.slotkv.protocol.RespClient;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;

/**
 * A mixed read/write workload over the keys {@link DataLoader} created: each client thread sends one command at a
 * time (so latency is per command) chosen at random across all types, for a fixed time; latency goes into an
 * HdrHistogram.
 */
final class Workload {
    static final List<String> TYPES = List.of("string", "hash", "list", "set", "zset");

    private final ClusterClients connections;
    private final long keysPerType;
    private final int clients;

    /** What a run measured; latencies in microseconds. */
    record Result(long operations, long errors, double seconds, int clients, long p50Micros, long p99Micros,
            long maxMicros) {}

    Workload(ClusterClients connections, long keysPerType, int clients) {
        this.connections = connections;
        this.keysPerType = keysPerType;
        this.clients = clients;
    }

    /** The command that creates key {@code k} of {@code type}. */
    static Object[] populate(String type, long k) {
        return switch (type) {
            case "string" -> new Object[] {"SET", "string:" + k, "value-" + k};
            case "hash" -> new Object[] {"HSET", "hash:" + k, "name", "user-" + k, "visits", k % 100};
            case "list" -> new Object[] {"RPUSH", "list:" + k, "a", "b", "c"};
            case "set" -> new Object[] {"SADD", "set:" + k, "red", "green", k};
            default -> new Object[] {"ZADD", "zset:" + k, 1, "a", 2, "b", k, "c"};
        };
    }

    private Object[] randomCommand(ThreadLocalRandom random) {
        long k = random.nextLong(keysPerType);
        return switch (random.nextInt(12)) {
            case 0 -> new Object[] {"GET", "string:" + k};
            case 1 -> new Object[] {"SET", "string:" + k, "updated-" + random.nextInt()};
            case 2 -> new Object[] {"INCR", "counter:" + random.nextInt(1000)};
            case 3 -> new Object[] {"HGET", "hash:" + k, "name"};
            case 4 -> new Object[] {"HINCRBY", "hash:" + k, "visits", 1};
            case 5 -> new Object[] {"RPUSH", "list:" + k, "x"};
            case 6 -> new Object[] {"LPOP", "list:" + k};
            case 7 -> new Object[] {"LRANGE", "list:" + k, 0, 2};
            case 8 -> new Object[] {"SISMEMBER", "set:" + k, "red"};
            case 9 -> new Object[] {"SADD", "set:" + k, "blue"};
            case 10 -> new Object[] {"ZINCRBY", "zset:" + k, 1, "a"};
            default -> new Object[] {"ZRANGE", "zset:" + k, 0, -1, "WITHSCORES"};
        };
    }

    Result run(int seconds, PrintStream out) throws InterruptedException {
        Recorder recorder = new Recorder(3);
        AtomicLong operations = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> workers = new ArrayList<>();
        long started = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            workers.add(pool.submit(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                try (ClusterClient client = connections.open()) {
                    while (System.nanoTime() < deadline) {
                        Object[] command = randomCommand(random);
                        long t0 = System.nanoTime();
                        try {
                            client.call(command);
                        } catch (RespClient.RespError e) {
                            errors.incrementAndGet();
                        }
                        recorder.recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
                        operations.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        ProgressBar bar = new ProgressBar(out, "workload", seconds);
        while (System.nanoTime() < deadline) {
            Thread.sleep(100);
            bar.update((System.nanoTime() - started) / 1_000_000_000L);
        }
        for (Future<?> worker : workers) {
            try {
                worker.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("workload client failed: " + e.getCause(), e.getCause());
            }
        }
        pool.shutdown();
        bar.finish(seconds);
        double elapsed = (System.nanoTime() - started) / 1e9;
        var histogram = recorder.getIntervalHistogram();
        return new Result(operations.get(), errors.get(), elapsed, clients, histogram.getValueAtPercentile(50),
                histogram.getValueAtPercentile(99), histogram.getMaxValue());
    }

}
