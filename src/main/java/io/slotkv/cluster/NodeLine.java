package io.slotkv.cluster;

import io.slotkv.protocol.HashSlot;

/**
 * One line of CLUSTER NODES and nodes.conf (Redis writes both with the same function, and so do we):
 *
 * <pre>
 * &lt;id&gt; &lt;ip&gt;:&lt;port&gt;@&lt;cport&gt;[,&lt;hostname&gt;] &lt;flags&gt; &lt;master|-&gt; &lt;ping_sent&gt; &lt;pong_recv&gt; &lt;configEpoch&gt; &lt;connected|disconnected&gt; &lt;slots...&gt;
 * </pre>
 *
 * <p>Slots are ascending single slots and {@code start-end} runs; only the myself line adds the open slots,
 * {@code [slot->-id]} when migrating to a node and {@code [slot-<-id]} when importing from one.
 */
final class NodeLine {
    private NodeLine() {}

    static String render(ClusterState state, ClusterNode node) {
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
            for (int slot = 0; slot < HashSlot.COUNT; slot++) {
                ClusterNode to = state.slots.migratingTo(slot);
                ClusterNode from = state.slots.importingFrom(slot);
                if (to != null) {
                    line.append(" [").append(slot).append("->-").append(to.id).append(']');
                } else if (from != null) {
                    line.append(" [").append(slot).append("-<-").append(from.id).append(']');
                }
            }
        }
        return line.toString();
    }
}
