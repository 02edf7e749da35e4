package io.slotkv.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** The admin operations behind CLUSTER: Redis 7's checks, in Redis's order, with its exact error texts. */
class ClusterAdminTest {
    private final ClusterState state = ClusterState.create(ClusterSettings.defaults(7000), new Random(7), 0);
    private final String me = state.myself().id();
    private static final String STRANGER = "0".repeat(40);

    private static void fails(ThrowingCallable call, String error) {
        assertThatThrownBy(call).isInstanceOf(ClusterException.class).hasMessage(error);
    }

    /** Two nodes that know each other, without a network: the PONG of a MEET, delivered by hand. */
    private ClusterNode meetOther() {
        ClusterState other = ClusterState.create(ClusterSettings.defaults(7001), new Random(8), 0);
        state.meet("127.0.0.1", 7001, 17001, 0);
        BusMessage.Heartbeat meet = (BusMessage.Heartbeat) state.drainOutbox().get(0).message();
        other.receive(meet.withSenderIp("127.0.0.1"), 0);
        state.receive(other.drainOutbox().get(0).message(), 0);
        return state.node(other.myself().id());
    }

    @Test
    void slotArgumentsAreCheckedBeforeAssignments() {
        state.addSlots(7, 8);
        fails(() -> state.addSlots(1, 8, -1), "ERR Invalid or out of range slot");
        fails(() -> state.addSlots(16384), "ERR Invalid or out of range slot");
        fails(() -> state.addSlots(ClusterArgs.slot("abc")), "ERR Invalid or out of range slot");
        fails(() -> state.addSlots(1, 8), "ERR Slot 8 is already busy");
        fails(() -> state.addSlots(5, 5), "ERR Slot 5 specified multiple times");
        fails(() -> state.delSlots(7, 9), "ERR Slot 9 is already unassigned");
        fails(() -> state.delSlots(7, 7), "ERR Slot 7 specified multiple times");
        assertThat(state.myself().slots().cardinality()).as("nothing half-applied").isEqualTo(2);
    }

    @Test
    void rangeFormsCheckEachPairInTurn() {
        state.addSlots(9);
        fails(() -> state.addSlotsRange(5, 3), "ERR start slot number 5 is greater than end slot number 3");
        fails(() -> state.addSlotsRange(0, 9, -1, 5), "ERR Slot 9 is already busy");
        fails(() -> state.addSlotsRange(0, 1, 1, 2), "ERR Slot 1 specified multiple times");
        fails(() -> state.addSlotsRange(0, 1, 16384, 16384), "ERR Invalid or out of range slot");
        fails(() -> state.delSlotsRange(9, 10), "ERR Slot 10 is already unassigned");
        state.addSlotsRange(0, 5, 10, 16383);
        assertThat(state.myself().slotCount()).isEqualTo(16384 - 3);
        state.delSlotsRange(0, 1, 3, 3);
        assertThat(state.nodesDescription()).contains(" connected 2 4-5 9-16383\n");
    }

    @Test
    void addSlotsMakesAOneNodeClusterOkAfterTheWritableDelay() {
        state.addSlotsRange(0, 16383);
        assertThat(state.takeConfigChanged()).isTrue();
        state.tick(1900);
        assertThat(state.isOk()).as("a master waits 2 s after start").isFalse();
        state.tick(2000);
        assertThat(state.isOk()).isTrue();
        assertThat(state.info().render(0)).startsWith("""
                cluster_state:ok\r
                cluster_slots_assigned:16384\r
                cluster_slots_ok:16384\r
                cluster_slots_pfail:0\r
                cluster_slots_fail:0\r
                cluster_known_nodes:1\r
                cluster_size:1\r
                """);
        state.delSlots(100);
        assertThat(state.isOk()).as("full coverage required").isFalse();
    }

    @Test
    void flushSlotsDropsOnlyMySlotsAndKeepsMarks() {
        ClusterNode other = meetOther();
        state.addSlots(1, 2);
        state.setSlotMigrating(1, other.id());
        state.flushSlots();
        assertThat(state.myself().slotCount()).isZero();
        assertThat(state.migratingTo(1)).as("Redis 7.0 keeps the mark").isSameAs(other);
    }

    @Test
    void meetChecksTheAddress() {
        fails(() -> state.meet("1.2.3", 5, 10005, 0), "ERR Invalid node address specified: 1.2.3:5");
        fails(() -> state.meet("localhost", 5, 10005, 0), "ERR Invalid node address specified: localhost:5");
        fails(() -> state.meet("127.0.0.1", 0, 10000, 0), "ERR Invalid node address specified: 127.0.0.1:0");
        fails(() -> state.meet("127.0.0.1", 70000, 80000, 0), "ERR Invalid node address specified: 127.0.0.1:70000");
        fails(() -> state.meet("127.0.0.1", 5, 0, 0), "ERR Invalid node address specified: 127.0.0.1:5");
        fails(() -> ClusterArgs.port("abc"), "ERR Invalid TCP base port specified: abc");
        fails(() -> ClusterArgs.busPort("x"), "ERR Invalid TCP bus port specified: x");
        state.meet("0:0::1", 6, 10006, 0);
        assertThat(state.nodesDescription()).contains(" ::1:6@10006 handshake - 0 0 0 disconnected\n");
        assertThat(state.drainOutbox()).singleElement().satisfies(envelope -> {
            assertThat(envelope.to()).isEqualTo(new Destination.ToAddress("::1", 10006));
            assertThat(envelope.message().type()).isEqualTo(MessageType.MEET);
        });
    }

    @Test
    void forget() {
        fails(() -> state.forget("abc", 0), "ERR Unknown node abc");
        fails(() -> state.forget(me, 0), "ERR I tried hard but I can't forget myself...");
        ClusterNode other = meetOther();
        state.addSlots(3);
        state.setSlotImporting(4, other.id());
        state.delSlots(3);
        state.setSlotNode(3, other.id(), 0);
        state.forget(other.id(), 0);
        assertThat(state.nodes()).containsExactly(state.myself());
        assertThat(state.owner(3)).as("its slots become unassigned").isNull();
        assertThat(state.importingFrom(4)).as("marks naming it close").isNull();
        fails(() -> state.forget(other.id(), 0), "ERR Unknown node " + other.id());
    }

    @Test
    void forgettingMyMasterIsRefused() {
        ClusterNode other = meetOther();
        state.myself().flags.remove(NodeFlag.MASTER);
        state.myself().flags.add(NodeFlag.SLAVE);
        state.myself().masterId = other.id();
        fails(() -> state.forget(other.id(), 0), "ERR Can't forget my master!");
        fails(() -> state.setSlotStable(1), "ERR Please use SETSLOT only with masters.");
    }

    @Test
    void setConfigEpoch() {
        fails(() -> state.setConfigEpoch(-1), "ERR Invalid config epoch specified: -1");
        fails(() -> ClusterArgs.configEpoch("abc"), "ERR value is not an integer or out of range");
        state.setConfigEpoch(5);
        assertThat(state.myself().configEpoch()).isEqualTo(5);
        assertThat(state.currentEpoch()).isEqualTo(5);
        fails(() -> state.setConfigEpoch(6), "ERR Node config epoch is already non-zero");
        meetOther();
        fails(() -> state.setConfigEpoch(6),
                "ERR The user can assign a config epoch only when the node does not know any other node.");
    }

    @Test
    void setConfigEpochCountsHandshakesAsKnownNodes() {
        state.meet("127.0.0.1", 7001, 17001, 0);
        fails(() -> state.setConfigEpoch(1),
                "ERR The user can assign a config epoch only when the node does not know any other node.");
    }

    @Test
    void bumpEpoch() {
        assertThat(state.bumpEpoch().reply()).as("epoch 0 always bumps").isEqualTo("BUMPED 1");
        assertThat(state.bumpEpoch().reply()).isEqualTo("STILL 1");
        state.setSlotStable(0);
        ClusterNode other = meetOther();
        other.configEpoch = 4;
        assertThat(state.bumpEpoch()).isEqualTo(new ClusterState.Bump(true, 2));
        assertThat(state.currentEpoch()).isEqualTo(2);
    }

    @Test
    void setSlotChecks() {
        ClusterNode other = meetOther();
        state.addSlots(7);
        fails(() -> state.setSlotMigrating(16384, other.id()), "ERR Invalid or out of range slot");
        fails(() -> state.setSlotMigrating(7, "abc"), "ERR I don't know about node abc");
        fails(() -> state.setSlotMigrating(9, "abc"), "ERR I'm not the owner of hash slot 9");
        fails(() -> state.setSlotImporting(7, "abc"), "ERR I'm already the owner of hash slot 7");
        fails(() -> state.setSlotImporting(9, "abc"), "ERR I don't know about node abc");
        fails(() -> state.setSlotNode(9, "abc", 0), "ERR Unknown node abc");
        fails(() -> state.setSlotNode(7, other.id(), 3),
                "ERR Can't assign hashslot 7 to a different node while I still hold keys for this hash slot.");
        other.flags.remove(NodeFlag.MASTER);
        other.flags.add(NodeFlag.SLAVE);
        fails(() -> state.setSlotImporting(9, other.id()), "ERR Target node is not a master");
        fails(() -> state.setSlotNode(9, other.id(), 0), "ERR Target node is not a master");
    }

    @Test
    void openSlotsShowOnTheMyselfLineOnly() {
        ClusterNode other = meetOther();
        state.addSlots(7, 8);
        state.setSlotMigrating(7, other.id());
        state.setSlotImporting(9, other.id());
        String mine = NodeLineText.of(state, state.myself());
        assertThat(mine).endsWith(" connected 7-8 [7->-" + other.id() + "] [9-<-" + other.id() + "]");
        assertThat(NodeLineText.of(state, other)).doesNotContain("[");
        state.setSlotStable(9);
        assertThat(state.importingFrom(9)).isNull();
        state.setSlotNode(7, me, 1);
        assertThat(state.migratingTo(7)).as("keys left: stays migrating").isSameAs(other);
    }

    @Test
    void givingAnEmptySlotAwayClearsItsMigratingMark() {
        ClusterNode other = meetOther();
        state.addSlots(7);
        state.setSlotMigrating(7, other.id());
        state.setSlotNode(7, other.id(), 0);
        assertThat(state.owner(7)).isSameAs(other);
        assertThat(state.migratingTo(7)).isNull();
    }

    @Test
    void closingAnImportBumpsTheEpochAndTellsEveryone() {
        ClusterNode other = meetOther();
        other.configEpoch = 3;
        state.currentEpoch = 3;
        state.setSlotImporting(7, other.id());
        state.drainOutbox();
        state.setSlotNode(7, me, 0);
        assertThat(state.owner(7)).isSameAs(state.myself());
        assertThat(state.importingFrom(7)).isNull();
        assertThat(state.myself().configEpoch()).isEqualTo(4);
        assertThat(state.drainOutbox()).singleElement().satisfies(envelope -> {
            assertThat(envelope.to()).isEqualTo(new Destination.ToNode(other.id(), "127.0.0.1", 17001));
            assertThat(envelope.message().type()).isEqualTo(MessageType.PONG);
            assertThat(envelope.message().header().slots().get(7)).isTrue();
            assertThat(envelope.message().header().configEpoch()).isEqualTo(4);
        });
        state.setSlotNode(8, me, 0);
        assertThat(state.myself().configEpoch()).as("no import, no bump").isEqualTo(4);
    }

    @Test
    void addSlotsClearsAnImportMark() {
        ClusterNode other = meetOther();
        state.setSlotImporting(7, other.id());
        state.addSlots(7);
        assertThat(state.importingFrom(7)).isNull();
    }

    @Test
    void softResetForgetsOthersButKeepsIdAndEpochs() {
        ClusterNode other = meetOther();
        state.bumpEpoch();
        state.addSlots(1);
        state.setSlotImporting(2, other.id());
        state.reset(false);
        assertThat(state.nodes()).containsExactly(state.myself());
        assertThat(state.myself().id()).isEqualTo(me);
        assertThat(state.myself().configEpoch()).isEqualTo(1);
        assertThat(state.owner(1)).isNull();
        assertThat(state.importingFrom(2)).isNull();
    }

    @Test
    void hardResetTakesANewIdAndZeroEpochs() {
        meetOther();
        state.bumpEpoch();
        state.reset(true);
        assertThat(state.myself().id()).isNotEqualTo(me).matches("[0-9a-f]{40}");
        assertThat(state.node(state.myself().id())).isSameAs(state.myself());
        assertThat(state.nodes()).hasSize(1);
        assertThat(state.currentEpoch()).isZero();
        assertThat(state.myself().configEpoch()).isZero();
    }

    @Test
    void countFailureReports() {
        fails(() -> state.countFailureReports(STRANGER, 0), "ERR Unknown node " + STRANGER);
        assertThat(state.countFailureReports(me, 0)).isZero();
    }
}
