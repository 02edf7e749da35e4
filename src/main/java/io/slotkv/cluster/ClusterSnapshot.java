package io.slotkv.cluster;

import io.slotkv.protocol.HashSlot;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An immutable copy of what the router and the read-only CLUSTER commands need (slot owners, open slots, nodes,
 * cluster_state), so threads other than the cluster thread never touch {@link ClusterState}. The cluster thread
 * builds a new one after a change and publishes it (for example through a volatile field); building one costs a
 * pass over the 16384 slots.
 */
public final class ClusterSnapshot {
    /** A node's routing facts. */
    public record NodeInfo(
            String id, String ip, int port, int cport, String hostname, Set<NodeFlag> flags, String masterId,
            long configEpoch) {
        public NodeInfo {
            flags = Set.copyOf(flags);
        }

        public boolean has(NodeFlag flag) {
            return flags.contains(flag);
        }
    }

    private final NodeInfo myself;
    private final boolean ok;
    private final long currentEpoch;
    private final Map<String, NodeInfo> nodes;
    private final NodeInfo[] owners = new NodeInfo[HashSlot.COUNT];
    private final Map<Integer, NodeInfo> migrating = new HashMap<>();
    private final Map<Integer, NodeInfo> importing = new HashMap<>();

    private ClusterSnapshot(ClusterState state) {
        Map<String, NodeInfo> infos = new LinkedHashMap<>();
        for (ClusterNode node : state.nodes.values()) {
            infos.put(node.id, new NodeInfo(node.id, node.ip, node.port, node.cport, node.hostname, node.flags,
                    node.masterId, node.configEpoch));
        }
        this.nodes = java.util.Collections.unmodifiableMap(infos);
        this.myself = infos.get(state.myself.id);
        this.ok = state.isOk();
        this.currentEpoch = state.currentEpoch;
        for (int slot = 0; slot < HashSlot.COUNT; slot++) {
            owners[slot] = info(state.slots.owner(slot));
        }
        for (int slot = state.slots.nextOpen(0); slot >= 0; slot = state.slots.nextOpen(slot + 1)) {
            if (state.slots.migratingTo(slot) != null) {
                migrating.put(slot, info(state.slots.migratingTo(slot)));
            }
            if (state.slots.importingFrom(slot) != null) {
                importing.put(slot, info(state.slots.importingFrom(slot)));
            }
        }
    }

    private NodeInfo info(ClusterNode node) {
        return node == null ? null : nodes.get(node.id);
    }

    static ClusterSnapshot of(ClusterState state) {
        return new ClusterSnapshot(state);
    }

    public NodeInfo myself() {
        return myself;
    }

    /** cluster_state ok: the router answers CLUSTERDOWN otherwise. */
    public boolean ok() {
        return ok;
    }

    public long currentEpoch() {
        return currentEpoch;
    }

    /** Every known node, in CLUSTER NODES order. */
    public List<NodeInfo> nodes() {
        return List.copyOf(nodes.values());
    }

    /** The node with {@code id}, or null. */
    public NodeInfo node(String id) {
        return nodes.get(id);
    }

    /** The owner of {@code slot}, or null when unassigned. */
    public NodeInfo owner(int slot) {
        return owners[slot];
    }

    /** Where this node is migrating {@code slot} to (ASK target), or null. */
    public NodeInfo migratingTo(int slot) {
        return migrating.get(slot);
    }

    /** Where this node is importing {@code slot} from (accept ASKING), or null. */
    public NodeInfo importingFrom(int slot) {
        return importing.get(slot);
    }
}
