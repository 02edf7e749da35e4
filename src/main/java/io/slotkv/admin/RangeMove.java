package io.slotkv.admin;

import io.slotkv.protocol.RespClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Moves slots from one node to another with the five-step range flow (slot_preimporting, slot_premigrating,
 * migrate_slot until DONE, slot_postmigrating, slot_postimporting), several slots at a time when asked. Every step
 * is safe to run again, so a move stopped by an error is finished by running it again.
 *
 * @param source the node giving the slots
 * @param target the node taking them
 * @param sliceMillis the time slice of each migrate_slot call
 * @param megabytesPerSecond the throttle of each slot's stream, 0 for none
 * @param parallel how many slots move at once
 */
public record RangeMove(Endpoint source, Endpoint target, long sliceMillis, double megabytesPerSecond,
        int parallel) {
    private static final int TIMEOUT_MILLIS = 60_000;

    /** A node: where to reach it and its id. */
    public record Endpoint(String host, int port, String id) {}

    /**
     * Moves {@code slots}, calling {@code moved} with each slot once it belongs to the target.
     *
     * @return how many migrate_slot calls it took
     * @throws IOException the first error a step answered or a connection failure; the slots not moved then are
     *     left in the middle of the flow, to be finished by running the move again
     */
    public long run(List<Integer> slots, IntConsumer moved) throws IOException {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallel));
        try {
            List<Future<Long>> workers = new ArrayList<>();
            for (int i = 0; i < Math.max(1, parallel); i++) {
                workers.add(pool.submit(() -> {
                    long calls = 0;
                    try (RespClient from = connect(source); RespClient to = connect(target)) {
                        for (int at = next.getAndIncrement(); at < slots.size(); at = next.getAndIncrement()) {
                            calls += moveSlot(from, to, slots.get(at));
                            moved.accept(slots.get(at));
                        }
                    }
                    return calls;
                }));
            }
            long calls = 0;
            for (Future<Long> worker : workers) {
                calls += result(worker);
            }
            return calls;
        } finally {
            pool.shutdownNow();
        }
    }

    private long moveSlot(RespClient from, RespClient to, int slot) throws IOException {
        if (!owns(from, slot)) {
            from.call("slot_postmigrating", slot); // taken by the target in an earlier run, or never the source's
            return 0;
        }
        to.call("slot_preimporting", slot);
        from.call("slot_premigrating", slot, target.id());
        long calls = 0;
        String reply;
        do {
            reply = RespClient.text(from.call("migrate_slot", slot, target.host(), target.port(), sliceMillis,
                    megabytesPerSecond));
            calls++;
        } while (reply.equals("CONTINUE"));
        if (!reply.equals("DONE")) {
            throw new IOException("migrate_slot " + slot + " answered " + reply);
        }
        to.call("slot_postimporting", slot);
        from.call("slot_postmigrating", slot);
        return calls;
    }

    /** Whether {@code node} owns {@code slot}, as its own line of CLUSTER NODES tells. */
    private static boolean owns(RespClient node, int slot) throws IOException {
        String myself = RespClient.text(node.call("CLUSTER", "NODES")).lines()
                .filter(line -> line.contains("myself")).findFirst().orElse("");
        String[] fields = myself.split(" ");
        for (int i = 8; i < fields.length; i++) {
            String range = fields[i];
            if (range.startsWith("[")) {
                continue;
            }
            int dash = range.indexOf('-');
            int first = Integer.parseInt(dash < 0 ? range : range.substring(0, dash));
            int last = dash < 0 ? first : Integer.parseInt(range.substring(dash + 1));
            if (slot >= first && slot <= last) {
                return true;
            }
        }
        return false;
    }

    private static RespClient connect(Endpoint node) throws IOException {
        return new RespClient(node.host(), node.port(), TIMEOUT_MILLIS);
    }

    private static long result(Future<Long> worker) throws IOException {
        try {
            return worker.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        }
    }
}
