package io.slotkv.cluster;

import java.util.Map;

/**
 * The numbers of CLUSTER INFO, with {@link #render} producing Redis 7's text (CRLF lines, counters only for the
 * message types that were sent or received at least once).
 *
 * @param size masters owning at least one slot
 * @param myEpoch this node's configEpoch (its master's, for a replica)
 */
public record ClusterInfo(
        boolean ok,
        int slotsAssigned,
        int slotsOk,
        int slotsPfail,
        int slotsFail,
        int knownNodes,
        int size,
        long currentEpoch,
        long myEpoch,
        Map<MessageType, Long> sent,
        Map<MessageType, Long> received) {
    public ClusterInfo {
        sent = Map.copyOf(sent);
        received = Map.copyOf(received);
    }

    /**
     * The CLUSTER INFO reply body.
     *
     * @param linksBufferLimitExceeded the transport's count for {@code total_cluster_links_buffer_limit_exceeded}
     */
    public String render(long linksBufferLimitExceeded) {
        StringBuilder text = new StringBuilder()
                .append("cluster_state:").append(ok ? "ok" : "fail").append("\r\n")
                .append("cluster_slots_assigned:").append(slotsAssigned).append("\r\n")
                .append("cluster_slots_ok:").append(slotsOk).append("\r\n")
                .append("cluster_slots_pfail:").append(slotsPfail).append("\r\n")
                .append("cluster_slots_fail:").append(slotsFail).append("\r\n")
                .append("cluster_known_nodes:").append(knownNodes).append("\r\n")
                .append("cluster_size:").append(size).append("\r\n")
                .append("cluster_current_epoch:").append(currentEpoch).append("\r\n")
                .append("cluster_my_epoch:").append(myEpoch).append("\r\n");
        counters(text, sent, "sent");
        counters(text, received, "received");
        return text.append("total_cluster_links_buffer_limit_exceeded:").append(linksBufferLimitExceeded)
                .append("\r\n").toString();
    }

    private static void counters(StringBuilder text, Map<MessageType, Long> counts, String direction) {
        long total = 0;
        for (MessageType type : MessageType.values()) {
            long count = counts.getOrDefault(type, 0L);
            if (count != 0) {
                text.append("cluster_stats_messages_").append(type.statName()).append('_').append(direction)
                        .append(':').append(count).append("\r\n");
                total += count;
            }
        }
        text.append("cluster_stats_messages_").append(direction).append(':').append(total).append("\r\n");
    }
}
