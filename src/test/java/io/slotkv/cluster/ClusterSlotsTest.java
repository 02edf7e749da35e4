package io.slotkv.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.slotkv.protocol.HashSlot;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Slot claims, configEpochs, UPDATE messages and epoch collisions between simulated nodes. */
class ClusterSlotsTest {
    private static final long TIMEOUT = 2000;

    /** Three nodes met and given a third of the slots each, as redis-cli creates a cluster. */
    private static SimCluster threeNodeCluster(long seed) {
        SimCluster sim = new SimCluster(3, TIMEOUT, true, seed);
        int[] bounds = {0, 5460, 5461, 10922, 10923, 16383};
        for (int i = 0; i < 3; i++) {
            SimCluster.Node node = sim.node(i);
            int n = i;
            sim.admin(node, () -> node.state.addSlotsRange(bounds[2 * n], bounds[2 * n + 1]));
            sim.admin(node, () -> node.state.setConfigEpoch(n + 1));
        }
        sim.meetAll();
        sim.run(4000);
        return sim;
    }

    private static void assertEveryoneSays(SimCluster sim, int slot, SimCluster.Node owner) {
        for (SimCluster.Node node : sim.nodes) {
            assertThat(node.state.owner(slot).id()).as("owner of %d at node %d", slot, node.index)
                    .isEqualTo(owner.id());
        }
    }

    @Test
    void claimsSpreadAndTheClusterTurnsOk() {
        SimCluster sim = threeNodeCluster(11);
        for (SimCluster.Node node : sim.nodes) {
            assertThat(node.state.isOk()).isTrue();
            assertThat(node.state.info().size()).isEqualTo(3);
            assertThat(node.state.currentEpoch()).isEqualTo(3);
        }
        assertEveryoneSays(sim, 0, sim.node(0));
        assertEveryoneSays(sim, 5461, sim.node(1));
        assertEveryoneSays(sim, 16383, sim.node(2));
        String[] lines = sim.node(1).state.nodesDescription().split("\n");
        assertThat(lines).anySatisfy(line -> assertThat(line)
                .startsWith(sim.node(0).id() + " 10.0.0.1:7000@17000 master - ")
                .endsWith(" 1 disconnected 0-5460"));
    }

    @Test
    void aMovedSlotFollowsTheBumpedEpoch() {
        SimCluster sim = threeNodeCluster(12);
        SimCluster.Node source = sim.node(0);
        SimCluster.Node target = sim.node(1);
        sim.admin(target, () -> target.state.setSlotImporting(100, source.id()));
        sim.admin(source, () -> source.state.setSlotMigrating(100, target.id()));
        sim.admin(target, () -> target.state.setSlotNode(100, target.id(), 0));
        assertThat(target.state.myself().configEpoch()).isEqualTo(4);
        sim.admin(source, () -> source.state.setSlotNode(100, target.id(), 0));
        sim.run(200);
        assertEveryoneSays(sim, 100, target);
        assertThat(source.state.migratingTo(100)).isNull();
        assertThat(sim.node(2).state.node(target.id()).configEpoch()).isEqualTo(4);
        assertThat(source.state.takeLostSlots().isEmpty()).as("given away by the operator, not lost").isTrue();
    }

    @Test
    void aStaleOwnerThatCannotHearTheNewOneLearnsFromAnUpdate() {
        SimCluster sim = threeNodeCluster(13);
        SimCluster.Node stale = sim.node(0);
        SimCluster.Node target = sim.node(1);
        SimCluster.Node third = sim.node(2);
        sim.link = (from, to) -> from != stale && to != stale;
        sim.admin(target, () -> target.state.setSlotImporting(5, stale.id()));
        sim.admin(target, () -> target.state.setSlotNode(5, target.id(), 0));
        sim.run(1000);
        assertThat(third.state.owner(5).id()).isEqualTo(target.id());
        assertThat(stale.state.owner(5)).isSameAs(stale.state.myself());
        stale.state.takeLostSlots();

        // the stale node and the new owner never hear each other: only the third node can tell
        sim.link = (from, to) -> !(from == stale && to == target || from == target && to == stale);
        sim.run(3000);
        assertEveryoneSays(sim, 5, target);
        assertThat(stale.state.takeLostSlots().stream().toArray()).containsExactly(5);
        assertThat(third.state.info().sent().get(MessageType.UPDATE)).isPositive();
        assertThat(stale.state.info().received().get(MessageType.UPDATE)).isPositive();
    }

    @Test
    void aLateHeartbeatWithAnOlderEpochClaimsNothing() {
        SimCluster sim = threeNodeCluster(18);
        ClusterState state = sim.node(0).state;
        SimCluster.Node other = sim.node(2);
        ClusterNode seen = state.node(other.id());
        assertThat(seen.configEpoch()).isEqualTo(3);
        assertThat(state.myself().configEpoch()).isEqualTo(1);
        BitSet all = new BitSet();
        all.set(0, HashSlot.COUNT);
        // sent before node 2 reached epoch 3, delivered after: epoch 2 would beat our epoch 1
        BusMessage.Header late = new BusMessage.Header(other.id(), 9, 2, 0b10, "10.0.0.3", 7002, 17002, NodeId.NONE,
                SlotBitmap.of(all));
        state.receive(new BusMessage.Heartbeat(MessageType.PING, late, state.myself().id(), "10.0.0.1", List.of()),
                sim.now);
        assertThat(state.owner(0)).as("not taken by a late claim").isSameAs(state.myself());
        assertThat(state.takeLostSlots().isEmpty()).isTrue();
        assertThat(state.currentEpoch()).as("its currentEpoch still counts").isEqualTo(9);
    }

    @Test
    void aClaimWithALowerEpochLosesAndTheClaimantGivesBack() {
        SimCluster sim = threeNodeCluster(14);
        SimCluster.Node low = sim.node(0);
        SimCluster.Node high = sim.node(2);
        // an operator error: node 0 takes a slot of node 2 without any migration
        sim.admin(low, () -> low.state.setSlotNode(16000, low.id(), 0));
        assertThat(low.state.owner(16000)).isSameAs(low.state.myself());
        sim.run(3000);
        assertEveryoneSays(sim, 16000, high);
        assertThat(low.state.takeLostSlots().get(16000)).isTrue();
    }

    @Test
    void collidingEpochsEndDistinctAndTheSmallerIdMoves() {
        SimCluster sim = new SimCluster(4, TIMEOUT, true, 15);
        for (SimCluster.Node node : sim.nodes) {
            sim.admin(node, () -> node.state.setConfigEpoch(1));
        }
        sim.admin(sim.node(0), () -> sim.node(0).state.addSlotsRange(0, HashSlot.COUNT - 1));
        sim.meetAll();
        sim.run(8000);
        List<Long> epochs = sim.nodes.stream().map(n -> n.state.myself().configEpoch()).toList();
        assertThat(epochs).doesNotHaveDuplicates();
        SimCluster.Node largest = sim.nodes.stream().max((a, b) -> a.id().compareTo(b.id())).orElseThrow();
        assertThat(largest.state.myself().configEpoch()).as("the greatest id never moves").isEqualTo(1);
        for (SimCluster.Node viewer : sim.nodes) {
            for (SimCluster.Node node : sim.nodes) {
                assertThat(viewer.state.node(node.id()).configEpoch()).isEqualTo(node.state.myself().configEpoch());
            }
        }
    }

    @Test
    void updateAdvertisesOnlySlotsTheOwnerStillClaims() {
        SimCluster sim = threeNodeCluster(16);
        SimCluster.Node giver = sim.node(0);
        SimCluster.Node taker = sim.node(1);
        // node 0 hands slot 7 to node 1, which never claims it: nobody may push slot 7 around in UPDATEs
        sim.admin(giver, () -> giver.state.setSlotNode(7, taker.id(), 0));
        sim.run(2000);
        ClusterState third = sim.node(2).state;
        assertThat(third.owner(7).id()).as("kept, but known not to be claimed").isEqualTo(giver.id());
        BitSet vouched = third.claims.vouchedFor(third.node(giver.id()));
        assertThat(vouched.get(7)).isFalse();
        assertThat(vouched.get(8)).isTrue();
        sim.restart(sim.node(2));
        ClusterState restarted = sim.node(2).state;
        assertThat(restarted.claims.vouchedFor(restarted.node(giver.id())).isEmpty())
                .as("after a restart, nothing is known of what others claim").isTrue();
        assertThat(restarted.claims.vouchedFor(restarted.myself())).isEqualTo(restarted.myself().slots());
    }

    @Test
    void snapshotsCarryOwnersAndMarks() {
        SimCluster sim = threeNodeCluster(17);
        ClusterState state = sim.node(0).state;
        sim.admin(sim.node(0), () -> state.setSlotMigrating(3, sim.node(1).id()));
        sim.admin(sim.node(0), () -> state.setSlotImporting(6000, sim.node(1).id()));
        ClusterSnapshot snapshot = state.snapshot();
        assertThat(snapshot.ok()).isTrue();
        assertThat(snapshot.myself().id()).isEqualTo(sim.node(0).id());
        assertThat(snapshot.owner(16383).port()).isEqualTo(7002);
        assertThat(snapshot.owner(16383).ip()).isEqualTo("10.0.0.3");
        assertThat(snapshot.migratingTo(3).id()).isEqualTo(sim.node(1).id());
        assertThat(snapshot.importingFrom(6000).id()).isEqualTo(sim.node(1).id());
        assertThat(snapshot.migratingTo(4)).isNull();
        assertThat(snapshot.nodes()).hasSize(3);
        assertThat(snapshot.node(sim.node(2).id()).has(NodeFlag.MASTER)).isTrue();
    }
}
