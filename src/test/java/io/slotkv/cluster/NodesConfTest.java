package io.slotkv.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodesConfTest {
    private static final String ME = "f548350a349e1e0ead9390e0ff0bc8fcfa0b7e09";
    private static final String B = "6912effc8f43beb2f74aed35d55e57670af5928a";
    private static final String C = "526ac76645ad5e0d9bed8f738bc516711b550551";
    private static final ClusterSettings SETTINGS = new ClusterSettings("", 17101, 27101, 15000, true);

    /** Written by Debian's redis-server 7.0.15 (CLUSTER MEET, ADDSLOTS 7 8, SETSLOT 7 MIGRATING), plus a replica. */
    private static final String REDIS_WRITTEN = B + " 127.0.0.1:17102@27102 master - 0 1795309593748 6 connected 0-6 9 100-200\n"
            + ME + " 127.0.0.1:17101@27101 myself,master - 0 0 5 connected 7-8 [7->-" + B + "] [300-<-" + C + "]\n"
            + C + " ::1:17103@27103,db3.example master,fail - 1795309590000 1795309580000 2 disconnected 201\n"
            + "vars currentEpoch 6 lastVoteEpoch 0\n";

    private static ClusterState parse(String text) throws NodesConfException {
        return NodesConf.parse(text, SETTINGS, new Random(1), 50_000);
    }

    @Test
    void readsWhatRedisWrites() throws NodesConfException {
        ClusterState state = parse(REDIS_WRITTEN);
        assertThat(state.myself().id()).isEqualTo(ME);
        assertThat(state.myself().ip()).isEqualTo("127.0.0.1");
        assertThat(state.currentEpoch()).isEqualTo(6);
        assertThat(state.nodes()).hasSize(3);
        assertThat(state.owner(7)).isSameAs(state.myself());
        assertThat(state.owner(150).id()).isEqualTo(B);
        assertThat(state.migratingTo(7).id()).isEqualTo(B);
        assertThat(state.importingFrom(300).id()).isEqualTo(C);
        ClusterNode c = state.node(C);
        assertThat(c.ip()).isEqualTo("::1");
        assertThat(c.hostname()).isEqualTo("db3.example");
        assertThat(c.flags()).containsExactly(NodeFlag.MASTER, NodeFlag.FAIL);
        assertThat(c.configEpoch()).isEqualTo(2);
        assertThat(c.linkConnected()).as("everything loads disconnected").isFalse();
        assertThat(c.pingSent()).as("fresh timers").isZero();
        assertThat(c.pongReceived()).isZero();
        assertThat(c.failTime).isEqualTo(50_000);
    }

    @Test
    void rendersRedisFormatExactly() throws NodesConfException {
        assertThat(NodesConf.render(parse(REDIS_WRITTEN))).isEqualTo(
                B + " 127.0.0.1:17102@27102 master - 0 0 6 disconnected 0-6 9 100-200\n"
                + ME + " 127.0.0.1:17101@27101 myself,master - 0 0 5 connected 7-8 [7->-" + B + "] [300-<-" + C + "]\n"
                + C + " ::1:17103@27103,db3.example master,fail - 0 0 2 disconnected 201\n"
                + "vars currentEpoch 6 lastVoteEpoch 0\n");
    }

    @Test
    void roundTripsItsOwnOutput() throws NodesConfException {
        ClusterState state = parse(REDIS_WRITTEN);
        String text = NodesConf.render(state);
        assertThat(NodesConf.render(parse(text))).isEqualTo(text);
    }

    @Test
    void handshakesAreNotSavedButShownInClusterNodes() throws NodesConfException {
        ClusterState state = parse(REDIS_WRITTEN);
        state.meet("10.1.1.1", 6379, 16379, 50_000);
        assertThat(NodesConf.render(state)).doesNotContain("handshake");
        assertThat(state.nodesDescription()).contains(" 10.1.1.1:6379@16379 handshake - 0 0 0 disconnected\n");
    }

    @Test
    void replicasKeepTheirMaster() throws NodesConfException {
        String text = ME + " 10.0.0.1:7000@17000 myself,master - 0 0 3 connected 0-16383\n"
                + B + " 10.0.0.2:7001@17001 slave " + ME + " 0 0 3 connected\n"
                + "vars currentEpoch 3 lastVoteEpoch 2\n";
        ClusterState state = parse(text);
        assertThat(state.node(B).masterId()).isEqualTo(ME);
        assertThat(state.node(B).configEpoch()).as("a replica's epoch is its master's").isZero();
        assertThat(state.lastVoteEpoch()).isEqualTo(2);
        assertThat(NodesConf.render(state)).isEqualTo(text
                .replace("10.0.0.1:7000@17000", "10.0.0.1:17101@27101")
                .replace(ME + " 0 0 3 connected", ME + " 0 0 3 disconnected"));
    }

    @Test
    void myPortsComeFromTheSettingsAndAnAnnouncedIpWins() throws NodesConfException {
        ClusterSettings moved = new ClusterSettings("10.9.9.9", 6390, 16390, 15000, true);
        ClusterState state = NodesConf.parse(REDIS_WRITTEN, moved, new Random(1), 0);
        assertThat(state.myself().ip()).isEqualTo("10.9.9.9");
        assertThat(state.myself().port()).isEqualTo(6390);
        assertThat(state.myself().cport()).isEqualTo(16390);
    }

    @Test
    void olderAddressesWithoutBusPortUseTheOffset() throws NodesConfException {
        ClusterState state = parse(ME + " 127.0.0.1:7000 myself,master - 0 0 0 connected\n");
        assertThat(state.myself().cport()).isEqualTo(27101);
        ClusterState other = parse(ME + " 127.0.0.1:7000@17000 myself,master - 0 0 0 connected\n"
                + B + " 127.0.0.1:7001 master - 0 0 0 connected\n");
        assertThat(other.node(B).cport()).isEqualTo(17001);
    }

    @Test
    void currentEpochIsAtLeastEveryConfigEpoch() throws NodesConfException {
        ClusterState state = parse(ME + " 127.0.0.1:7000@17000 myself,master - 0 0 9 connected\n"
                + "vars currentEpoch 4 lastVoteEpoch 0 futureVar 1\n");
        assertThat(state.currentEpoch()).isEqualTo(9);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1|" + ME + " 127.0.0.1:7000@17000 myself,master - 0 0 0|expected at least 8 fields, found 7",
        "1|xyz 127.0.0.1:7000@17000 myself,master - 0 0 0 connected|invalid node id 'xyz'",
        "1|" + ME + " 127.0.0.1@17000 myself,master - 0 0 0 connected|address '127.0.0.1@17000' is not ip:port@cport",
        "1|" + ME + " 127.0.0.1:70000@17000 myself,master - 0 0 0 connected|port 70000 (expected: 0-65535)",
        "1|" + ME + " 127.0.0.1:x@17000 myself,master - 0 0 0 connected|port 'x' is not a non-negative integer",
        "1|" + ME + " host:7000@17000 myself,master - 0 0 0 connected|invalid ip 'host'",
        "1|" + ME + " 127.0.0.1:7000@17000 myself,boss - 0 0 0 connected|unknown flag 'boss'",
        "1|" + ME + " 127.0.0.1:7000@17000 myself,master xyz 0 0 0 connected|invalid master id 'xyz'",
        "1|" + ME + " 127.0.0.1:7000@17000 myself,master - -1 0 0 connected|ping_sent '-1' is not a non-negative integer",
        "1|" + ME + " 127.0.0.1:7000@17000 myself,master - 0 0 +5 connected|configEpoch '+5' is not a non-negative integer",
        "1|" + ME + " 127.0.0.1:7000@17000 myself,master - 0 0 0 up|link state 'up' (expected: connected or disconnected)",
        "1|" + ME + " 127.0.0.1:7000@17000 myself,master - 0 0 0 connected 16384|slot 16384 (expected: 0-16383)",
        "1|" + ME + " 127.0.0.1:7000@17000 myself,master - 0 0 0 connected 9-3|slot range '9-3' ends before it starts",
        "1|" + ME + " 127.0.0.1:7000@17000 myself,master - 0 0 0 connected 1-|slot '' is not a non-negative integer",
        "1|" + ME + " 127.0.0.1:7000@17000 myself,master - 0 0 0 connected [5-x-" + B + "]|open slot '[5-x-" + B + "]' is not [slot->-id] or [slot-<-id]",
        "1|" + ME + " 127.0.0.1:7000@17000 myself,master - 0 0 0 connected [5->-abc]|open slot '[5->-abc]' names an invalid node id",
        "1|" + ME + " 127.0.0.1:7000@17000 myself,master - 0 0 0 connected [5->-" + B + "]|open slot 5 names unknown node " + B,
        "1|vars currentEpoch|vars needs name/value pairs",
        "1|vars currentEpoch -3|value of currentEpoch '-3' is not a non-negative integer",
        "1|" + B + " 127.0.0.1:7000@17000 master - 0 0 0 connected|no node is flagged myself",
    })
    void corruptLinesAreRejectedWithTheirNumber(int line, String text, String problem) {
        assertThatThrownBy(() -> parse(text + "\n"))
                .isInstanceOf(NodesConfException.class)
                .hasMessage("nodes.conf line " + line + ": " + problem)
                .extracting(e -> ((NodesConfException) e).line()).isEqualTo(line);
    }

    @Test
    void corruptionOnALaterLineNamesThatLine() {
        String text = ME + " 127.0.0.1:7000@17000 myself,master - 0 0 0 connected 0-10\n\n"
                + B + " 127.0.0.1:7001@17001 master - 0 0 0 connected 10\n";
        assertThatThrownBy(() -> parse(text)).hasMessage("nodes.conf line 3: slot 10 is already owned by " + ME);
        assertThatThrownBy(() -> parse(text.replace("0-10", "0-9") + text.replace("0-10", "0-9")))
                .hasMessage("nodes.conf line 4: node " + ME + " appears twice");
        assertThatThrownBy(() -> parse(ME + " 127.0.0.1:7000@17000 myself,master - 0 0 0 connected\n"
                + B + " 127.0.0.1:7000@17000 myself,master - 0 0 0 connected\n"))
                .hasMessage("nodes.conf line 2: a second node is flagged myself");
    }

    @Test
    void writeOverwritesInPlaceWhenTheTextFitsAndReplacesTheFileOtherwise(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("nodes.conf");
        assertThat(NodesConf.load(file, SETTINGS, new Random(1), 0)).isEmpty();
        Files.writeString(file, "");
        assertThat(NodesConf.load(file, SETTINGS, new Random(1), 0)).as("an empty file is a first start").isEmpty();
        NodesConf.write(file, REDIS_WRITTEN, true);
        assertThat(Files.size(file)).as("padded for the next saves").isEqualTo(512);
        Object inode = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        String shorter = REDIS_WRITTEN.replace("currentEpoch 6", "currentEpoch 8").replace(" 9 100-200", "");
        NodesConf.write(file, shorter, false);
        assertThat(Files.readAttributes(file, BasicFileAttributes.class).fileKey())
                .as("a text that fits is written in place").isEqualTo(inode);
        assertThat(Files.readString(file)).startsWith(shorter).hasSize(512).matches("(?s).*\\S\n+$");
        assertThat(NodesConf.load(file, SETTINGS, new Random(1), 0).orElseThrow().currentEpoch()).isEqualTo(8);

        String longer = REDIS_WRITTEN.repeat(3);
        NodesConf.write(file, longer, false);
        assertThat(Files.readString(file)).as("a longer text replaces the file").startsWith(longer);
        assertThat(Files.size(file) % 512).isZero();
        inode = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        NodesConf.write(file, REDIS_WRITTEN, true);
        assertThat(Files.readAttributes(file, BasicFileAttributes.class).fileKey())
                .as("a durable save always replaces the file").isNotEqualTo(inode);
        try (var files = Files.list(dir)) {
            assertThat(files).as("no temporary file left behind").containsExactly(file);
        }
        assertThat(NodesConf.load(file, SETTINGS, new Random(1), 0).orElseThrow().currentEpoch()).isEqualTo(6);
    }

    @Test
    void aRestartedNodeKeepsWhatMatters() throws NodesConfException {
        SimCluster sim = new SimCluster(3, 2000, false, 31);
        sim.meetAll();
        sim.admin(sim.node(0), () -> sim.node(0).state.addSlotsRange(0, 100, 200, 300));
        sim.run(3000);
        ClusterState before = sim.node(0).state;
        sim.admin(sim.node(0), () -> before.setSlotMigrating(50, sim.node(1).id()));
        sim.admin(sim.node(0), () -> before.setSlotImporting(150, sim.node(2).id()));
        sim.admin(sim.node(0), before::bumpEpoch);
        sim.restart(sim.node(0));
        ClusterState after = sim.node(0).state;
        assertThat(after.myself().id()).isEqualTo(before.myself().id());
        assertThat(after.myself().ip()).isEqualTo("10.0.0.1");
        assertThat(after.myself().configEpoch()).isEqualTo(before.myself().configEpoch());
        assertThat(after.currentEpoch()).isEqualTo(before.currentEpoch());
        assertThat(after.myself().slots()).isEqualTo(before.myself().slots());
        assertThat(after.migratingTo(50).id()).isEqualTo(sim.node(1).id());
        assertThat(after.importingFrom(150).id()).isEqualTo(sim.node(2).id());
        assertThat(after.nodes()).extracting(ClusterNode::id)
                .containsExactlyElementsOf(before.nodes().stream().map(ClusterNode::id).toList());
        assertThat(after.takeConfigChanged()).isFalse();
    }
}
