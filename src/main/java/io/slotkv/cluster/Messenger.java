package io.slotkv.cluster;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the messages this node sends and queues them in the outbox, counting them per type for CLUSTER INFO.
 * Every message carries the same header (who we are, our epochs, our slots); heartbeats add gossip about a few
 * random nodes plus every node we think may be failing, so failure reports spread fast.
 */
final class Messenger {
    private final ClusterState state;
    private final List<Envelope> outbox = new ArrayList<>();
    private final long[] sent = new long[MessageType.values().length];
    private final long[] received = new long[MessageType.values().length];

    Messenger(ClusterState state) {
        this.state = state;
    }

    List<Envelope> drain() {
        List<Envelope> drained = List.copyOf(outbox);
        outbox.clear();
        return drained;
    }

    void countReceived(MessageType type) {
        received[type.ordinal()]++;
    }

    long sent(MessageType type) {
        return sent[type.ordinal()];
    }

    long received(MessageType type) {
        return received[type.ordinal()];
    }

    /**
     * A PING to {@code node}, or a MEET while it has not shown it knows us; starts its pending-ping timer unless
     * it is in handshake (failure detection ignores handshakes).
     */
    void ping(ClusterNode node, long now) {
        if (node.pingSent == 0 && !node.inHandshake()) {
            node.pingSent = now;
        }
        node.lastPingAt = now;
        MessageType type = node.meetPending ? MessageType.MEET : MessageType.PING;
        send(destination(node), heartbeat(type, node.id, node.ip, node));
    }

    /** The PONG answering {@code ping}, on the connection it came from. */
    void reply(BusMessage.Heartbeat ping) {
        send(Destination.REPLY, heartbeat(MessageType.PONG, ping.linkId(), ping.header().ip(),
                state.lookup(ping.header().sender())));
    }

    /** An unsolicited PONG to every peer, so a configuration change spreads at once. */
    void broadcastPong() {
        for (ClusterNode node : peers()) {
            send(destination(node), heartbeat(MessageType.PONG, NodeId.NONE, node.ip, node));
        }
    }

    /** FAIL about {@code failing} to every other peer. */
    void broadcastFail(ClusterNode failing) {
        for (ClusterNode node : peers()) {
            if (node != failing) {
                send(destination(node), new BusMessage.Fail(header(), failing.id));
            }
        }
    }

    /** Tells {@code node} that {@code owner} holds {@code slots} with a newer configEpoch. */
    void update(ClusterNode node, ClusterNode owner, java.util.BitSet slots) {
        send(destination(node), new BusMessage.Update(header(), owner.id, owner.configEpoch, SlotBitmap.of(slots)));
    }

    private void send(Destination to, BusMessage message) {
        sent[message.type().ordinal()]++;
        outbox.add(new Envelope(to, message));
    }

    private static Destination destination(ClusterNode node) {
        return node.inHandshake()
                ? new Destination.ToAddress(node.ip, node.cport)
                : new Destination.ToNode(node.id, node.ip, node.cport);
    }

    /** Known nodes we can reach: not ourselves, not in handshake, with an address. */
    private List<ClusterNode> peers() {
        List<ClusterNode> peers = new ArrayList<>();
        for (ClusterNode node : state.nodes.values()) {
            if (node != state.myself && !node.inHandshake() && !node.has(NodeFlag.NOADDR)) {
                peers.add(node);
            }
        }
        return peers;
    }

    private BusMessage.Header header() {
        ClusterNode me = state.myself;
        ClusterNode master = me.masterId.isEmpty() ? null : state.lookup(me.masterId);
        ClusterNode claimer = master == null ? me : master;
        return new BusMessage.Header(me.id, state.currentEpoch, claimer.configEpoch, NodeFlag.mask(me.flags), me.ip,
                me.port, me.cport, me.masterId, SlotBitmap.of(claimer.slots));
    }

    private BusMessage.Heartbeat heartbeat(MessageType type, String linkId, String linkIp, ClusterNode to) {
        return new BusMessage.Heartbeat(type, header(), linkId, linkIp, gossip(to));
    }

    /**
     * Redis's choice of gossip: a tenth of the known nodes (at least 3, at most all but us and the receiver), drawn
     * at random among healthy nodes with an address, then every node in PFAIL.
     */
    private List<BusMessage.Gossip> gossip(ClusterNode receiver) {
        List<ClusterNode> all = new ArrayList<>(state.nodes.values());
        int fresh = all.size() - 2;
        int wanted = Math.min(Math.max(3, all.size() / 10), fresh);
        List<ClusterNode> chosen = new ArrayList<>();
        for (int tries = wanted * 3; fresh > 0 && chosen.size() < wanted && tries > 0; tries--) {
            ClusterNode node = all.get(state.random.nextInt(all.size()));
            if (node == state.myself || node == receiver || node.has(NodeFlag.PFAIL) || chosen.contains(node)) {
                continue;
            }
            if (node.inHandshake() || node.has(NodeFlag.NOADDR)) {
                fresh--;
                continue;
            }
            chosen.add(node);
            fresh--;
        }
        for (ClusterNode node : all) {
            if (node.has(NodeFlag.PFAIL) && !node.inHandshake() && !node.has(NodeFlag.NOADDR) && node != receiver) {
                chosen.add(node);
            }
        }
        List<BusMessage.Gossip> gossip = new ArrayList<>(chosen.size());
        for (ClusterNode node : chosen) {
            gossip.add(new BusMessage.Gossip(node.id, node.ip, node.port, node.cport, NodeFlag.mask(node.flags)));
        }
        return gossip;
    }
}
