package io.slotkv.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** MEET, handshakes, gossip and address learning, on a simulated network without faults. */
class ClusterJoinTest {
    private static final long TIMEOUT = 2000;

    @Test
    void aFreshNodeIsAMasterAloneWithEpochZero() {
        ClusterState state = ClusterState.create(ClusterSettings.defaults(7000), new Random(1), 0);
        String id = state.myself().id();
        assertThat(NodeId.isValid(id)).isTrue();
        assertThat(state.nodesDescription()).isEqualTo(id + " :7000@17000 myself,master - 0 0 0 connected\n");
        assertThat(state.info().render(0)).isEqualTo("""
                cluster_state:fail\r
                cluster_slots_assigned:0\r
                cluster_slots_ok:0\r
                cluster_slots_pfail:0\r
                cluster_slots_fail:0\r
                cluster_known_nodes:1\r
                cluster_size:0\r
                cluster_current_epoch:0\r
                cluster_my_epoch:0\r
                cluster_stats_messages_sent:0\r
                cluster_stats_messages_received:0\r
                total_cluster_links_buffer_limit_exceeded:0\r
                """);
        assertThat(state.takeConfigChanged()).as("a new node saves its nodes.conf").isTrue();
        assertThat(state.takeConfigChanged()).isFalse();
    }

    @Test
    void meetJoinsBothNodesAndTeachesThemTheirAddresses() {
        SimCluster sim = new SimCluster(2, TIMEOUT, false, 1);
        SimCluster.Node a = sim.node(0);
        SimCluster.Node b = sim.node(1);
        sim.admin(a, () -> a.state.meet("10.0.0.2", 7001, 17001, sim.now));
        ClusterNode handshake = a.state.nodes().stream().filter(ClusterNode::inHandshake).findFirst().orElseThrow();
        assertThat(handshake.ip()).isEqualTo("10.0.0.2");
        assertThat(NodeLineText.of(a.state, handshake)).matches(
                "[0-9a-f]{40} 10\\.0\\.0\\.2:7001@17001 handshake - 0 0 0 disconnected");

        sim.run(1000);

        for (SimCluster.Node node : sim.nodes) {
            assertThat(node.state.nodes()).hasSize(2).noneMatch(ClusterNode::inHandshake);
        }
        assertThat(a.state.node(b.id()).flags()).containsExactly(NodeFlag.MASTER);
        assertThat(b.state.node(a.id()).flags()).containsExactly(NodeFlag.MASTER);
        assertThat(b.state.myself().ip()).as("learned from the MEET").isEqualTo("10.0.0.2");
        assertThat(a.state.myself().ip()).as("learned from a PING while it had none").isEqualTo("10.0.0.1");
        assertThat(a.state.node(b.id()).ip()).isEqualTo("10.0.0.2");
        assertThat(b.state.node(a.id()).ip()).isEqualTo("10.0.0.1");
        assertThat(b.state.node(a.id()).port()).isEqualTo(7000);
        assertThat(b.state.node(a.id()).cport()).isEqualTo(17000);
    }

    @Test
    void gossipSpreadsEveryNodeFromOneMeetingPoint() {
        SimCluster sim = new SimCluster(6, TIMEOUT, true, 2);
        sim.meetAll();
        sim.run(5000);
        for (SimCluster.Node node : sim.nodes) {
            assertThat(node.state.nodes()).hasSize(6).noneMatch(ClusterNode::inHandshake)
                    .allMatch(ClusterNode::isMaster).noneMatch(ClusterNode::isFailing);
        }
    }

    @Test
    void aHandshakeThatNeverCompletesIsDroppedAfterTheNodeTimeout() {
        SimCluster sim = new SimCluster(1, 500, true, 3);
        ClusterState state = sim.node(0).state;
        sim.admin(sim.node(0), () -> state.meet("10.9.9.9", 6379, 16379, sim.now));
        sim.admin(sim.node(0), () -> state.meet("10.9.9.9", 6379, 16379, sim.now));
        assertThat(state.nodes()).as("one handshake per address").hasSize(2);
        sim.run(900);
        assertThat(state.nodes()).as("a handshake lives at least one second").hasSize(2);
        sim.run(300);
        assertThat(state.nodes()).containsExactly(state.myself());
    }

    @Test
    void meetingTheSameNodeTwiceLeavesOneEntry() {
        SimCluster sim = new SimCluster(2, TIMEOUT, true, 4);
        SimCluster.Node a = sim.node(0);
        sim.admin(a, () -> a.state.meet("10.0.0.2", 7001, 17001, sim.now));
        sim.run(500);
        sim.admin(a, () -> a.state.meet("10.0.0.2", 7001, 17001, sim.now));
        sim.run(500);
        assertThat(a.state.nodes()).hasSize(2).noneMatch(ClusterNode::inHandshake);
    }

    @Test
    void aLostMeetIsRepeatedUntilThePeerKnowsUs() {
        SimCluster sim = new SimCluster(2, TIMEOUT, true, 5);
        SimCluster.Node a = sim.node(0);
        SimCluster.Node b = sim.node(1);
        sim.link = (from, to) -> false;
        sim.admin(a, () -> a.state.meet("10.0.0.2", 7001, 17001, sim.now));
        sim.link = (from, to) -> true;
        sim.run(1500);
        assertThat(a.state.nodes()).hasSize(2).noneMatch(ClusterNode::inHandshake);
        assertThat(b.state.nodes()).hasSize(2).noneMatch(ClusterNode::inHandshake);
    }

    @Test
    void linkEventsShowInClusterNodes() {
        SimCluster sim = new SimCluster(2, TIMEOUT, true, 6);
        sim.meetAll();
        sim.run(1000);
        ClusterState a = sim.node(0).state;
        ClusterNode b = a.node(sim.node(1).id());
        Destination toB = new Destination.ToNode(b.id(), b.ip(), b.cport());
        a.linkUp(toB);
        assertThat(NodeLineText.of(a, b)).endsWith(" connected");
        a.linkDown(toB);
        assertThat(NodeLineText.of(a, b)).endsWith(" disconnected");
    }

    @Test
    void aForgottenNodeStaysOutForAMinuteDespiteGossip() {
        SimCluster sim = new SimCluster(3, TIMEOUT, true, 7);
        sim.meetAll();
        sim.run(3000);
        SimCluster.Node forgetter = sim.node(0);
        String forgotten = sim.node(2).id();
        sim.admin(forgetter, () -> forgetter.state.forget(forgotten, sim.now));
        sim.run(59_000);
        assertThat(forgetter.state.node(forgotten)).as("node 1 keeps gossiping about it").isNull();
        sim.run(3000);
        assertThat(forgetter.state.node(forgotten)).as("back after the 60 s blacklist").isNotNull();
    }

    @Test
    void clusterInfoCountsMessagesPerType() {
        SimCluster sim = new SimCluster(2, TIMEOUT, true, 8);
        sim.meetAll();
        sim.run(3000);
        String info = sim.node(0).state.info().render(0);
        assertThat(info).containsPattern("""
                cluster_current_epoch:1\r
                cluster_my_epoch:[01]\r
                cluster_stats_messages_ping_sent:[1-9]\\d*\r
                cluster_stats_messages_pong_sent:[1-9]\\d*\r
                cluster_stats_messages_meet_sent:[1-9]\\d*\r
                cluster_stats_messages_sent:[1-9]\\d*\r
                cluster_stats_messages_ping_received:[1-9]\\d*\r
                cluster_stats_messages_pong_received:[1-9]\\d*\r
                cluster_stats_messages_received:[1-9]\\d*\r
                total_cluster_links_buffer_limit_exceeded:0\r
                $""");
        assertThat(sim.nodes).as("two masters at epoch 0 collide: one moves to 1")
                .extracting(n -> n.state.myself().configEpoch()).containsExactlyInAnyOrder(0L, 1L);
    }
}
