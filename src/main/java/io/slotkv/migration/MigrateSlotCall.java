package io.slotkv.migration;

import io.slotkv.cluster.ClusterNode;
import io.slotkv.server.Client;
import io.slotkv.server.Server;
import java.util.concurrent.TimeUnit;

/**
 * One call of {@code migrate_slot} over a slot or a range of slots: runs the {@link SlotMover} of each slot in
 * turn, in slot order, within one time slice and one throttle, and answers the client once: DONE when every slot
 * of the range is empty here and acknowledged whole by the target, CONTINUE when the slice ended first, or the
 * error that stopped a slot. A range saves a round trip between the caller and this node per slot, which is most
 * of the cost of moving thousands of small slots. The next call of a range goes on from its first slot not done:
 * a range call passes over the slots whose end the target acknowledged since their last {@code slot_premigrating}
 * (a new run of the flow, after the target restarted or forgot what it received, sends each slot's end again). A
 * call of a single slot always runs its mover, so that asking again is always a way to tell the target again.
 *
 * <p>Runs on the shard thread; the client is paused until the answer.
 */
public final class MigrateSlotCall {
    private final Server server;
    private final Client client;
    private final ClusterNode target;
    private final int last;
    private final boolean range;
    private final long deadline;
    private final TokenBucket bucket;
    /** The slot moving now, or the next one to look at. */
    private int slot;
    /** Whether this call started a mover: each call moves at least one slot, so that calls always progress. */
    private boolean started;

    /**
     * @param first the first slot of the range, all of whose slots the caller checked migrate to {@code target}
     *     with no call running
     * @param bytesPerSecond the throttle of the whole call, or 0 for none
     */
    public MigrateSlotCall(Server server, Client client, ClusterNode target, int first, int last, long sliceMillis,
            double bytesPerSecond) {
        this.server = server;
        this.client = client;
        this.target = target;
        this.slot = first;
        this.last = last;
        this.range = first != last;
        long now = System.nanoTime();
        this.deadline = now + TimeUnit.MILLISECONDS.toNanos(sliceMillis);
        this.bucket = bytesPerSecond > 0 ? new TokenBucket(bytesPerSecond, now) : null;
    }

    /** Starts the call; the client hears the answer when it ends. */
    public void start() {
        client.pause();
        next();
    }

    /** Moves the next slot that is not done, or answers when none is left or the slice is over. */
    private void next() {
        SlotMigrations migrations = server.slotMigrations();
        for (; slot <= last; slot++) {
            SlotMover mover = migrations.mover(slot, target.id());
            if (range && mover.done() && server.database(0).countKeysInSlot(slot) == 0) {
                continue; // an earlier call of the range finished it
            }
            if (started && System.nanoTime() >= deadline) {
                answer(SlotMover.Outcome.CONTINUE, "");
            } else if (mover.running()) { // a call for that slot alone came meanwhile
                answer(SlotMover.Outcome.STOPPED, "migrate_slot is already running for slot " + slot);
            } else {
                started = true;
                mover.start(target, deadline, bucket, this::slotEnded);
            }
            return;
        }
        answer(SlotMover.Outcome.DONE, "");
    }

    private void slotEnded(SlotMover.Outcome outcome, String why) {
        if (outcome == SlotMover.Outcome.DONE && slot < last) {
            slot++;
            next();
        } else {
            answer(outcome, why);
        }
    }

    private void answer(SlotMover.Outcome outcome, String why) {
        if (outcome == SlotMover.Outcome.STOPPED) {
            client.writer().error("ERR migrate_slot stopped" + (range ? " at slot " + slot : "") + ": " + why
                    + " (keys not acknowledged stay on this node)");
        } else {
            client.writer().simple(outcome.name());
        }
        client.unpause();
        server.resume(client);
    }
}
