package io.slotkv.admin;

import io.slotkv.protocol.RespClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Moves slots from one node to another with the five-step range flow (slot_preimporting, slot_premigrating,
 * migrate_slot until DONE, slot_postimporting, slot_postmigrating). Consecutive slots go in groups: the marks of a
 * group are set and cleared with one command per node (the range form), and its slots stream several at a time
 * when asked. Every step is safe to run again, so a move stopped by an error is finished by running it again.
 *
 * @param source the node giving the slots
 * @param target the node taking them
 * @param sliceMillis the time slice of each migrate_slot call
 * @param megabytesPerSecond the throttle of each migrate_slot call (each of the parallel streams), 0 for none
 * @param parallel how many migrate_slot calls (streams) run at once
 */
public record RangeMove(Endpoint source, Endpoint target, long sliceMillis, double megabytesPerSecond,
        int parallel) {
    private static final int TIMEOUT_MILLIS = 60_000;
    /** Most slots whose marks one command sets or clears. */
    private static final int GROUP = 256;
    /**
     * Most slots one migrate_slot call moves (a range, one slot after another): a call per slot would cost a round
     * trip per slot, and a call over a whole group would leave the other parallel streams idle at its end.
     */
    public static final int CALL_SLOTS = 32;
    /** Calls of migrate_slot that may fail in a row before the move gives up. */
    private static final int ATTEMPTS = 3;

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
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallel));
        try (RespClient from = connect(source); RespClient to = connect(target)) {
            BitSet owned = ownedSlots(from);
            long calls = 0;
            for (List<Integer> group : groups(slots, owned)) {
                String range = group.get(0) + "-" + group.get(group.size() - 1);
                if (!owned.get(group.get(0))) {
                    from.call("slot_postmigrating", range); // taken by the target in an earlier run, or never ours
                    group.forEach(moved::accept);
                    continue;
                }
                to.call("slot_preimporting", range);
                from.call("slot_premigrating", range, target.id());
                calls += stream(pool, group);
                to.call("slot_postimporting", range); // before the source lets go: clients never bounce
                from.call("slot_postmigrating", range);
                group.forEach(moved::accept);
            }
            return calls;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Splits {@code slots} into runs of consecutive slots that the source owns alike (all or none), of at most
     * {@value #GROUP} slots: each run's marks are set and cleared with one command on each node.
     */
    private static List<List<Integer>> groups(List<Integer> slots, BitSet owned) {
        List<List<Integer>> groups = new ArrayList<>();
        List<Integer> group = new ArrayList<>();
        for (int slot : slots) {
            if (!group.isEmpty() && (slot != group.get(group.size() - 1) + 1 || group.size() == GROUP
                    || owned.get(slot) != owned.get(group.get(0)))) {
                groups.add(group);
                group = new ArrayList<>();
            }
            group.add(slot);
        }
        if (!group.isEmpty()) {
            groups.add(group);
        }
        return groups;
    }

    /**
     * Runs migrate_slot until DONE for every slot of {@code group} (consecutive slots), in ranges of up to
     * {@value #CALL_SLOTS} slots, {@link #parallel} ranges at a time.
     */
    private long stream(ExecutorService pool, List<Integer> group) throws IOException {
        AtomicInteger next = new AtomicInteger();
        int first = group.get(0);
        int last = group.get(group.size() - 1);
        List<Future<Long>> workers = new ArrayList<>();
        for (int i = 0; i < Math.max(1, parallel); i++) {
            workers.add(pool.submit(() -> {
                long calls = 0;
                try (RespClient from = connect(source)) {
                    for (int at = first + next.getAndAdd(CALL_SLOTS); at <= last;
                            at = first + next.getAndAdd(CALL_SLOTS)) {
                        calls += migrate(from, at + "-" + Math.min(last, at + CALL_SLOTS - 1));
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
    }

    /**
     * Calls migrate_slot for {@code slots} until it answers DONE; returns the number of calls. A call that stopped
     * with an error (a connection to the target lost, say) is made again, since the next call resumes where it
     * stopped, up to {@value #ATTEMPTS} times in a row.
     */
    private long migrate(RespClient from, String slots) throws IOException {
        long calls = 0;
        int failures = 0;
        while (true) {
            calls++;
            String reply;
            try {
                reply = RespClient.text(from.call("migrate_slot", slots, target.host(), target.port(), sliceMillis,
                        megabytesPerSecond));
            } catch (RespClient.RespError e) {
                if (++failures == ATTEMPTS) {
                    throw new IOException("migrate_slot " + slots + " failed " + ATTEMPTS + " times: " + e.getMessage(),
                            e);
                }
                continue;
            }
            failures = 0;
            if (reply.equals("DONE")) {
                return calls;
            }
            if (!reply.equals("CONTINUE")) {
                throw new IOException("migrate_slot " + slots + " answered " + reply);
            }
        }
    }

    /** The slots {@code node} owns, as its own line of CLUSTER NODES tells. */
    private static BitSet ownedSlots(RespClient node) throws IOException {
        String myself = RespClient.text(node.call("CLUSTER", "NODES")).lines()
                .filter(line -> line.contains("myself")).findFirst().orElse("");
        String[] fields = myself.split(" ");
        BitSet owned = new BitSet();
        for (int i = 8; i < fields.length; i++) {
            String range = fields[i];
            if (range.startsWith("[")) {
                continue;
            }
            int dash = range.indexOf('-');
            int first = Integer.parseInt(dash < 0 ? range : range.substring(0, dash));
            int last = dash < 0 ? first : Integer.parseInt(range.substring(dash + 1));
            owned.set(first, last + 1);
        }
        return owned;
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
