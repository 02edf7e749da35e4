package io.slotkv.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.function.BiPredicate;
import java.util.random.RandomGenerator;

/**
 * A simulated cluster for tests: nodes on a virtual clock, ticking every 100 ms, exchanging real frames (every
 * message goes through {@link BusCodec}) over a network that can lose, delay, duplicate and reorder them and be
 * partitioned. It plays the transport's part of the contract: destinations resolve by address, a {@link
 * Destination.Reply} goes back to the sender of the message being processed, and an empty sender ip is filled
 * with the sender's real address. Everything random comes from one seed.
 */
final class SimCluster {
    static final long TICK = 100;

    /** One simulated server: fixed address, replaceable state (restarts). */
    static final class Node {
        final int index;
        final String ip;
        final ClusterSettings settings;
        ClusterState state;
        boolean isolated;

        Node(int index, String ip, ClusterSettings settings) {
            this.index = index;
            this.ip = ip;
            this.settings = settings;
        }

        String id() {
            return state.myself().id();
        }
    }

    /** Network faults: probabilities per message and the delay range. */
    record Faults(double loss, double duplicate, long minDelay, long maxDelay) {
        static final Faults NONE = new Faults(0, 0, 1, 1);
    }

    /** Sees every message a node processes, and every admin step (with a null message). */
    interface Observer {
        default void before(Node node, BusMessage message) {}

        void after(Node node, BusMessage message);
    }

    private record InFlight(long at, long seq, int from, int to, byte[] frame) {}

    final List<Node> nodes = new ArrayList<>();
    final Random random;
    final long nodeTimeout;
    long now;
    Faults faults = Faults.NONE;
    /** Whether a message may go from the first node to the second (partitions). */
    BiPredicate<Node, Node> link = (a, b) -> true;
    Observer observer = (node, message) -> {};
    private final Map<String, Node> byAddress = new HashMap<>();
    private final PriorityQueue<InFlight> queue = new PriorityQueue<>(
            (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
    private long seq;
    long delivered;

    SimCluster(int size, long nodeTimeout, boolean announce, long seed) {
        this.random = new Random(seed);
        this.nodeTimeout = nodeTimeout;
        this.now = 1_000_000;
        for (int i = 0; i < size; i++) {
            String ip = "10.0.0." + (i + 1);
            ClusterSettings settings = new ClusterSettings(announce ? ip : "", 7000 + i, 17000 + i, nodeTimeout, true);
            Node node = new Node(i, ip, settings);
            node.state = ClusterState.create(settings, newRandom(), now);
            nodes.add(node);
            byAddress.put(ip + "@" + settings.cport(), node);
        }
    }

    RandomGenerator newRandom() {
        return new Random(random.nextLong());
    }

    Node node(int index) {
        return nodes.get(index);
    }

    /** Runs an admin step on {@code node} and sends what it queued. */
    void admin(Node node, Runnable step) {
        try {
            step.run();
        } finally {
            flush(node, null);
            observer.after(node, null);
        }
    }

    /** Every node MEETs node 0, as redis-cli does when it creates a cluster. */
    void meetAll() {
        Node first = nodes.get(0);
        for (Node other : nodes.subList(1, nodes.size())) {
            admin(first, () -> first.state.meet(other.ip, other.settings.port(), other.settings.cport(), now));
        }
    }

    /** Restarts {@code node} from its own nodes.conf text; messages in flight to or from it are lost. */
    void restart(Node node) {
        String conf = NodesConf.render(node.state);
        try {
            node.state = NodesConf.parse(conf, node.settings, newRandom(), now);
        } catch (NodesConfException e) {
            throw new AssertionError("node " + node.index + " cannot reload its own nodes.conf:\n" + conf, e);
        }
        queue.removeIf(m -> m.to == node.index || m.from == node.index);
    }

    /** Cuts {@code node} off from everyone, messages in flight included. */
    void isolate(Node node) {
        node.isolated = true;
        queue.removeIf(m -> m.to == node.index || m.from == node.index);
    }

    /** Advances the clock by {@code millis}, ticking every node and delivering messages in time order. */
    void run(long millis) {
        long end = now + millis;
        while (true) {
            long nextTick = (now / TICK + 1) * TICK;
            InFlight next = queue.peek();
            if (next != null && next.at <= nextTick && next.at <= end) {
                queue.poll();
                now = Math.max(now, next.at);
                deliver(next);
            } else if (nextTick <= end) {
                now = nextTick;
                for (Node node : nodes) {
                    node.state.tick(now);
                    flush(node, null);
                }
            } else {
                now = end;
                return;
            }
        }
    }

    private void deliver(InFlight message) {
        Node to = nodes.get(message.to);
        Node from = nodes.get(message.from);
        BusMessage decoded;
        try {
            decoded = BusCodec.decode(message.frame).withSenderIp(from.ip);
        } catch (BusFormatException e) {
            throw new AssertionError("a node sent an undecodable frame", e);
        }
        delivered++;
        observer.before(to, decoded);
        to.state.receive(decoded, now);
        flush(to, from);
        observer.after(to, decoded);
    }

    /** Sends what {@code node} queued; {@code replyTo} is where a {@link Destination.Reply} goes. */
    private void flush(Node node, Node replyTo) {
        for (Envelope envelope : node.state.drainOutbox()) {
            Node to = switch (envelope.to()) {
                case Destination.ToNode n -> byAddress.get(n.ip() + "@" + n.cport());
                case Destination.ToAddress a -> byAddress.get(a.ip() + "@" + a.cport());
                case Destination.Reply r -> replyTo;
            };
            if (to == null) {
                continue; // no such address: the connection would fail
            }
            byte[] frame = BusCodec.encode(envelope.message());
            int copies = random.nextDouble() < faults.duplicate ? 2 : 1;
            for (int i = 0; i < copies; i++) {
                if (node.isolated || to.isolated || !link.test(node, to) || random.nextDouble() < faults.loss) {
                    continue;
                }
                long delay = faults.minDelay + (long) (random.nextDouble() * (faults.maxDelay - faults.minDelay));
                queue.add(new InFlight(now + delay, seq++, node.index, to.index, frame));
            }
        }
    }
}
