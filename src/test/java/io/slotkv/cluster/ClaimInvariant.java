package io.slotkv.cluster;

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
    long checks;

    @Override
    public void before(SimCluster.Node node, BusMessage message) {
        pending = null;
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
        if (pending != null) {
            mine.put(pendingClaimant, pending);
            pending = null;
        }
        check(node, mine);
    }

    private void check(SimCluster.Node node, Map<String, Claim> mine) {
        checks++;
        ClusterState state = node.state;
        for (Map.Entry<String, Claim> entry : mine.entrySet()) {
            String claimant = entry.getKey();
            Claim claim = entry.getValue();
            BitSet covered = new BitSet();
            for (ClusterNode owner : state.nodes()) {
                if (owner.id().equals(claimant) || owner.configEpoch() >= claim.epoch) {
                    covered.or(owner.slots);
                }
            }
            BitSet violated = (BitSet) claim.slots.clone();
            violated.andNot(covered);
            for (int slot = violated.nextSetBit(0); slot >= 0; slot = violated.nextSetBit(slot + 1)) {
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
}
