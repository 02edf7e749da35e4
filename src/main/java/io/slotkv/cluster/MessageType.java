package io.slotkv.cluster;

/**
 * The cluster bus message types. The ordinal is the type code on the wire and the order of the per-type counters in
 * CLUSTER INFO (Redis lists ping, pong, meet, fail, update in that order too).
 */
public enum MessageType {
    PING,
    PONG,
    MEET,
    FAIL,
    UPDATE;

    private static final MessageType[] BY_CODE = values();

    /** The lowercase name of CLUSTER INFO's {@code cluster_stats_messages_<name>_sent} fields. */
    public String statName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The type with wire code {@code code}, or null. */
    static MessageType byCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /** PING, PONG and MEET share one body: the heartbeat with gossip. */
    boolean isHeartbeat() {
        return this == PING || this == PONG || this == MEET;
    }
}
