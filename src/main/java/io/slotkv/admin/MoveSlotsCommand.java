package io.slotkv.admin;

import io.slotkv.protocol.HashSlot;
import io.slotkv.protocol.RespClient;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code slotkv move-slots}: moves hash slots from one slotkv node to another with the range flow
 * ({@link RangeMove}), the fast way to reshard: the source streams each slot whole instead of a client shuttling
 * keys a batch at a time. Safe to run again after an error: slots already moved are skipped and a slot left in the
 * middle of the flow is finished.
 */
@Command(name = "move-slots", mixinStandardHelpOptions = true,
        description = "Move hash slots from one node to another by streaming each slot whole "
                + "(slot_preimporting, slot_premigrating, migrate_slot until DONE, slot_postimporting, "
                + "slot_postmigrating), with a progress bar.")
final class MoveSlotsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "HOST:PORT", description = "The node giving the slots.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "HOST:PORT", description = "The node taking them.")
    String to;

    @Option(names = "--slots", required = true, paramLabel = "RANGES",
            description = "Slots to move: numbers and ranges, comma separated, e.g. 0-999,5000.")
    String slots;

    @Option(names = "--parallel", description = "Slots moved at once (default: ${DEFAULT-VALUE}).")
    int parallel = 2;

    @Option(names = "--slice-ms", description = "Time slice of each migrate_slot call (default: ${DEFAULT-VALUE}).")
    long sliceMillis = 1000;

    @Option(names = "--speed", paramLabel = "MB/s",
            description = "Throttle of each slot's stream in MB/s, 0 for none (default: ${DEFAULT-VALUE}).")
    double speed = 0;

    @Override
    public Integer call() throws IOException {
        PrintStream out = System.out;
        List<Integer> list = parseSlots(slots);
        if (parallel < 1 || sliceMillis < 1 || speed < 0 || !Double.isFinite(speed)) {
            throw new ParameterException(spec.commandLine(),
                    "--parallel and --slice-ms must be positive, --speed a number of MB/s (0: no limit)");
        }
        RangeMove.Endpoint source = endpoint(from);
        RangeMove.Endpoint target = endpoint(to);
        Map<Integer, Long> keys = new TreeMap<>();
        try (RespClient node = new RespClient(source.host(), source.port(), 10_000)) {
            for (int slot : list) { // pipelined: thousands of slots cost one round trip
                node.send("CLUSTER", "COUNTKEYSINSLOT", slot);
            }
            node.flush();
            for (int slot : list) {
                keys.put(slot, (Long) node.read());
            }
        }
        long total = keys.values().stream().mapToLong(Long::longValue).sum();
        out.printf(Locale.ROOT, "Moving %d slots (%d keys) from %s to %s, %d at a time%n", list.size(), total, from,
                to, parallel);
        ProgressBar bar = new ProgressBar(out, "moving", total);
        AtomicLong moved = new AtomicLong();
        long started = System.nanoTime();
        long calls = new RangeMove(source, target, sliceMillis, speed, parallel).run(list,
                slot -> bar.update(moved.addAndGet(keys.get(slot))));
        bar.finish(moved.get());
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf(Locale.ROOT, "Moved %d slots and %d keys in %.2f s (%.0f keys/s, %d migrate_slot calls)%n",
                list.size(), moved.get(), seconds, moved.get() / seconds, calls);
        return 0;
    }

    private RangeMove.Endpoint endpoint(String address) throws IOException {
        int colon = address.lastIndexOf(':');
        int port = colon < 0 ? -1 : parsePort(address.substring(colon + 1));
        if (port < 1) {
            throw new ParameterException(spec.commandLine(), "not a HOST:PORT: '" + address + "'");
        }
        String host = address.substring(0, colon);
        try (RespClient node = new RespClient(host, port, 10_000)) {
            return new RangeMove.Endpoint(host, port, RespClient.text(node.call("CLUSTER", "MYID")));
        }
    }

    private static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text);
            return port <= 0xFFFF ? port : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Slots from "0-999,5000": every number once, in the order given. */
    private List<Integer> parseSlots(String text) {
        List<Integer> list = new ArrayList<>();
        boolean[] seen = new boolean[HashSlot.COUNT];
        for (String part : text.split(",")) {
            String[] bounds = part.trim().split("-", -1);
            int first = slot(bounds[0]);
            int last = bounds.length == 2 ? slot(bounds[1]) : first;
            if (bounds.length > 2 || last < first) {
                throw new ParameterException(spec.commandLine(), "not a slot range: '" + part + "'");
            }
            for (int slot = first; slot <= last; slot++) {
                if (!seen[slot]) {
                    seen[slot] = true;
                    list.add(slot);
                }
            }
        }
        return list;
    }

    private int slot(String text) {
        try {
            int slot = Integer.parseInt(text.trim());
            if (slot >= 0 && slot < HashSlot.COUNT) {
                return slot;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ParameterException(spec.commandLine(), "not a slot (0-16383): '" + text + "'");
    }
}
