package io.slotkv.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * CLUSTER SETSLOT on simulated nodes, as Redis 7.0's clusterCommand does it: the checks in Redis's order with its
 * texts, what each action does to the owner and to both marks, the epoch bump and PONG broadcast that close an
 * import, the open slots in CLUSTER NODES and nodes.conf, and how {@link Router} treats keys of an open slot.
 */
class ClusterSetSlotTest {
    /** Long, so that nothing in these tests can be learnt from a heartbeat that was due anyway. */
    private static final long NODE_TIMEOUT = 60_000;
    /** Slot 1, owned by node 0. */
    private static final String TAG = "{key:16961}";
    private static final int SLOT = 1;
    /** Owned by node 1. */
    private static final int OTHERS_SLOT = 6000;
    private static final String NOSUCH = "nosuch";

    private final SimCluster sim = joined();
    private final SimCluster.Node n0 = sim.node(0);
    private final SimCluster.Node n1 = sim.node(1);
    private final SimCluster.Node n2 = sim.node(2);

    /** Nodes 0, 1 and 2 own a third of the slots each, under configEpochs 1, 2 and 3. */
    private static SimCluster joined() {
        SimCluster sim = new SimCluster(3, NODE_TIMEOUT, true, 41);
        int[] bounds = {0, 5460, 5461, 10922, 10923, 16383};
        for (SimCluster.Node node : sim.nodes) {
            int i = node.index;
            sim.admin(node, () -> node.state.addSlotsRange(bounds[2 * i], bounds[2 * i + 1]));
            sim.admin(node, () -> node.state.setConfigEpoch(i + 1));
        }
        sim.meetAll();
        sim.run(4000);
        for (SimCluster.Node node : sim.nodes) {
            assertThat(node.state.isOk()).as("node %d joined", node.index).isTrue();
        }
        return sim;
    }

    private static void fails(ThrowingCallable call, String error) {
        assertThatThrownBy(call).isInstanceOf(ClusterException.class).hasMessage(error);
    }

    /** Runs an admin step on {@code node} and sends what it queued, as the server does after a command. */
    private void admin(SimCluster.Node node, Runnable step) {
        sim.admin(node, step);
    }

    /** {@code node}'s own CLUSTER NODES line. */
    private static String myLine(SimCluster.Node node) {
        return NodeLine.render(node.state, node.state.myself());
    }

    /** Every line of {@code node}'s CLUSTER NODES but its own. */
    private static List<String> otherLines(SimCluster.Node node) {
        return node.state.nodes().stream().filter(n -> n != node.state.myself())
                .map(n -> NodeLine.render(node.state, n)).toList();
    }

    /** Makes {@code viewer} see {@code node} as a replica of {@code master}. */
    private static ClusterNode seeAsReplica(SimCluster.Node viewer, SimCluster.Node node, SimCluster.Node master) {
        ClusterNode seen = viewer.state.node(node.id());
        seen.flags.remove(NodeFlag.MASTER);
        seen.flags.add(NodeFlag.SLAVE);
        seen.masterId = master.id();
        return seen;
    }

    // ================================================================ checks

    @Nested
    class Checks {
        @Test
        void onAReplicaEveryActionIsRefusedBeforeTheSlotIsRead() {
            ClusterState state = n0.state;
            ClusterNode me = state.myself();
            me.flags.remove(NodeFlag.MASTER);
            me.flags.add(NodeFlag.SLAVE);
            me.masterId = n1.id();
            String error = "ERR Please use SETSLOT only with masters.";
            fails(() -> state.setSlotMigrating(99_999, NOSUCH), error);
            fails(() -> state.setSlotImporting(-1, NOSUCH), error);
            fails(() -> state.setSlotStable(16_384), error);
            fails(() -> state.setSlotNode(SLOT, n1.id(), 0), error);
            fails(() -> state.checkSetSlot(ClusterArgs.slot("abc")), error);
        }

        @Test
        void theSlotIsCheckedBeforeTheAction() {
            ClusterState state = n0.state;
            String error = "ERR Invalid or out of range slot";
            for (String text : List.of("abc", "-1", "16384", "01", "+1", " 1", "1.0", "99999999999999999999")) {
                long slot = ClusterArgs.slot(text);
                fails(() -> state.setSlotMigrating(slot, NOSUCH), error);
                fails(() -> state.setSlotImporting(slot, NOSUCH), error);
                fails(() -> state.setSlotStable(slot), error);
                fails(() -> state.setSlotNode(slot, NOSUCH, 0), error);
                fails(() -> state.checkSetSlot(slot), error);
            }
            assertThat(state.checkSetSlot(ClusterArgs.slot("16383"))).isEqualTo(16383);
            assertThat(state.checkSetSlot(ClusterArgs.slot("0"))).isZero();
        }

        @Test
        void migratingNeedsTheSlotThenAKnownMaster() {
            ClusterState state = n0.state;
            fails(() -> state.setSlotMigrating(OTHERS_SLOT, NOSUCH), "ERR I'm not the owner of hash slot 6000");
            fails(() -> state.setSlotMigrating(SLOT, NOSUCH), "ERR I don't know about node nosuch");
            seeAsReplica(n0, n2, n1);
            fails(() -> state.setSlotMigrating(SLOT, n2.id()), "ERR Target node is not a master");
        }

        @Test
        void importingRefusesAnOwnedSlotThenNeedsAKnownMaster() {
            ClusterState state = n0.state;
            fails(() -> state.setSlotImporting(SLOT, NOSUCH), "ERR I'm already the owner of hash slot 1");
            fails(() -> state.setSlotImporting(OTHERS_SLOT, NOSUCH), "ERR I don't know about node nosuch");
            seeAsReplica(n0, n2, n1);
            fails(() -> state.setSlotImporting(OTHERS_SLOT, n2.id()), "ERR Target node is not a master");
        }

        @Test
        void nodeNeedsAKnownMasterThenAnEmptySlotToGiveAway() {
            ClusterState state = n0.state;
            fails(() -> state.setSlotNode(SLOT, NOSUCH, 5), "ERR Unknown node nosuch");
            fails(() -> state.setSlotNode(SLOT, n1.id(), 5),
                    "ERR Can't assign hashslot 1 to a different node while I still hold keys for this hash slot.");
            seeAsReplica(n0, n2, n1);
            fails(() -> state.setSlotNode(OTHERS_SLOT, n2.id(), 0), "ERR Target node is not a master");
        }

        @Test
        void aRefusalChangesNothing() {
            ClusterState state = n0.state;
            state.takeConfigChanged();
            String before = state.nodesDescription();
            fails(() -> state.setSlotNode(SLOT, n1.id(), 1),
                    "ERR Can't assign hashslot 1 to a different node while I still hold keys for this hash slot.");
            fails(() -> state.setSlotImporting(OTHERS_SLOT, NOSUCH), "ERR I don't know about node nosuch");
            assertThat(state.nodesDescription()).isEqualTo(before);
            assertThat(state.takeConfigChanged()).isFalse();
            assertThat(state.drainOutbox()).isEmpty();
        }

        @Test
        void aSlotWithKeysMayStillBeAssignedToMyself() {
            admin(n0, () -> n0.state.setSlotNode(SLOT, n0.id(), 5));
            assertThat(n0.state.owner(SLOT)).isSameAs(n0.state.myself());
        }
    }

    // ================================================================ marks

    @Nested
    class Marks {
        @Test
        void openSlotsShowOnTheMyselfLineOnlyAndStayLocal() {
            admin(n0, () -> n0.state.setSlotMigrating(SLOT, n1.id()));
            admin(n1, () -> n1.state.setSlotImporting(SLOT, n0.id()));
            assertThat(myLine(n0)).endsWith(" connected 0-5460 [1->-" + n1.id() + "]");
            assertThat(myLine(n1)).endsWith(" connected 5461-10922 [1-<-" + n0.id() + "]");
            sim.run(3000);
            for (SimCluster.Node node : sim.nodes) {
                assertThat(otherLines(node)).as("node %d", node.index).noneMatch(line -> line.contains("["));
            }
            assertThat(myLine(n2)).doesNotContain("[");
            assertThat(n2.state.migratingTo(SLOT)).isNull();
            assertThat(n2.state.importingFrom(SLOT)).isNull();
            assertThat(n0.state.owner(SLOT)).as("marks move nothing").isSameAs(n0.state.myself());
        }

        @Test
        void aNodeMayMigrateASlotToItselfAsRedisAllows() {
            admin(n0, () -> n0.state.setSlotMigrating(SLOT, n0.id()));
            assertThat(myLine(n0)).endsWith(" 0-5460 [1->-" + n0.id() + "]");
        }

        @Test
        void aSlotWithBothMarksShowsTheMigratingOneAndStableClearsBoth() {
            ClusterState state = n0.state;
            admin(n0, () -> state.setSlotMigrating(SLOT, n1.id()));
            admin(n0, () -> state.delSlots(SLOT)); // keeps the mark, as in Redis
            admin(n0, () -> state.setSlotImporting(SLOT, n2.id()));
            assertThat(myLine(n0)).endsWith(" 0 2-5460 [1->-" + n1.id() + "]");
            state.takeConfigChanged();
            admin(n0, () -> state.setSlotStable(SLOT));
            assertThat(state.migratingTo(SLOT)).isNull();
            assertThat(state.importingFrom(SLOT)).isNull();
            assertThat(myLine(n0)).endsWith(" 0 2-5460");
            assertThat(state.takeConfigChanged()).as("saved").isTrue();
        }

        @Test
        void openSlotsSurviveARestart() {
            admin(n0, () -> n0.state.setSlotMigrating(SLOT, n1.id()));
            admin(n0, () -> n0.state.setSlotImporting(OTHERS_SLOT, n2.id()));
            assertThat(NodesConf.render(n0.state))
                    .contains(" connected 0-5460 [1->-" + n1.id() + "] [6000-<-" + n2.id() + "]\n");
            sim.restart(n0);
            assertThat(n0.state.migratingTo(SLOT).id()).isEqualTo(n1.id());
            assertThat(n0.state.importingFrom(OTHERS_SLOT).id()).isEqualTo(n2.id());
            assertThat(myLine(n0)).endsWith(" 0-5460 [1->-" + n1.id() + "] [6000-<-" + n2.id() + "]");
        }

        @Test
        void aMarkNamingANodeInHandshakeIsShownButNotSaved() {
            ClusterState state = n0.state;
            admin(n0, () -> state.meet("10.9.9.9", 7009, 17009, sim.now));
            ClusterNode handshake = state.nodes().stream().filter(ClusterNode::inHandshake).findFirst().orElseThrow();
            admin(n0, () -> state.setSlotImporting(OTHERS_SLOT, handshake.id()));
            assertThat(state.nodesDescription()).contains(" 0-5460 [6000-<-" + handshake.id() + "]\n");
            assertThat(NodesConf.render(state)).doesNotContain(handshake.id());
            sim.restart(n0);
            assertThat(n0.state.importingFrom(OTHERS_SLOT)).isNull();
        }
    }

    // ================================================================ NODE

    @Nested
    class NodeAction {
        @Test
        void anEmptySlotLosesItsMigratingMarkWhoeverGetsIt() {
            admin(n0, () -> n0.state.setSlotMigrating(SLOT, n1.id()));
            admin(n0, () -> n0.state.setSlotNode(SLOT, n0.id(), 0));
            assertThat(n0.state.migratingTo(SLOT)).as("to myself").isNull();
            admin(n0, () -> n0.state.setSlotMigrating(SLOT, n1.id()));
            admin(n0, () -> n0.state.setSlotNode(SLOT, n1.id(), 0));
            assertThat(n0.state.migratingTo(SLOT)).as("to the target").isNull();
            assertThat(n0.state.owner(SLOT).id()).isEqualTo(n1.id());
        }

        @Test
        void aSlotWithKeysKeepsItsMigratingMark() {
            admin(n0, () -> n0.state.setSlotMigrating(SLOT, n1.id()));
            admin(n0, () -> n0.state.setSlotNode(SLOT, n0.id(), 3));
            assertThat(n0.state.migratingTo(SLOT).id()).isEqualTo(n1.id());
        }

        @Test
        void assigningAnImportedSlotElsewhereKeepsTheImportingMarkAndTheEpoch() {
            admin(n1, () -> n1.state.setSlotImporting(SLOT, n0.id()));
            admin(n1, () -> n1.state.setSlotNode(SLOT, n2.id(), 0));
            assertThat(n1.state.importingFrom(SLOT).id()).isEqualTo(n0.id());
            assertThat(n1.state.owner(SLOT).id()).isEqualTo(n2.id());
            assertThat(n1.state.myself().configEpoch()).isEqualTo(2);
        }

        @Test
        void takingASlotWithoutImportingItNeitherBumpsNorBroadcasts() {
            long pongs = pongsSent(n1);
            admin(n1, () -> n1.state.setSlotNode(SLOT, n1.id(), 0));
            assertThat(n1.state.owner(SLOT)).isSameAs(n1.state.myself());
            assertThat(n1.state.myself().configEpoch()).isEqualTo(2);
            assertThat(pongsSent(n1)).isEqualTo(pongs);
        }

        @Test
        void takingAnImportedSlotBumpsTheEpochAndTellsEveryoneAtOnce() {
            openMove(n0, n1);
            alignBetweenTicks();
            long pongs = pongsSent(n1);
            admin(n1, () -> n1.state.setSlotNode(SLOT, n1.id(), 0));
            assertThat(n1.state.importingFrom(SLOT)).isNull();
            assertThat(n1.state.myself().configEpoch()).as("currentEpoch + 1").isEqualTo(4);
            assertThat(n1.state.currentEpoch()).isEqualTo(4);
            assertThat(pongsSent(n1)).as("a PONG to each peer").isEqualTo(pongs + 2);

            sim.run(2); // one network delay, no tick: only the broadcast can have told them
            for (SimCluster.Node node : List.of(n0, n2)) {
                assertThat(node.state.owner(SLOT).id()).as("owner seen by node %d", node.index).isEqualTo(n1.id());
                assertThat(node.state.node(n1.id()).configEpoch()).isEqualTo(4);
            }
            assertThat(n0.state.takeLostSlots().stream().toArray()).as("its keys there go").containsExactly(SLOT);
            assertThat(n0.state.migratingTo(SLOT).id()).as("the source keeps its mark, as Redis 7.0")
                    .isEqualTo(n1.id());
            assertThat(myLine(n0)).endsWith(" 0 2-5460 [1->-" + n1.id() + "]");

            admin(n0, () -> n0.state.setSlotNode(SLOT, n1.id(), 0));
            assertThat(n0.state.migratingTo(SLOT)).isNull();
            sim.run(3000);
            for (SimCluster.Node node : sim.nodes) {
                assertThat(node.state.owner(SLOT).id()).isEqualTo(n1.id());
            }
        }

        @Test
        void theNodeWithTheGreatestEpochKeepsItButStillBroadcasts() {
            openMove(n0, n2);
            alignBetweenTicks();
            long pongs = pongsSent(n2);
            admin(n2, () -> n2.state.setSlotNode(SLOT, n2.id(), 0));
            assertThat(n2.state.myself().configEpoch()).as("already the greatest").isEqualTo(3);
            assertThat(n2.state.currentEpoch()).isEqualTo(3);
            assertThat(pongsSent(n2)).isEqualTo(pongs + 2);
            sim.run(2);
            assertThat(n1.state.owner(SLOT).id()).isEqualTo(n2.id());
            assertThat(n0.state.owner(SLOT).id()).isEqualTo(n2.id());
        }

        /** Opens slot 1 for a move from {@code source} to {@code target}, the order redis-cli uses. */
        private void openMove(SimCluster.Node source, SimCluster.Node target) {
            admin(target, () -> target.state.setSlotImporting(SLOT, source.id()));
            admin(source, () -> source.state.setSlotMigrating(SLOT, target.id()));
        }

        private long pongsSent(SimCluster.Node node) {
            return node.state.info().sent().get(MessageType.PONG);
        }

        /** Moves the clock to 10 ms after a tick, so the next few milliseconds send nothing on their own. */
        private void alignBetweenTicks() {
            sim.run(SimCluster.TICK - sim.now % SimCluster.TICK + 10);
        }
    }

    // ================================================================ routing

    @Nested
    class Routing {
        private static final String ASK = "ASK 1 10.0.0.2:7001";
        private static final String MOVED = "MOVED 1 10.0.0.1:7000";

        private static String route(SimCluster.Node node, boolean asking, Set<String> present, String... keys) {
            List<byte[]> bytes = Arrays.stream(keys).map(k -> (TAG + k).getBytes(StandardCharsets.UTF_8)).toList();
            return Router.route(node.state, new Router.Request(bytes, false, asking, false,
                    key -> present.contains(new String(key, StandardCharsets.UTF_8).substring(TAG.length()))));
        }

        @Test
        void theMigratingNodeServesWhatItHasAndAsksForTheRest() {
            admin(n0, () -> n0.state.setSlotMigrating(SLOT, n1.id()));
            Set<String> present = Set.of("x");
            assertThat(route(n0, false, present, "x")).isNull();
            assertThat(route(n0, false, present, "x", "x")).as("one key twice").isNull();
            assertThat(route(n0, false, present, "y")).isEqualTo(ASK);
            assertThat(route(n0, false, present, "y", "z")).isEqualTo(ASK);
            assertThat(route(n0, true, present, "y")).as("ASKING does not matter here").isEqualTo(ASK);
            assertThat(route(n0, false, present, "x", "y")).isEqualTo(Router.TRYAGAIN);
            assertThat(route(n0, false, present, "y", "x")).isEqualTo(Router.TRYAGAIN);
        }

        @Test
        void theImportingNodeServesOnlyAskingClients() {
            admin(n1, () -> n1.state.setSlotImporting(SLOT, n0.id()));
            Set<String> present = Set.of("x");
            assertThat(route(n1, false, present, "x")).as("even a key it has").isEqualTo(MOVED);
            assertThat(route(n1, false, present, "y")).isEqualTo(MOVED);
            assertThat(route(n1, true, present, "x")).isNull();
            assertThat(route(n1, true, present, "y")).as("a single missing key is created here").isNull();
            assertThat(route(n1, true, present, "y", "y")).isNull();
            assertThat(route(n1, true, present, "x", "x")).isNull();
            assertThat(route(n1, true, present, "x", "y")).isEqualTo(Router.TRYAGAIN);
            assertThat(route(n1, true, present, "y", "z")).isEqualTo(Router.TRYAGAIN);
            assertThat(route(n1, true, Set.of("x", "y"), "x", "y")).isNull();
        }

        @Test
        void theImportingNodeLooksKeysUpOnlyWhenSeveralAreAskedAfterAsking() {
            admin(n1, () -> n1.state.setSlotImporting(SLOT, n0.id()));
            List<String> looked = new ArrayList<>();
            for (boolean asking : new boolean[] {false, true}) {
                for (List<String> keys : List.of(List.of("x"), List.of("x", "x"), List.of("x", "y"))) {
                    List<byte[]> bytes = keys.stream().map(k -> (TAG + k).getBytes(StandardCharsets.UTF_8)).toList();
                    Router.route(n1.state, new Router.Request(bytes, false, asking, false, key -> {
                        looked.add(asking + " " + keys);
                        return true;
                    }));
                }
            }
            assertThat(looked).as("a storage read per absent key saved for every RESTORE-ASKING")
                    .containsExactly("true [x, y]", "true [x, y]");
        }

        @Test
        void openSlotsChangeNothingForOtherSlotsOrForCrossSlotRequests() {
            admin(n0, () -> n0.state.setSlotMigrating(SLOT, n1.id()));
            admin(n1, () -> n1.state.setSlotImporting(SLOT, n0.id()));
            byte[] elsewhere = "key:0".getBytes(StandardCharsets.UTF_8); // slot 2592, node 0's and not open
            byte[] open = (TAG + "y").getBytes(StandardCharsets.UTF_8);
            assertThat(Router.route(n1.state, new Router.Request(List.of(elsewhere), false, true, false, k -> false)))
                    .isEqualTo("MOVED 2592 10.0.0.1:7000");
            assertThat(Router.route(n0.state, new Router.Request(List.of(open, elsewhere), false, false, false,
                    k -> false))).isEqualTo(Router.CROSSSLOT);
        }

        @Test
        void theSourceThatLostTheSlotRedirectsWithMovedDespiteItsMark() {
            admin(n1, () -> n1.state.setSlotImporting(SLOT, n0.id()));
            admin(n0, () -> n0.state.setSlotMigrating(SLOT, n1.id()));
            admin(n1, () -> n1.state.setSlotNode(SLOT, n1.id(), 0));
            sim.run(2);
            assertThat(n0.state.migratingTo(SLOT)).isNotNull();
            assertThat(route(n0, false, Set.of(), "y")).isEqualTo("MOVED 1 10.0.0.2:7001");
            assertThat(route(n1, false, Set.of(), "y")).isNull();
        }
    }
}
