package io.slotkv.cluster;

import io.slotkv.protocol.HashSlot;

/**
 * cluster_state, evaluated as Redis does. The cluster is <b>ok</b> when every slot is served by a node not in FAIL
 * (only with require-full-coverage) and this node reaches a majority of the masters that own slots; otherwise
 * <b>fail</b>, so a node cut off in a minority stops serving. Two delays keep a master from serving too early:
 * for 2 s after start (the rest of the cluster may have moved on while it was down), and for node-timeout (0.5 to
 * 5 s) after it was last in a minority.
 */
final class Health {
    private static final long WRITABLE_DELAY = 2000;
    private static final long NEVER = Long.MIN_VALUE / 2;

    private final ClusterState state;
    private final long startedAt;
    private final long rejoinDelay;
    private boolean ok;
    private long inMinorityAt = NEVER;

    Health(ClusterState state, long now) {
        this.state = state;
        this.startedAt = now;
        this.rejoinDelay = Math.clamp(state.settings.nodeTimeout(), 500, 5000);
    }

    boolean ok() {
        return ok;
    }

    void update(long now) {
        boolean master = state.myself.isMaster();
        if (master && !ok && now - startedAt < WRITABLE_DELAY) {
            return;
        }
        int size = 0;
        int reachable = 0;
        int served = 0;
        for (ClusterNode node : state.nodes.values()) {
            int owned = node.slotCount();
            if (!node.has(NodeFlag.FAIL)) {
                served += owned;
            }
            if (node.isMaster() && owned > 0) {
                size++;
                reachable += node.isFailing() ? 0 : 1;
            }
        }
        boolean newOk = !state.settings.requireFullCoverage() || served == HashSlot.COUNT;
        if (reachable < size / 2 + 1) {
            newOk = false;
            inMinorityAt = now;
        }
        if (newOk && !ok && master && now - inMinorityAt < rejoinDelay) {
            return;
        }
        ok = newOk;
    }
}
