package io.slotkv.cluster;

import java.util.ArrayList;
import java.util.List;

/**
 * Who gets a PING on each tick, as Redis's clusterCron decides: handshakes older than node-timeout (at least one
 * second) are dropped; once a second, of five random nodes the one with the oldest PONG; every node whose PONG is
 * older than node-timeout/2; and again any node whose PING (or handshake MEET) went unanswered for node-timeout/2,
 * where Redis would reconnect the link and ping on the new one.
 */
final class Pinger {
    private static final long RANDOM_PING_INTERVAL = 1000;

    private final ClusterState state;
    private long lastRandomPing = Long.MIN_VALUE / 2;

    Pinger(ClusterState state) {
        this.state = state;
    }

    void tick(long now) {
        for (ClusterNode node : List.copyOf(state.nodes.values())) {
            if (node.inHandshake() && now - node.createdAt > state.settings.handshakeTimeout()) {
                state.deleteNode(node);
            }
        }
        if (now - lastRandomPing >= RANDOM_PING_INTERVAL) {
            lastRandomPing = now;
            pingOldestOfFive(now);
        }
        long half = state.settings.nodeTimeout() / 2;
        for (ClusterNode node : state.nodes.values()) {
            if (node == state.myself || node.has(NodeFlag.NOADDR)) {
                continue;
            }
            boolean awaitingAnswer = node.inHandshake() || node.pingSent != 0;
            boolean due = awaitingAnswer ? now - node.lastPingAt > half : now - node.pongReceived > half;
            if (due) {
                state.messenger.ping(node, now);
            }
        }
    }

    private void pingOldestOfFive(long now) {
        List<ClusterNode> all = new ArrayList<>(state.nodes.values());
        ClusterNode oldest = null;
        for (int i = 0; i < 5; i++) {
            ClusterNode node = all.get(state.random.nextInt(all.size()));
            if (node == state.myself || node.inHandshake() || node.has(NodeFlag.NOADDR) || node.pingSent != 0) {
                continue;
            }
            if (oldest == null || node.pongReceived < oldest.pongReceived) {
                oldest = node;
            }
        }
        if (oldest != null) {
            state.messenger.ping(oldest, now);
        }
    }
}
