package io.slotkv.cluster;

import java.util.Objects;

/**
 * The configuration the cluster state machine runs with, fixed for its life (a config change builds a new state
 * from nodes.conf).
 *
 * @param announceIp the address to announce ({@code cluster-announce-ip}), or "" to learn it from the first MEET
 *     as Redis does
 * @param port the client port other nodes redirect clients to
 * @param cport the cluster bus port
 * @param nodeTimeout {@code cluster-node-timeout} in milliseconds: PFAIL after this silence, handshakes expire
 *     after it (at least one second), failure reports live twice as long
 * @param requireFullCoverage {@code cluster-require-full-coverage}: the cluster is down while any slot is
 *     unassigned or served by a failing node
 */
public record ClusterSettings(String announceIp, int port, int cport, long nodeTimeout, boolean requireFullCoverage) {
    /** Redis's default {@code cluster-node-timeout}. */
    public static final long DEFAULT_NODE_TIMEOUT = 15_000;

    public ClusterSettings {
        Objects.requireNonNull(announceIp, "announceIp");
        String problem = BusCodec.ipProblem(announceIp);
        if (problem != null) {
            throw new IllegalArgumentException("announceIp: " + problem);
        }
        if (port < 0 || port > 0xFFFF || cport < 0 || cport > 0xFFFF) {
            throw new IllegalArgumentException("port " + port + ", cport " + cport + " (expected: 0-65535)");
        }
        if (nodeTimeout <= 0) {
            throw new IllegalArgumentException("nodeTimeout: " + nodeTimeout + " (expected: > 0)");
        }
    }

    /** Redis's defaults for a node listening on {@code port}: bus port + 10000, 15 s timeout, full coverage. */
    public static ClusterSettings defaults(int port) {
        return new ClusterSettings("", port, port + 10_000, DEFAULT_NODE_TIMEOUT, true);
    }

    /** How long a handshake may take before the node is dropped. */
    long handshakeTimeout() {
        return Math.max(nodeTimeout, 1000);
    }
}
