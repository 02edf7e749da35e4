package io.slotkv.admin;

import io.slotkv.protocol.RespClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writers that keep a record of every write the cluster acknowledged, so that after slots moved under them the
 * demo can show that nothing acknowledged was lost or applied twice: each writer appends its sequence numbers to
 * its own lists (RPUSH), counts in its own counters (INCR) and overwrites its own strings with unique values (SET),
 * spread over many slots. Only the writer thread touches its record; {@link #verify} reads it after the stop.
 */
final class LiveWriter {
    private static final int KEYS_PER_WRITER = 64;

    private final ClusterClients connections;
    private final int writers;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final List<long[]> records = new ArrayList<>();
    private ExecutorService pool;
    private final List<Future<?>> futures = new ArrayList<>();

    LiveWriter(ClusterClients connections, int writers) {
        this.connections = connections;
        this.writers = writers;
    }

    void start() {
        pool = Executors.newFixedThreadPool(writers);
        for (int w = 0; w < writers; w++) {
            long[] record = new long[KEYS_PER_WRITER];
            records.add(record);
            int writer = w;
            futures.add(pool.submit(() -> write(writer, record)));
        }
    }

    /** Writes until stopped; {@code record[i]} counts the acknowledged writes to this writer's key set i. */
    private Void write(int writer, long[] record) throws IOException {
        try (ClusterClient client = connections.open()) {
            for (long n = 0; running.get(); n++) {
                int i = (int) (n % KEYS_PER_WRITER);
                long next = record[i] + 1;
                try {
                    client.call("RPUSH", key("seq", writer, i), next);
                    client.call("INCR", key("count", writer, i));
                    client.call("SET", key("last", writer, i), next);
                    record[i] = next;
                    acknowledged.addAndGet(3);
                } catch (RespClient.RespError e) {
                    errors.incrementAndGet();
                    return null; // an unacknowledged write would make the record ambiguous: stop this writer
                }
            }
        }
        return null;
    }

    private static String key(String kind, int writer, int i) {
        return "live:" + kind + ":" + writer + ":" + i;
    }

    /** Stops the writers and waits for them. */
    void stop() throws InterruptedException {
        running.set(false);
        for (Future<?> future : futures) {
            try {
                future.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("live writer failed: " + e.getCause(), e.getCause());
            }
        }
        pool.shutdown();
    }

    long acknowledged() {
        return acknowledged.get();
    }

    long errors() {
        return errors.get();
    }

    /** Keys holding at least one acknowledged write (three per key set written). */
    long keys() {
        return records.stream().flatMapToLong(java.util.Arrays::stream).filter(count -> count > 0).count() * 3;
    }

    /** What differs from the record: empty when every acknowledged write is there exactly once. */
    List<String> verify() throws IOException {
        List<String> problems = new ArrayList<>();
        try (ClusterClient client = connections.open()) {
            for (int w = 0; w < records.size(); w++) {
                long[] record = records.get(w);
                for (int i = 0; i < record.length; i++) {
                    check(problems, client, w, i, record[i]);
                }
            }
        }
        return problems;
    }

    private static void check(List<String> problems, ClusterClient client, int writer, int i, long expected)
            throws IOException {
        String seq = key("seq", writer, i);
        Object list = client.call("LRANGE", seq, 0, -1);
        List<?> elements = list instanceof List<?> l ? l : List.of();
        boolean sequence = elements.size() == expected;
        for (int j = 0; sequence && j < elements.size(); j++) {
            sequence = RespClient.text(elements.get(j)).equals(Long.toString(j + 1));
        }
        if (!sequence) {
            problems.add(seq + " holds " + elements.size() + " elements, " + expected + " acknowledged");
        }
        String count = key("count", writer, i);
        String counted = expected == 0 ? null : RespClient.text(client.call("GET", count));
        if (expected > 0 && !counted.equals(Long.toString(expected))) {
            problems.add(count + " is " + counted + ", " + expected + " increments acknowledged");
        }
        String last = key("last", writer, i);
        String value = expected == 0 ? null : RespClient.text(client.call("GET", last));
        if (expected > 0 && !value.equals(Long.toString(expected))) {
            problems.add(last + " is " + value + ", last acknowledged " + expected);
        }
    }
}
