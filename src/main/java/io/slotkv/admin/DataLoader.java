package io.slotkv.admin;

import java.io.IOException;
import java.io.PrintStream;

/** Loads keys of all five types through a pipelined cluster client, with a progress bar per type. */
final class DataLoader {
    private static final int BATCH = 1000;

    private final ClusterClients clients;
    private final long keysPerType;

    /** What a load did. */
    record Result(long keysPerType, long commands, double seconds) {}

    DataLoader(ClusterClients clients, long keysPerType) {
        this.clients = clients;
        this.keysPerType = keysPerType;
    }

    Result loadAllTypes(PrintStream out) throws IOException {
        long started = System.nanoTime();
        try (ClusterClient client = clients.open()) {
            for (String type : Workload.TYPES) {
                ProgressBar bar = new ProgressBar(out, "load " + type, keysPerType);
                for (long i = 0; i < keysPerType; i += BATCH) {
                    long end = Math.min(keysPerType, i + BATCH);
                    for (long k = i; k < end; k++) {
                        client.send(Workload.populate(type, k));
                    }
                    client.flush();
                    for (long k = i; k < end; k++) {
                        client.read();
                    }
                    bar.update(end);
                }
                bar.finish(keysPerType);
            }
        }
        return new Result(keysPerType, keysPerType * Workload.TYPES.size(), (System.nanoTime() - started) / 1e9);
    }
}
