package io.slotkv.migration;

import io.slotkv.server.Server;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * The range moves of this node, both ends: a {@link SlotMover} per slot this node is sending (kept between
 * {@code migrate_slot} calls, since each call resumes where the last one stopped), the slots whose sender said
 * everything was sent, and what the importer applied. INFO's migration section and {@code migrate_slot_status} read
 * it. Owned by the shard thread.
 */
public final class SlotMigrations {
    private final Server server;
    private final Map<Integer, SlotMover> movers = new TreeMap<>();
    /** Slot to the node whose sender said it had sent the whole slot (SLOTIMPORT DONE). */
    private final Map<Integer, String> received = new TreeMap<>();
    /** Slot to the big key its sender is streaming in chunks (one at a time per slot). */
    private final Map<Integer, StagedKey> staged = new TreeMap<>();
    private long importedKeys;
    private long importedBytes;
    private long importedBatches;

    public SlotMigrations(Server server) {
        this.server = server;
    }

    /** The mover of {@code slot} to node {@code targetId}, made anew when there is none or it moved elsewhere. */
    public SlotMover mover(int slot, String targetId) {
        SlotMover mover = movers.get(slot);
        if (mover == null || !mover.targetId().equals(targetId)) {
            mover = new SlotMover(server, slot, targetId);
            movers.put(slot, mover);
        }
        return mover;
    }

    /** The mover of {@code slot}, or null. */
    public SlotMover mover(int slot) {
        return movers.get(slot);
    }

    /** Forgets the mover of a slot this node gave up. */
    public void forget(int slot) {
        movers.remove(slot);
    }

    /** Records that {@code sourceId} sent all of {@code slot}. */
    public void received(int slot, String sourceId) {
        received.put(slot, sourceId);
    }

    /**
     * Forgets what was received of {@code slot} (an import of it starts or ends): whether it was sent whole, and a
     * big key staged and never committed. Runs within a command, which writes the discarded staging away.
     */
    public void importOver(int slot) {
        received.remove(slot);
        StagedKey left = staged.remove(slot);
        if (left != null) {
            left.value().discard();
        }
    }

    /** The big key being received for {@code slot}, or null. */
    public StagedKey staged(int slot) {
        return staged.get(slot);
    }

    /** Starts receiving a big key for {@code slot}, dropping the one staged before, which its sender gave up. */
    public void stage(int slot, StagedKey key) {
        StagedKey previous = staged.put(slot, key);
        if (previous != null) {
            previous.value().discard();
        }
    }

    /** Ends the staging of {@code slot}'s big key, committed or dropped by the caller. */
    public void unstage(int slot) {
        staged.remove(slot);
    }

    /** Whether {@code sourceId} said it sent all of {@code slot}. */
    public boolean fullyReceived(int slot, String sourceId) {
        return sourceId.equals(received.get(slot));
    }

    /** Counts one batch the importer applied. */
    public void imported(long keys, long bytes) {
        importedKeys += keys;
        importedBytes += bytes;
        importedBatches++;
    }

    /** INFO's migration section, one field per line. */
    public void info(BiConsumer<String, Object> field) {
        long running = movers.values().stream().filter(SlotMover::running).count();
        field.accept("slots_moving_out", movers.size());
        field.accept("slot_movers_running", running);
        field.accept("imported_keys", importedKeys);
        field.accept("imported_bytes", importedBytes);
        field.accept("imported_batches", importedBatches);
        for (SlotMover mover : movers.values()) {
            StringBuilder line = new StringBuilder();
            mover.status((name, value) -> line.append(line.isEmpty() ? "" : ",").append(name).append('=')
                    .append(value));
            field.accept("slot" + mover.slot(), line);
        }
    }
}
