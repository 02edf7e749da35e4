package io.slotkv.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** PFAIL, FAIL, their clearing, and cluster_state, between simulated nodes. */
class ClusterFailureTest {
    private static final long TIMEOUT = 2000;

    private static SimCluster cluster(int size, long seed) {
        SimCluster sim = new SimCluster(size, TIMEOUT, true, seed);
        int per = 16384 / size;
        for (int i = 0; i < size; i++) {
            SimCluster.Node node = sim.node(i);
            int start = i * per;
            int end = i == size - 1 ? 16383 : start + per - 1;
            sim.admin(node, () -> node.state.addSlotsRange(start, end));
        }
        sim.meetAll();
        sim.run(6000);
        for (SimCluster.Node node : sim.nodes) {
            assertThat(node.state.isOk()).as("node %d ok before the fault", node.index).isTrue();
        }
        return sim;
    }

    private static boolean flagged(SimCluster.Node viewer, SimCluster.Node node, NodeFlag flag) {
        return viewer.state.node(node.id()).has(flag);
    }

    @Test
    void aCutOffMasterIsFailedByTheMajorityWithinTwoTimeouts() {
        SimCluster sim = cluster(5, 21);
        SimCluster.Node dead = sim.node(2);
        long cutAt = sim.now;
        sim.isolate(dead);
        long failedAll = -1;
        while (sim.now < cutAt + 3 * TIMEOUT) {
            sim.run(SimCluster.TICK);
            boolean all = sim.nodes.stream().filter(n -> n != dead).allMatch(n -> flagged(n, dead, NodeFlag.FAIL));
            if (all && failedAll < 0) {
                failedAll = sim.now;
            }
        }
        assertThat(failedAll).isPositive().isLessThanOrEqualTo(cutAt + 2 * TIMEOUT);
        for (SimCluster.Node node : sim.nodes) {
            assertThat(node.state.isOk()).as("cluster_state at %d", node.index).isFalse();
            if (node != dead) {
                ClusterInfo info = node.state.info();
                assertThat(info.slotsFail()).isEqualTo(dead.state.myself().slotCount());
                assertThat(info.slotsOk()).isEqualTo(16384 - info.slotsFail());
            }
        }
        assertThat(sim.nodes.stream().mapToLong(n -> n.state.info().sent().get(MessageType.FAIL)).sum())
                .as("FAIL was broadcast").isPositive();
        assertThat(dead.state.nodes()).as("the minority suspects everyone, fails no one")
                .filteredOn(n -> n != dead.state.myself())
                .allMatch(n -> n.has(NodeFlag.PFAIL));
    }

    @Test
    void oneSideOfABrokenLinkOnlySuspects() {
        SimCluster sim = cluster(3, 22);
        SimCluster.Node a = sim.node(0);
        SimCluster.Node c = sim.node(2);
        sim.link = (from, to) -> !(from == a && to == c || from == c && to == a);
        sim.run(3 * TIMEOUT);
        assertThat(flagged(a, c, NodeFlag.PFAIL)).isTrue();
        assertThat(flagged(sim.node(1), c, NodeFlag.PFAIL)).isFalse();
        assertThat(flagged(a, c, NodeFlag.FAIL)).as("no majority").isFalse();
        assertThat(a.state.countFailureReports(c.id(), sim.now)).isZero();
        assertThat(a.state.isOk()).as("2 of 3 masters reachable").isTrue();
        sim.link = (from, to) -> true;
        sim.run(TIMEOUT);
        assertThat(flagged(a, c, NodeFlag.PFAIL)).as("a PONG clears PFAIL").isFalse();
    }

    @Test
    void heartbeatsGossipEveryNodeInPfail() {
        SimCluster sim = cluster(3, 23);
        SimCluster.Node a = sim.node(0);
        SimCluster.Node c = sim.node(2);
        sim.link = (from, to) -> !(from == a && to == c || from == c && to == a);
        sim.run(3 * TIMEOUT);
        a.state.tick(sim.now + 5000);
        List<Envelope> out = a.state.drainOutbox();
        assertThat(out).filteredOn(e -> e.message() instanceof BusMessage.Heartbeat h && h.type() == MessageType.PING
                        && e.to() instanceof Destination.ToNode n && n.nodeId().equals(sim.node(1).id()))
                .singleElement()
                .satisfies(e -> assertThat(((BusMessage.Heartbeat) e.message()).gossip())
                        .anySatisfy(g -> {
                            assertThat(g.nodeId()).isEqualTo(c.id());
                            assertThat(NodeFlag.fromMask(g.flags())).contains(NodeFlag.PFAIL);
                        }));
    }

    @Test
    void failOfASlotOwnerClearsTwoTimeoutsAfterItWasSet() {
        SimCluster sim = cluster(3, 24);
        SimCluster.Node dead = sim.node(1);
        sim.link = (from, to) -> from != dead && to != dead;
        sim.run(3 * TIMEOUT);
        SimCluster.Node viewer = sim.node(0);
        assertThat(flagged(viewer, dead, NodeFlag.FAIL)).isTrue();
        long failTime = viewer.state.node(dead.id()).failTime;
        sim.link = (from, to) -> true;
        while (flagged(viewer, dead, NodeFlag.FAIL)) {
            sim.run(SimCluster.TICK);
        }
        assertThat(sim.now - failTime).isGreaterThan(2 * TIMEOUT).isLessThan(2 * TIMEOUT + TIMEOUT);
        sim.run(3 * TIMEOUT);
        for (SimCluster.Node node : sim.nodes) {
            assertThat(node.state.nodes()).noneMatch(ClusterNode::isFailing);
            assertThat(node.state.isOk()).isTrue();
        }
    }

    @Test
    void aMasterWithoutSlotsIsClearedOnItsFirstPong() {
        SimCluster sim = new SimCluster(3, TIMEOUT, true, 25);
        sim.admin(sim.node(0), () -> sim.node(0).state.addSlotsRange(0, 8191));
        sim.admin(sim.node(1), () -> sim.node(1).state.addSlotsRange(8192, 16383));
        sim.meetAll();
        sim.run(3000);
        SimCluster.Node viewer = sim.node(0);
        SimCluster.Node spare = sim.node(2);
        viewer.state.node(spare.id()).flags.add(NodeFlag.FAIL);
        viewer.state.node(spare.id()).failTime = sim.now;
        sim.run(TIMEOUT);
        assertThat(flagged(viewer, spare, NodeFlag.FAIL)).isFalse();
    }

    @Test
    void aMasterBackFromAMinorityWaitsTheRejoinDelay() {
        SimCluster sim = cluster(3, 26);
        SimCluster.Node lonely = sim.node(0);
        sim.link = (from, to) -> from != lonely && to != lonely;
        sim.run(3 * TIMEOUT);
        assertThat(lonely.state.isOk()).isFalse();
        sim.link = (from, to) -> true;
        long lastInMinority = sim.now;
        while (!lonely.state.isOk()) {
            sim.run(SimCluster.TICK);
            long reachable = lonely.state.nodes().stream().filter(n -> n.slotCount() > 0 && !n.isFailing()).count();
            if (reachable < 2) {
                lastInMinority = sim.now;
            }
        }
        assertThat(sim.now - lastInMinority).as("rejoin delay: node-timeout, within 0.5-5 s")
                .isBetween(TIMEOUT, TIMEOUT + SimCluster.TICK);
    }

    @Test
    void aPongFromAnotherIdTakesTheAddressAway() {
        ClusterState state = ClusterState.create(ClusterSettings.defaults(7000), new Random(3), 0);
        ClusterNode known = new ClusterNode("b".repeat(40), "10.0.0.2", 7001, 17001,
                java.util.EnumSet.of(NodeFlag.MASTER), 0);
        state.addNode(known);
        BusMessage.Header impostor = new BusMessage.Header("c".repeat(40), 0, 0, 0b10, "10.0.0.2", 7001, 17001,
                NodeId.NONE, SlotBitmap.EMPTY);
        state.receive(new BusMessage.Heartbeat(MessageType.PONG, impostor, known.id(), "", List.of()), 10);
        assertThat(known.flags()).contains(NodeFlag.NOADDR);
        assertThat(NodeLineText.of(state, known)).isEqualTo(
                "b".repeat(40) + " :0@0 master,noaddr - 0 0 0 disconnected");
    }
}
