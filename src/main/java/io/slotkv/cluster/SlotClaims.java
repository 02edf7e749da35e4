package io.slotkv.cluster;

import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The rule that decides slot ownership from what masters claim (Redis's clusterUpdateSlotsConfigWith): a claimed
 * slot moves to the claimant when it is unassigned, when its owner has a lower configEpoch, or when its owner no
 * longer claims it (it gave the slot away); never while this node is importing it (the operator closes that by
 * hand). When a claimant is behind, the owners with a newer configEpoch are named to it in UPDATE messages.
 *
 * <p>"No longer claims it" and UPDATE rest on what each owner itself claimed in its latest heartbeat under the
 * configEpoch we know for it. Redis tracks the slots an owner stopped claiming instead, forgets that on restart,
 * and then vouches in UPDATEs for slots the owner gave away, which can take a slot from its only claimant for
 * good; slotkv vouches only for what the owner claimed, and knows nothing about a node's claims until it hears
 * from it again.
 */
final class SlotClaims {
    private final ClusterState state;

    SlotClaims(ClusterState state) {
        this.state = state;
    }

    /**
     * Applies {@code claimant}'s claim of {@code claimed} under {@code epoch}.
     *
     * @param own whether the claimant said so itself (its heartbeat), rather than a third node (an UPDATE)
     */
    void apply(ClusterNode claimant, long epoch, SlotBitmap claimed, boolean own) {
        if (claimant == state.myself) {
            return; // nobody tells us what we own
        }
        BitSet wanted = claimed.toBitSet();
        if (own) {
            claimant.claimed = (BitSet) wanted.clone();
            claimant.claimedAt = epoch;
        }
        wanted.andNot(claimant.slots);
        forEach(wanted, slot -> {
            ClusterNode owner = state.slots.owner(slot);
            if (state.slots.importingFrom(slot) == null
                    && (owner == null || owner.configEpoch < epoch || abandoned(owner, slot))) {
                if (owner == state.myself) {
                    state.lostSlots.set(slot);
                }
                state.slots.assign(slot, claimant);
                state.configChanged = true;
            }
        });
    }

    /** Sends {@code claimant} an UPDATE for every owner of its claimed slots whose configEpoch beats {@code epoch}. */
    void correct(ClusterNode claimant, long epoch, SlotBitmap claimed) {
        BitSet others = claimed.toBitSet();
        others.andNot(claimant.slots);
        Set<ClusterNode> newer = new LinkedHashSet<>();
        forEach(others, slot -> {
            ClusterNode owner = state.slots.owner(slot);
            if (owner != null && owner.configEpoch > epoch && vouchedFor(owner).get(slot)) {
                newer.add(owner);
            }
        });
        for (ClusterNode owner : newer) {
            state.messenger.update(claimant, owner, vouchedFor(owner));
        }
    }

    /** The slots of {@code owner} we can vouch for: all of ours, or those it claimed itself under its epoch. */
    BitSet vouchedFor(ClusterNode owner) {
        BitSet slots = owner.slots();
        if (owner != state.myself) {
            slots.and(owner.claimIsCurrent() ? owner.claimed : new BitSet());
        }
        return slots;
    }

    /** Whether {@code owner} stopped claiming {@code slot} (Redis: the owner is "not claiming" it). */
    private boolean abandoned(ClusterNode owner, int slot) {
        return owner != state.myself && owner.claimIsCurrent() && !owner.claimed.get(slot);
    }

    private static void forEach(BitSet slots, java.util.function.IntConsumer action) {
        for (int slot = slots.nextSetBit(0); slot >= 0; slot = slots.nextSetBit(slot + 1)) {
            action.accept(slot);
        }
    }
}
