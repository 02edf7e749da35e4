package io.slotkv.cluster;

/**
 * PFAIL and FAIL, as the Redis Cluster specification defines them.
 *
 * <ul>
 *   <li><b>PFAIL</b> (this node's own opinion): a PING has been pending for more than node-timeout/2 and nothing at
 *       all has been heard from the node for node-timeout. Redis measures node-timeout from the pending PING,
 *       which can put PFAIL at 1.5 x node-timeout after the last sign of life; slotkv measures from the last sign
 *       of life, as the specification words it ("node-timeout without a pong"), so that FAIL lands within
 *       2 x node-timeout. The half-timeout on the pending PING keeps a stall of this node from accusing others.
 *       A PONG clears it.
 *   <li><b>FAIL</b> (the cluster's): PFAIL here plus failure reports from other masters, each valid for
 *       2 x node-timeout, reaching a majority of the masters that own slots (this node counts if it is a master).
 *       The node that reaches the majority broadcasts FAIL; receivers adopt it.
 *   <li><b>Clearing FAIL</b> (Redis's rule), on a PONG from the node: at once for a replica or a master without
 *       slots; for a master with slots once the FAIL is older than 2 x node-timeout (nobody took its slots over,
 *       since slotkv has no failover).
 * </ul>
 */
final class FailureDetector {
    private final ClusterState state;
    private final long timeout;

    FailureDetector(ClusterState state) {
        this.state = state;
        this.timeout = state.settings.nodeTimeout();
    }

    /** Flags PFAIL on every node that went silent. */
    void checkTimeouts(long now) {
        for (ClusterNode node : state.nodes.values()) {
            if (node == state.myself || node.inHandshake() || node.has(NodeFlag.NOADDR) || node.isFailing()) {
                continue;
            }
            long lastSignOfLife = Math.max(node.dataReceived, node.createdAt);
            if (node.pingSent != 0 && now - node.pingSent > timeout / 2 && now - lastSignOfLife > timeout) {
                node.flags.add(NodeFlag.PFAIL);
                markFailingIfNeeded(node, now);
            }
        }
    }

    void report(ClusterNode failing, ClusterNode reporter, long now) {
        failing.failureReports.put(reporter.id, now);
    }

    void withdraw(ClusterNode failing, ClusterNode reporter) {
        failing.failureReports.remove(reporter.id);
    }

    /** Reports younger than 2 x node-timeout, after dropping the older ones. */
    int validReports(ClusterNode node, long now) {
        node.failureReports.values().removeIf(time -> now - time > 2 * timeout);
        return node.failureReports.size();
    }

    /** Turns PFAIL into FAIL when a majority of the slot-owning masters agree, and tells everyone. */
    void markFailingIfNeeded(ClusterNode node, long now) {
        if (!node.has(NodeFlag.PFAIL)) {
            return;
        }
        int failures = validReports(node, now) + (state.myself.isMaster() ? 1 : 0);
        if (failures < state.size() / 2 + 1) {
            return;
        }
        node.flags.remove(NodeFlag.PFAIL);
        node.flags.add(NodeFlag.FAIL);
        node.failTime = now;
        state.messenger.broadcastFail(node);
        state.configChanged = true;
    }

    /** A FAIL message from a known node about {@code node}. */
    void failReceived(ClusterNode node, long now) {
        if (node == state.myself || node.has(NodeFlag.FAIL)) {
            return;
        }
        node.flags.remove(NodeFlag.PFAIL);
        node.flags.add(NodeFlag.FAIL);
        node.failTime = now;
        state.configChanged = true;
    }

    /** {@code node} answered our PING. */
    void pongReceived(ClusterNode node, long now) {
        node.pongReceived = now;
        node.pingSent = 0;
        if (node.flags.remove(NodeFlag.PFAIL)) {
            state.configChanged = true;
        } else if (node.has(NodeFlag.FAIL)
                && (!node.isMasterWithSlots() || now - node.failTime > 2 * timeout)) {
            node.flags.remove(NodeFlag.FAIL);
            state.configChanged = true;
        }
    }
}
