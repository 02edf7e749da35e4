package io.slotkv.command;

import io.slotkv.cluster.ClusterArgs;
import io.slotkv.cluster.ClusterNode;
import io.slotkv.cluster.ClusterState;
import io.slotkv.migration.MigrateSlotCall;
import io.slotkv.migration.SlotMover;
import io.slotkv.protocol.HashSlot;
import io.slotkv.protocol.Numbers;
import io.slotkv.server.ClusterService;
import java.util.ArrayList;
import java.util.List;

/**
 * The range-migration flow of SSDB's cluster, five commands run by an operator (or {@code bin/slotkv}) per slot;
 * the four that set and clear marks also take a range {@code first-last}, checked whole before any slot changes and
 * saved once, which is what makes moving thousands of small slots cheap:
 * <ol>
 *   <li>target: {@code slot_preimporting slot}: the slot is importing from its current owner;
 *   <li>source: {@code slot_premigrating slot target-node-id}: the slot is migrating to that node;
 *   <li>source: {@code migrate_slot slot target-ip target-port [time-slice-ms] [speed-MB/s]}, again and again until
 *       it answers DONE (CONTINUE: the time slice ended with keys left); a range {@code first-last} moves its slots
 *       one after another in each call;
 *   <li>source: {@code slot_postmigrating slot}: gives the emptied slot to the target;
 *   <li>target: {@code slot_postimporting slot}: takes the slot, bumps its configEpoch and tells the cluster.
 * </ol>
 * The marks are those of CLUSTER SETSLOT, so routing (ASK, TRYAGAIN), CLUSTER NODES, nodes.conf and redis-cli's
 * check and fix see a node in the middle of the flow as they see one in the middle of a Redis reshard. Steps 4
 * and 5 may come in either order. {@code migrate_slot_status slot} reports a mover's progress.
 */
final class SlotMigrationCommands {
    private static final long DEFAULT_SLICE_MILLIS = 1000;

    private SlotMigrationCommands() {}

    /** slot_preimporting slots: marks each slot importing from the node that owns it now. */
    static void preimporting(Call call) {
        eachSlot(call, (state, slot, apply) -> {
            ClusterNode owner = state.owner(slot);
            Call.require(owner != null, "ERR slot " + slot + " has no owner to import it from");
            Call.require(owner != state.myself(), "ERR I'm already the owner of hash slot " + slot);
            if (apply) {
                state.setSlotImporting(slot, owner.id());
                call.server().slotMigrations().importOver(slot);
            }
        });
    }

    /** slot_premigrating slots target-node-id: marks slots this node owns as migrating to the target. */
    static void premigrating(Call call) {
        eachSlot(call, (state, slot, apply) -> {
            requireIdle(call, slot);
            Call.require(state.owner(slot) == state.myself(), "ERR I'm not the owner of hash slot " + slot);
            if (apply) {
                state.setSlotMigrating(slot, call.text(2)); // an unknown node fails the first slot, before any change
                SlotMover mover = call.server().slotMigrations().mover(slot);
                if (mover != null) {
                    mover.again();
                }
            }
        });
    }

    /**
     * migrate_slot slots target-ip target-port [time-slice-ms] [speed-MB/s]: one time slice of the move of a slot,
     * or of a range {@code first-last} whose slots go one after another (see {@link MigrateSlotCall}).
     */
    static void migrateSlot(Call call) {
        ClusterService cluster = ClusterCommands.cluster(call);
        ClusterState state = cluster.state();
        int[] range = range(call.text(1), state);
        long port = Numbers.parseLong(call.arg(3), -1);
        Call.require(port > 0 && port <= 0xFFFF, "ERR invalid target port '" + call.text(3) + "'");
        long slice = call.argc() > 4 ? call.longArg(4) : DEFAULT_SLICE_MILLIS;
        Call.require(slice > 0, "ERR the time slice must be a positive number of milliseconds");
        double speed = call.argc() > 5 ? call.doubleArg(5) : 0;
        Call.require(speed >= 0 && Double.isFinite(speed), "ERR the speed must be a number of MB/s, 0 for no limit");
        ClusterNode target = state.migratingTo(range[0]);
        for (int slot = range[0]; slot <= range[1]; slot++) {
            ClusterNode to = state.migratingTo(slot);
            Call.require(state.owner(slot) == state.myself() && to != null,
                    "ERR slot " + slot + " is not migrating from this node: run slot_premigrating first");
            Call.require(to == target, "ERR slot " + slot + " is migrating to " + to.id() + ", slot " + range[0]
                    + " to " + target.id() + ": one call moves slots to one node");
            requireIdle(call, slot);
        }
        Call.require(target.port() == port && (target.ip().equals(call.text(2))
                        || target.hostname().equals(call.text(2))),
                "ERR slot " + range[0] + " is migrating to " + target.id() + " at " + target.ip() + ":"
                        + target.port() + ", not to " + call.text(2) + ":" + port);
        new MigrateSlotCall(call.server(), call.client(), target, range[0], range[1], slice,
                speed * SlotMover.MEGABYTE).start();
    }

    /** slot_postmigrating slots: gives each slot, emptied by migrate_slot, to the node it was migrating to. */
    static void postmigrating(Call call) {
        eachSlot(call, (state, slot, apply) -> {
            ClusterNode target = state.migratingTo(slot);
            if (target != null || state.owner(slot) == state.myself()) {
                Call.require(target != null, "ERR slot " + slot + " is not migrating from this node");
                requireIdle(call, slot);
                long keys = call.server().database(0).countKeysInSlot(slot);
                Call.require(keys == 0, "ERR slot " + slot + " still holds " + keys
                        + " keys here: run migrate_slot until it answers DONE");
                if (apply) {
                    state.setSlotNode(slot, target.id(), keys);
                }
            } // else given away already (the target took it first): nothing left to do
            if (apply) {
                call.server().slotMigrations().forget(slot);
            }
        });
    }

    /**
     * slot_postimporting slots: takes each slot once its source said it sent all of it; refused before, since the
     * source would then drop the keys it still holds when it learns the slot moved.
     */
    static void postimporting(Call call) {
        eachSlot(call, (state, slot, apply) -> {
            ClusterNode source = state.importingFrom(slot);
            if (source == null && state.owner(slot) == state.myself()) {
                return; // taken already
            }
            Call.require(source != null, "ERR slot " + slot + " is not being imported by this node");
            Call.require(call.server().slotMigrations().fullyReceived(slot, source.id()), "ERR slot " + slot
                    + " has not been fully received from " + source.id()
                    + ": run migrate_slot on the source until it answers DONE");
            if (apply) {
                state.setSlotNode(slot, state.myself().id(), call.server().database(0).countKeysInSlot(slot));
                call.server().slotMigrations().importOver(slot);
            }
        });
    }

    /** migrate_slot_status slot: the progress of this node's mover of the slot, field and value pairs. */
    static void status(Call call) {
        ClusterService cluster = ClusterCommands.cluster(call);
        int slot = slot(call, cluster.state());
        SlotMover mover = call.server().slotMigrations().mover(slot);
        Call.require(mover != null, "ERR no migrate_slot of slot " + slot + " on this node");
        List<Object[]> fields = new ArrayList<>();
        mover.status((name, value) -> fields.add(new Object[] {name, value}));
        call.reply().map(fields.size());
        for (Object[] field : fields) {
            call.reply().bulk(field[0].toString());
            if (field[1] instanceof Number number) {
                call.reply().integer(number.longValue());
            } else {
                call.reply().bulk(field[1].toString());
            }
        }
    }

    /** One step of the flow for one slot: checks only, or ({@code apply}) checks and changes. */
    @FunctionalInterface
    private interface SlotStep {
        void run(ClusterState state, int slot, boolean apply);
    }

    /**
     * Runs {@code step} for every slot of the first argument (a slot, or a range {@code first-last}) as one change
     * of the cluster state (one nodes.conf save): first checking every slot, so that a refusal leaves all of them
     * as they were, then applying.
     */
    private static void eachSlot(Call call, SlotStep step) {
        ClusterCommands.change(call, state -> {
            int[] range = range(call.text(1), state);
            for (int pass = 0; pass < 2; pass++) {
                for (int slot = range[0]; slot <= range[1]; slot++) {
                    step.run(state, slot, pass == 1);
                }
            }
        });
    }

    /** The first and last slot of {@code text}: a slot, or a range {@code first-last}. */
    private static int[] range(String text, ClusterState state) {
        int dash = text.indexOf('-', 1);
        int first = slot(state, dash < 0 ? text : text.substring(0, dash));
        int last = dash < 0 ? first : slot(state, text.substring(dash + 1));
        Call.require(first <= last, "ERR the slot range " + text + " is empty");
        return new int[] {first, last};
    }

    private static int slot(Call call, ClusterState state) {
        return slot(state, call.text(1));
    }

    private static int slot(ClusterState state, String text) {
        long slot = ClusterArgs.slot(text);
        Call.require(slot >= 0 && slot < HashSlot.COUNT, "ERR Invalid or out of range slot");
        return ClusterCommands.attempt(() -> state.checkSetSlot(slot));
    }

    private static void requireIdle(Call call, int slot) {
        SlotMover mover = call.server().slotMigrations().mover(slot);
        Call.require(mover == null || !mover.running(), "ERR migrate_slot is already running for slot " + slot);
    }
}
