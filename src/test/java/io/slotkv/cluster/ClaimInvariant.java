package io.slotkv.cluster;

import io.slotkv.protocol.HashSlot;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The safety rule of slot ownership, checked after every message a node processes:
 *
 * <blockquote>For every node X and every slot s that X is not importing: for every master C whose latest claim
 * that X processed includes s with configEpoch e (C's own PING/PONG/MEET header, or an UPDATE about C that X
 * applied), either C owns s in X's view, or X's owner of s exists and has, in X's view, a configEpoch of at
 * least e.</blockquote>
 *
 * <p>In words: a node never keeps a slot with an owner older than a competing claimant it has heard from. A claim
 * counts only where Redis's rules process claims at all: the sender known to X (not in handshake, not X itself),
 * a master, and the message neither cut short (a PONG completing a duplicate handshake, or a PONG from an
 * unexpected id) nor late (its configEpoch older than one X already saw from C). A claim is replaced by the claimant's next one (which may drop s: an owner that gave s away no longer
 * competes), and an admin step on X forgets X's recorded claims, since the operator may override anything.
 */
final class ClaimInvariant implements SimCluster.Observer {
    private record Claim(long epoch, BitSet slots) {}

    /** Per node index: claimant id to its latest processed claim. */
    private final Map<Integer, Map<String, Claim>> claims = new HashMap<>();
    private Claim pending;
    private String pendingClaimant;
    private long fingerprint;
    long checks;

    /**
     * What the rule depends on besides the claims: who exists, their epochs and how many slots each owns. A single
     * message moves slots to one node only, so if this is unchanged, ownership is unchanged.
     */
    private static long fingerprint(ClusterState state) {
        long hash = 17;
        for (ClusterNode node : state.nodes()) {
            hash = hash * 31 + node.id().hashCode();
            hash = hash * 31 + node.configEpoch();
            hash = hash * 31 + node.slotCount();
        }
        return hash;
    }

    @Override
    public void before(SimCluster.Node node, BusMessage message) {
        pending = null;
        fingerprint = fingerprint(node.state);
        ClusterState state = node.state;
        ClusterNode sender = state.node(message.header().sender());
        boolean known = sender != null && !sender.inHandshake() && sender != state.myself();
        switch (message) {
            case BusMessage.Heartbeat h -> {
                ClusterNode pinged = h.type() == MessageType.PONG && !h.linkId().isEmpty()
                        ? state.node(h.linkId()) : null;
                boolean cutShort = pinged != null && (pinged.inHandshake() || !pinged.id().equals(sender == null
                        ? null : sender.id()));
                boolean stale = known && h.header().configEpoch() < sender.configEpoch();
                if (known && sender.isMaster() && !cutShort && !stale) {
                    pendingClaimant = sender.id();
                    pending = new Claim(h.header().configEpoch(), h.header().slots().toBitSet());
                }
            }
            case BusMessage.Update u -> {
                ClusterNode about = state.node(u.nodeId());
                if (known && about != null && about != state.myself() && about.configEpoch() < u.configEpoch()) {
                    pendingClaimant = about.id();
                    pending = new Claim(u.configEpoch(), u.slots().toBitSet());
                }
            }
            case BusMessage.Fail f -> {}
        }
    }

    @Override
    public void after(SimCluster.Node node, BusMessage message) {
        Map<String, Claim> mine = claims.computeIfAbsent(node.index, i -> new LinkedHashMap<>());
        if (message == null) {
            mine.clear();
            return;
        }
        if (fingerprint(node.state) != fingerprint) {
            if (pending != null) {
                mine.put(pendingClaimant, pending);
            }
            check(node, mine);
        } else if (pending != null) {
            mine.put(pendingClaimant, pending); // the other claims still hold: only the new one needs a look
            check(node, Map.of(pendingClaimant, pending));
        }
        pending = null;
    }

    private void check(SimCluster.Node node, Map<String, Claim> mine) {
        checks++;
        ClusterState state = node.state;
        BitSet unassigned = new BitSet();
        unassigned.set(0, HashSlot.COUNT);
        for (ClusterNode owner : state.nodes()) {
            unassigned.andNot(owner.slots);
        }
        for (Map.Entry<String, Claim> entry : mine.entrySet()) {
            Claim claim = entry.getValue();
            if (claim.slots.intersects(unassigned)) {
                fail(node, entry.getKey(), claim, unassigned);
            }
            for (ClusterNode owner : state.nodes()) {
                if (!owner.id().equals(entry.getKey()) && owner.configEpoch() < claim.epoch
                        && claim.slots.intersects(owner.slots)) {
                    fail(node, entry.getKey(), claim, owner.slots);
                }
            }
        }
    }

    /** Fails for the first slot of {@code claim} in {@code suspects} that the node is not importing. */
    private static void fail(SimCluster.Node node, String claimant, Claim claim, BitSet suspects) {
        ClusterState state = node.state;
        BitSet slots = (BitSet) claim.slots.clone();
        slots.and(suspects);
        for (int slot = slots.nextSetBit(0); slot >= 0; slot = slots.nextSetBit(slot + 1)) {
            if (state.importingFrom(slot) == null) {
                ClusterNode owner = state.owner(slot);
                throw new AssertionError("claim invariant broken at node " + node.index + " (" + state.myself().id()
                        + ") for slot " + slot + ": " + claimant + " claimed it with configEpoch " + claim.epoch
                        + " but the owner is " + (owner == null ? "nobody" : owner.id() + " with configEpoch "
                        + owner.configEpoch()));
            }
        }
    }
}
