package io.slotkv.cluster;

import java.util.function.Predicate;

/**
 * One line of CLUSTER NODES and nodes.conf (Redis writes both with the same function, and so do we):
 *
 * <pre>
 * &lt;id&gt; &lt;ip&gt;:&lt;port&gt;@&lt;cport&gt;[,&lt;hostname&gt;] &lt;flags&gt; &lt;master|-&gt; &lt;ping_sent&gt; &lt;pong_recv&gt; &lt;configEpoch&gt; &lt;connected|disconnected&gt; &lt;slots...&gt;
 * </pre>
 *
 * <p>Slots are ascending single slots and {@code start-end} runs; only the myself line adds the open slots,
 * {@code [slot->-id]} when migrating to a node and {@code [slot-<-id]} when importing from one (only the migrating
 * mark when a slot has both, as in Redis).
 */
final class NodeLine {
    private NodeLine() {}

    /** The line as CLUSTER NODES shows it. */
    static String render(ClusterState state, ClusterNode node) {
        return render(state, node, target -> true);
    }

    /**
     * The line, with only the open slots whose other end satisfies {@code listed}: nodes.conf leaves out marks
     * naming a node it does not save (one in handshake), since the node could not load them back.
     */
    static String render(ClusterState state, ClusterNode node, Predicate<ClusterNode> listed) {
        StringBuilder line = new StringBuilder(128).append(node.id).append(' ')
                .append(node.ip).append(':').append(node.port).append('@').append(node.cport);
        if (!node.hostname.isEmpty()) {
            line.append(',').append(node.hostname);
        }
        ClusterNode master = node.masterId.isEmpty() ? null : state.lookup(node.masterId);
        line.append(' ').append(NodeFlag.render(node.flags))
                .append(' ').append(node.masterId.isEmpty() ? "-" : node.masterId)
                .append(' ').append(node.pingSent)
                .append(' ').append(node.pongReceived)
                .append(' ').append(node.has(NodeFlag.SLAVE) && master != null ? master.configEpoch : node.configEpoch)
                .append(' ').append(node == state.myself || node.linkConnected ? "connected" : "disconnected");
        String slots = SlotRanges.render(node.slots);
        if (!slots.isEmpty()) {
            line.append(' ').append(slots);
        }
        if (node == state.myself) {
            for (int slot = state.slots.nextOpen(0); slot >= 0; slot = state.slots.nextOpen(slot + 1)) {
                ClusterNode to = state.slots.migratingTo(slot);
                ClusterNode from = state.slots.importingFrom(slot);
                if (to != null) {
                    mark(line, slot, "->-", to, listed);
                } else if (from != null) {
                    mark(line, slot, "-<-", from, listed);
                }
            }
        }
        return line.toString();
    }

    private static void mark(StringBuilder line, int slot, String arrow, ClusterNode other,
            Predicate<ClusterNode> listed) {
        if (listed.test(other)) {
            line.append(" [").append(slot).append(arrow).append(other.id).append(']');
        }
    }
}
