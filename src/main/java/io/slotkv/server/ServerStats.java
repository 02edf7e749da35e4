package io.slotkv.server;

import io.slotkv.command.CommandSpec;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters INFO stats and INFO commandstats report. Byte counters are updated by I/O threads (adders); the
 * rest only by the shard thread.
 */
public final class ServerStats {
    private static final int SAMPLES = 16;

    final LongAdder netInput = new LongAdder();
    final LongAdder netOutput = new LongAdder();
    final LongAdder connectionsReceived = new LongAdder();
    final LongAdder rejectedConnections = new LongAdder();
    private long commandsProcessed;
    private long expiredKeys;
    private long dirty;
    // keyed by identity: specs are unique objects, and hashing a record would hash all its fields per command
    private final Map<CommandSpec, long[]> perCommand = new java.util.IdentityHashMap<>();
    private final long[] opsSamples = new long[SAMPLES];
    private int sampleIndex;
    private long lastSampleCommands;
    private long lastSampleNanos = System.nanoTime();

    /** Records one executed command and how long it took. */
    void commandDone(CommandSpec spec, long nanos) {
        commandsProcessed++;
        long[] counters = perCommand.computeIfAbsent(spec, k -> new long[2]);
        counters[0]++;
        counters[1] += nanos;
    }

    void dirty(long changes) {
        dirty += changes;
    }

    void expired(long count) {
        expiredKeys += count;
    }

    /** Takes an operations-per-second sample (called by the server cron). */
    void sample() {
        long now = System.nanoTime();
        long elapsed = now - lastSampleNanos;
        if (elapsed > 0) {
            opsSamples[sampleIndex++ % SAMPLES] = (commandsProcessed - lastSampleCommands) * 1_000_000_000L / elapsed;
        }
        lastSampleCommands = commandsProcessed;
        lastSampleNanos = now;
    }

    public long instantaneousOps() {
        long sum = 0;
        for (long sample : opsSamples) {
            sum += sample;
        }
        return sum / SAMPLES;
    }

    public long commandsProcessed() {
        return commandsProcessed;
    }

    public long expiredKeys() {
        return expiredKeys;
    }

    public long dirtyCount() {
        return dirty;
    }

    public long netInputBytes() {
        return netInput.sum();
    }

    public long netOutputBytes() {
        return netOutput.sum();
    }

    public long connectionsReceived() {
        return connectionsReceived.sum();
    }

    public long rejectedConnections() {
        return rejectedConnections.sum();
    }

    /** Per-command calls and total nanoseconds, by command name. */
    public Map<String, long[]> perCommand() {
        Map<String, long[]> byName = new java.util.TreeMap<>();
        perCommand.forEach((spec, counters) -> byName.put(spec.name(), counters.clone()));
        return byName;
    }

    /** CONFIG RESETSTAT. */
    public void reset() {
        netInput.reset();
        netOutput.reset();
        connectionsReceived.reset();
        rejectedConnections.reset();
        commandsProcessed = 0;
        expiredKeys = 0;
        perCommand.clear();
        java.util.Arrays.fill(opsSamples, 0);
        lastSampleCommands = 0;
    }
}
