package io.slotkv.cluster;

import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The rule that decides slot ownership from what masters claim (Redis's clusterUpdateSlotsConfigWith): a claimed
 * slot moves to the claimant when it is unassigned, when its owner stopped claiming it, or when its owner has a
 * lower configEpoch; never while this node is importing it (the operator closes that by hand). When a claimant
 * is behind, the owners with a newer configEpoch are named to it in UPDATE messages.
 */
final class SlotClaims {
    private final ClusterState state;

    SlotClaims(ClusterState state) {
        this.state = state;
    }

    /** Applies {@code claimant}'s claim of {@code claimed} under {@code epoch}. */
    void apply(ClusterNode claimant, long epoch, SlotBitmap claimed) {
        if (claimant == state.myself) {
            return; // nobody tells us what we own
        }
        SlotTable slots = state.slots;
        BitSet claim = claimed.toBitSet();
        BitSet stillClaimed = slots.notClaimedBy(claimant);
        stillClaimed.and(claim);
        forEach(stillClaimed, slot -> slots.setClaimed(slot, true));
        if (claimed.sameAs(claimant.slots)) {
            return;
        }
        BitSet dropped = claimant.slots();
        dropped.andNot(claim);
        forEach(dropped, slot -> slots.setClaimed(slot, false));
        claim.andNot(claimant.slots);
        forEach(claim, slot -> {
            ClusterNode owner = slots.owner(slot);
            if (slots.importingFrom(slot) == null && (slots.unclaimed(slot) || owner.configEpoch < epoch)) {
                if (owner == state.myself) {
                    state.lostSlots.set(slot);
                }
                slots.assign(slot, claimant);
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
            if (!state.slots.unclaimed(slot) && state.slots.owner(slot).configEpoch > epoch) {
                newer.add(state.slots.owner(slot));
            }
        });
        for (ClusterNode owner : newer) {
            state.messenger.update(claimant, owner);
        }
    }

    private static void forEach(BitSet slots, java.util.function.IntConsumer action) {
        for (int slot = slots.nextSetBit(0); slot >= 0; slot = slots.nextSetBit(slot + 1)) {
            action.accept(slot);
        }
    }
}
