package io.slotkv.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slotkv.admin.LocalServer;
import io.slotkv.protocol.HashSlot;
import io.slotkv.testing.RawConnection;
import io.slotkv.testing.RealRedis;
import io.slotkv.testing.RedisCli;
import io.slotkv.testing.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * CLUSTER SETSLOT on real servers, side by side with a cluster of Debian's redis-server 7.0: the same scripts run
 * on both and must get the same replies (ids and addresses replaced by node names), for the refusals, the open
 * slots in CLUSTER NODES, redirections during a move and redis-cli --cluster check. What a Redis cluster cannot
 * show cheaply is checked on slotkv alone: open slots across a restart, and the epoch bump and broadcast that let
 * every node see the new owner of an imported slot long before a heartbeat would have told them.
 *
 * <p>Both clusters: A owns slots 0-8191 and B 8192-16383. C is a slotless master in slotkv's and a replica of A in
 * Redis's; slotkv's replica case uses two more nodes whose nodes.conf make one the replica of the other. Every test
 * leaves the slots as it found them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterSetSlotIT {
    /** Heartbeats between healthy nodes come every second or so; this keeps failure detection out of the way. */
    private static final int NODE_TIMEOUT = 15_000;
    /** Well under a heartbeat period: only a broadcast gets a new owner known this fast. */
    private static final Duration AT_ONCE = Duration.ofMillis(500);

    @TempDir
    static Path dir;

    private final List<SlotkvNode> slotkvNodes = new ArrayList<>();
    private final List<RealRedis> redisNodes = new ArrayList<>();
    private Trio slotkv;
    private Trio redis;
    private Trio slotkvReplica;

    /** A node of slotkv in this JVM, on a port of its own that it keeps across restarts, with its nodes.conf. */
    private static final class SlotkvNode implements AutoCloseable {
        final int port;
        final Path config;
        TestServer server;

        SlotkvNode(String name) {
            try {
                port = LocalServer.freeClusterPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            config = dir.resolve("nodes-" + name + ".conf");
        }

        SlotkvNode start() {
            server = TestServer.start("port " + port, "cluster-enabled yes", "cluster-config-file " + config,
                    "cluster-node-timeout " + NODE_TIMEOUT);
            return this;
        }

        void restart() {
            server.close();
            start();
        }

        @Override
        public void close() {
            if (server != null) {
                server.close();
            }
        }
    }

    /**
     * Nodes named A, B and C of one cluster, by port and id. Scripts name them: each line is a node name and a
     * command, {@code <A>} stands for A's id; transcripts show {@code <A>} for A's id and {@code <A-addr>} for
     * its address.
     */
    private record Trio(Map<String, Integer> ports, Map<String, String> ids) {
        static Trio of(List<String> names, List<Integer> ports) {
            Map<String, Integer> byName = new LinkedHashMap<>();
            Map<String, String> idsByName = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                byName.put(names.get(i), ports.get(i));
                idsByName.put(names.get(i), text(ClusterSetSlotIT.call(ports.get(i), "CLUSTER", "MYID")));
            }
            return new Trio(byName, idsByName);
        }

        int port(String name) {
            return ports.get(name);
        }

        String id(String name) {
            return ids.get(name);
        }

        String call(String name, String... args) {
            return ClusterSetSlotIT.call(port(name), args);
        }

        /** Runs {@code script}, one connection per node kept for the whole script, and returns what it got. */
        String transcript(String script) {
            Map<String, RawConnection> connections = new LinkedHashMap<>();
            StringBuilder out = new StringBuilder();
            try {
                for (String line : script.strip().split("\n")) {
                    String[] words = line.strip().split(" ");
                    String name = words[0];
                    String[] args = Arrays.stream(words, 1, words.length).map(this::expand).toArray(String[]::new);
                    RawConnection connection = connections.computeIfAbsent(name, n -> new RawConnection(port(n)));
                    String reply = connection.call(args).replace("\r\n", " ").strip();
                    out.append(line.strip()).append(" => ").append(named(reply)).append('\n');
                }
            } finally {
                connections.values().forEach(RawConnection::close);
            }
            return out.toString();
        }

        private String expand(String word) {
            for (String name : ids.keySet()) {
                word = word.replace("<" + name + ">", id(name));
            }
            return word;
        }

        /** {@code text} with ids and addresses replaced by node names. */
        String named(String text) {
            for (String name : ids.keySet()) {
                text = text.replace(id(name), "<" + name + ">")
                        .replace("127.0.0.1:" + port(name), "<" + name + "-addr>");
            }
            return text;
        }

        /** The slots and open slots at the end of {@code name}'s own CLUSTER NODES line, named. */
        String ownSlots(String name) {
            return named(fieldsFrom(myLine(name), 8));
        }

        String myLine(String name) {
            return nodesLines(name).stream().filter(line -> line.contains(" myself,")).findFirst().orElseThrow();
        }

        List<String> nodesLines(String name) {
            return List.of(text(call(name, "CLUSTER", "NODES")).split("\n"));
        }

        String info(String name, String field) {
            for (String line : text(call(name, "CLUSTER", "INFO")).split("\r\n")) {
                if (line.startsWith(field + ":")) {
                    return line.substring(field.length() + 1);
                }
            }
            throw new AssertionError("no " + field + " in CLUSTER INFO");
        }

        /** The [WARNING] lines of redis-cli --cluster check through A, named, without colours. */
        List<String> checkWarnings() {
            String out = RedisCli.run(port("A"), "--cluster", "check", "127.0.0.1:" + port("A"));
            return out.replaceAll("\u001B\\[[0-9;]*m", "").lines().filter(line -> line.startsWith("[WARNING]"))
                    .map(this::named).toList();
        }
    }

    private static String call(int port, String... args) {
        try (RawConnection connection = new RawConnection(port)) {
            return connection.call(args);
        }
    }

    /** The text of a bulk or verbatim reply. */
    private static String text(String reply) {
        assertThat(reply).startsWith("$");
        return reply.substring(reply.indexOf("\r\n") + 2, reply.length() - 2);
    }

    /** The space-separated fields of {@code line} from index {@code from} on. */
    private static String fieldsFrom(String line, int from) {
        String[] fields = line.split(" ");
        return String.join(" ", Arrays.asList(fields).subList(Math.min(from, fields.length), fields.length));
    }

    // ================================================================ fixtures

    @BeforeAll
    void start() throws IOException {
        for (String name : List.of("a", "b", "c")) {
            slotkvNodes.add(new SlotkvNode(name).start());
            redisNodes.add(RealRedis.start(dir, "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                    "--cluster-node-timeout", Integer.toString(NODE_TIMEOUT)));
        }
        slotkv = Trio.of(List.of("A", "B", "C"), slotkvNodes.stream().map(node -> node.port).toList());
        redis = Trio.of(List.of("A", "B", "C"), redisNodes.stream().map(RealRedis::port).toList());
        for (Trio trio : List.of(slotkv, redis)) {
            for (String other : List.of("B", "C")) {
                assertThat(trio.call("A", "CLUSTER", "MEET", "127.0.0.1", Integer.toString(trio.port(other))))
                        .isEqualTo("+OK\r\n");
            }
            assertThat(trio.call("A", "CLUSTER", "ADDSLOTSRANGE", "0", "8191")).isEqualTo("+OK\r\n");
            assertThat(trio.call("B", "CLUSTER", "ADDSLOTSRANGE", "8192", "16383")).isEqualTo("+OK\r\n");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> redis.nodesLines("C").size() == 3
                && redis.nodesLines("C").stream().noneMatch(line -> line.contains("handshake")));
        assertThat(redis.call("C", "CLUSTER", "REPLICATE", redis.id("A"))).isEqualTo("+OK\r\n");
        awaitAgreement(redis);
        awaitAgreement(slotkv);
        slotkvReplica = startSlotkvReplicaPair();
    }

    /**
     * Two slotkv nodes that nodes.conf makes a master (A, slots 0-8191) and its replica (C): slotkv has no command
     * that makes a replica, but it loads one, as Redis does.
     */
    private Trio startSlotkvReplicaPair() throws IOException {
        SlotkvNode master = new SlotkvNode("master");
        SlotkvNode replica = new SlotkvNode("replica");
        String masterId = "1".repeat(40);
        String replicaId = "2".repeat(40);
        String masterLine = masterId + " 127.0.0.1:" + master.port + "@" + (master.port + 10_000)
                + " %smaster - 0 0 1 connected 0-8191\n";
        String replicaLine = replicaId + " 127.0.0.1:" + replica.port + "@" + (replica.port + 10_000)
                + " %sslave " + masterId + " 0 0 1 connected\n";
        String vars = "vars currentEpoch 1 lastVoteEpoch 0\n";
        Files.writeString(master.config, masterLine.formatted("myself,") + replicaLine.formatted("") + vars);
        Files.writeString(replica.config, masterLine.formatted("") + replicaLine.formatted("myself,") + vars);
        slotkvNodes.add(master.start());
        slotkvNodes.add(replica.start());
        return Trio.of(List.of("A", "C"), List.of(master.port, replica.port));
    }

    /** Closes whatever a test left open, so that a failure does not spread to the next tests. */
    @AfterEach
    void closeOpenSlots() {
        for (Trio trio : List.of(slotkv, redis)) {
            for (String name : List.of("A", "B")) {
                for (int slot : List.of(1, 100, 200, 300, 400)) {
                    trio.call(name, "CLUSTER", "SETSLOT", Integer.toString(slot), "STABLE");
                }
            }
        }
    }

    @AfterAll
    void stop() {
        Stream.concat(slotkvNodes.stream(), redisNodes.stream()).forEach(node -> {
            try {
                node.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /**
     * Every node of {@code trio} sees the same nodes, roles, epochs (all distinct among masters) and slots, all
     * connected, and says cluster_state:ok. Open slots are left out: each node shows only its own.
     */
    private static void awaitAgreement(Trio trio) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            Set<String> first = null;
            for (String name : trio.ids().keySet()) {
                Set<String> view = new HashSet<>();
                Set<String> masterEpochs = new HashSet<>();
                for (String line : trio.nodesLines(name)) {
                    String[] fields = line.replace("myself,", "").split(" ");
                    assertThat(fields[7]).as(line).isEqualTo("connected");
                    if (fields[2].equals("master")) {
                        assertThat(masterEpochs.add(fields[6])).as("distinct epochs: " + line).isTrue();
                    }
                    view.add(fields[0] + " " + fields[2] + " " + fields[3] + " " + fields[6] + " "
                            + fieldsFrom(line, 8).replaceAll(" \\[.*", ""));
                }
                assertThat(view).hasSize(3);
                if (first != null) {
                    assertThat(view).isEqualTo(first);
                }
                first = view;
                assertThat(trio.info(name, "cluster_state")).isEqualTo("ok");
            }
        });
    }

    // ================================================================ both clusters

    @Test
    void setslotRefusesWhatRedisRefusesWithItsWords() {
        String script = """
                A CLUSTER SETSLOT abc STABLE
                A CLUSTER SETSLOT -1 STABLE
                A CLUSTER SETSLOT 01 STABLE
                A CLUSTER SETSLOT 16384 bogus
                A CLUSTER SETSLOT 100
                A CLUSTER SETSLOT 100 bogus
                A CLUSTER SETSLOT 100 STABLE x
                A CLUSTER SETSLOT 100 MIGRATING
                A CLUSTER SETSLOT 100 NODE <A> x
                A CLUSTER SETSLOT 9000 MIGRATING nosuch
                A CLUSTER SETSLOT 100 MIGRATING nosuch
                A CLUSTER SETSLOT 100 IMPORTING nosuch
                A CLUSTER SETSLOT 9000 IMPORTING nosuch
                A CLUSTER SETSLOT 9000 NODE nosuch
                A SET {key:16961}k v
                A CLUSTER SETSLOT 1 NODE <B>
                A CLUSTER SETSLOT 1 NODE <A>
                A DEL {key:16961}k
                A CLUSTER SETSLOT 1 NODE <B>
                A CLUSTER SETSLOT 1 NODE <A>
                """;
        String expected = """
                A CLUSTER SETSLOT abc STABLE => -ERR Invalid or out of range slot
                A CLUSTER SETSLOT -1 STABLE => -ERR Invalid or out of range slot
                A CLUSTER SETSLOT 01 STABLE => -ERR Invalid or out of range slot
                A CLUSTER SETSLOT 16384 bogus => -ERR Invalid or out of range slot
                A CLUSTER SETSLOT 100 => -ERR wrong number of arguments for 'cluster|setslot' command
                A CLUSTER SETSLOT 100 bogus => -ERR Invalid CLUSTER SETSLOT action or number of arguments. Try CLUSTER HELP
                A CLUSTER SETSLOT 100 STABLE x => -ERR Invalid CLUSTER SETSLOT action or number of arguments. Try CLUSTER HELP
                A CLUSTER SETSLOT 100 MIGRATING => -ERR Invalid CLUSTER SETSLOT action or number of arguments. Try CLUSTER HELP
                A CLUSTER SETSLOT 100 NODE <A> x => -ERR Invalid CLUSTER SETSLOT action or number of arguments. Try CLUSTER HELP
                A CLUSTER SETSLOT 9000 MIGRATING nosuch => -ERR I'm not the owner of hash slot 9000
                A CLUSTER SETSLOT 100 MIGRATING nosuch => -ERR I don't know about node nosuch
                A CLUSTER SETSLOT 100 IMPORTING nosuch => -ERR I'm already the owner of hash slot 100
                A CLUSTER SETSLOT 9000 IMPORTING nosuch => -ERR I don't know about node nosuch
                A CLUSTER SETSLOT 9000 NODE nosuch => -ERR Unknown node nosuch
                A SET {key:16961}k v => +OK
                A CLUSTER SETSLOT 1 NODE <B> => -ERR Can't assign hashslot 1 to a different node while I still hold keys for this hash slot.
                A CLUSTER SETSLOT 1 NODE <A> => +OK
                A DEL {key:16961}k => :1
                A CLUSTER SETSLOT 1 NODE <B> => +OK
                A CLUSTER SETSLOT 1 NODE <A> => +OK
                """;
        assertThat(redis.transcript(script)).isEqualTo(expected);
        assertThat(slotkv.transcript(script)).isEqualTo(expected);
        awaitAgreement(redis);
        awaitAgreement(slotkv);
    }

    @Test
    void replicasCannotSetSlotsNorBeTheirTarget() {
        String script = """
                A CLUSTER SETSLOT 100 MIGRATING <C>
                A CLUSTER SETSLOT 9000 IMPORTING <C>
                A CLUSTER SETSLOT 100 NODE <C>
                C CLUSTER SETSLOT 100 STABLE
                C CLUSTER SETSLOT abc bogus
                C CLUSTER SETSLOT 100 NODE <A>
                """;
        String expected = """
                A CLUSTER SETSLOT 100 MIGRATING <C> => -ERR Target node is not a master
                A CLUSTER SETSLOT 9000 IMPORTING <C> => -ERR Target node is not a master
                A CLUSTER SETSLOT 100 NODE <C> => -ERR Target node is not a master
                C CLUSTER SETSLOT 100 STABLE => -ERR Please use SETSLOT only with masters.
                C CLUSTER SETSLOT abc bogus => -ERR Please use SETSLOT only with masters.
                C CLUSTER SETSLOT 100 NODE <A> => -ERR Please use SETSLOT only with masters.
                """;
        assertThat(redis.transcript(script)).isEqualTo(expected);
        assertThat(slotkvReplica.transcript(script)).isEqualTo(expected);
    }

    @Test
    void openSlotsShowOnTheOwnLineOfEachEndOnly() {
        for (Trio trio : List.of(slotkv, redis)) {
            assertThat(trio.call("B", "CLUSTER", "SETSLOT", "100", "IMPORTING", trio.id("A"))).isEqualTo("+OK\r\n");
            assertThat(trio.call("A", "CLUSTER", "SETSLOT", "100", "MIGRATING", trio.id("B"))).isEqualTo("+OK\r\n");
            assertThat(trio.ownSlots("A")).isEqualTo("0-8191 [100->-<B>]");
            assertThat(trio.ownSlots("B")).isEqualTo("8192-16383 [100-<-<A>]");
            for (String viewer : List.of("A", "B", "C")) {
                assertThat(trio.nodesLines(viewer)).filteredOn(line -> !line.contains(" myself,"))
                        .noneMatch(line -> line.contains("["));
            }
            assertThat(trio.myLine("C")).doesNotContain("[");
            assertThat(trio.call("A", "CLUSTER", "SETSLOT", "100", "STABLE")).isEqualTo("+OK\r\n");
            assertThat(trio.call("B", "CLUSTER", "SETSLOT", "100", "STABLE")).isEqualTo("+OK\r\n");
            assertThat(trio.ownSlots("A")).isEqualTo("0-8191");
            assertThat(trio.ownSlots("B")).isEqualTo("8192-16383");
        }
    }

    @Test
    void redirectionsDuringAMove() {
        String script = """
                A SET {key:16961}x 1
                B CLUSTER SETSLOT 1 IMPORTING <A>
                A CLUSTER SETSLOT 1 MIGRATING <B>
                A GET {key:16961}x
                A SET {key:16961}x 2
                A GET {key:16961}y
                A SET {key:16961}y 1
                A MGET {key:16961}x {key:16961}y
                A MGET {key:16961}y {key:16961}z
                A MGET {key:16961}x {key:16961}x
                A ASKING
                A GET {key:16961}y
                B GET {key:16961}y
                B ASKING
                B SET {key:16961}y v
                B GET {key:16961}y
                B ASKING
                B GET {key:16961}y
                B ASKING
                B MGET {key:16961}y {key:16961}z
                B ASKING
                B MGET {key:16961}y {key:16961}y
                B ASKING
                B ASKING
                B GET {key:16961}y
                B GET {key:16961}y
                B ASKING
                B MULTI
                B SET {key:16961}y w
                B GET {key:16961}y
                B EXEC
                B GET {key:16961}y
                B ASKING
                B MULTI
                B SET {key:16961}z w
                B GET {key:16961}y
                B EXEC
                B ASKING
                B MULTI
                B GET {key:16961}y
                B GET key:0
                B EXEC
                B ASKING
                B GET key:0
                B GET {key:16961}y
                B ASKING
                B NOSUCH
                B GET {key:16961}y
                B ASKING
                B DEL {key:16961}y
                A DEL {key:16961}x
                A CLUSTER SETSLOT 1 STABLE
                B CLUSTER SETSLOT 1 STABLE
                """;
        String expected = """
                A SET {key:16961}x 1 => +OK
                B CLUSTER SETSLOT 1 IMPORTING <A> => +OK
                A CLUSTER SETSLOT 1 MIGRATING <B> => +OK
                A GET {key:16961}x => $1 1
                A SET {key:16961}x 2 => +OK
                A GET {key:16961}y => -ASK 1 <B-addr>
                A SET {key:16961}y 1 => -ASK 1 <B-addr>
                A MGET {key:16961}x {key:16961}y => -TRYAGAIN Multiple keys request during rehashing of slot
                A MGET {key:16961}y {key:16961}z => -ASK 1 <B-addr>
                A MGET {key:16961}x {key:16961}x => *2 $1 2 $1 2
                A ASKING => +OK
                A GET {key:16961}y => -ASK 1 <B-addr>
                B GET {key:16961}y => -MOVED 1 <A-addr>
                B ASKING => +OK
                B SET {key:16961}y v => +OK
                B GET {key:16961}y => -MOVED 1 <A-addr>
                B ASKING => +OK
                B GET {key:16961}y => $1 v
                B ASKING => +OK
                B MGET {key:16961}y {key:16961}z => -TRYAGAIN Multiple keys request during rehashing of slot
                B ASKING => +OK
                B MGET {key:16961}y {key:16961}y => *2 $1 v $1 v
                B ASKING => +OK
                B ASKING => +OK
                B GET {key:16961}y => $1 v
                B GET {key:16961}y => -MOVED 1 <A-addr>
                B ASKING => +OK
                B MULTI => +OK
                B SET {key:16961}y w => +QUEUED
                B GET {key:16961}y => +QUEUED
                B EXEC => *2 +OK $1 w
                B GET {key:16961}y => -MOVED 1 <A-addr>
                B ASKING => +OK
                B MULTI => +OK
                B SET {key:16961}z w => +QUEUED
                B GET {key:16961}y => +QUEUED
                B EXEC => -TRYAGAIN Multiple keys request during rehashing of slot
                B ASKING => +OK
                B MULTI => +OK
                B GET {key:16961}y => +QUEUED
                B GET key:0 => -MOVED 2592 <A-addr>
                B EXEC => -EXECABORT Transaction discarded because of previous errors.
                B ASKING => +OK
                B GET key:0 => -MOVED 2592 <A-addr>
                B GET {key:16961}y => -MOVED 1 <A-addr>
                B ASKING => +OK
                B NOSUCH => -ERR unknown command 'NOSUCH', with args beginning with: 
                B GET {key:16961}y => -MOVED 1 <A-addr>
                B ASKING => +OK
                B DEL {key:16961}y => :1
                A DEL {key:16961}x => :1
                A CLUSTER SETSLOT 1 STABLE => +OK
                B CLUSTER SETSLOT 1 STABLE => +OK
                """;
        assertThat(redis.transcript(script)).isEqualTo(expected);
        assertThat(slotkv.transcript(script)).isEqualTo(expected);
    }

    @Test
    void redisCliClusterCheckWarnsAboutOpenSlots() {
        for (Trio trio : List.of(slotkv, redis)) {
            assertThat(trio.call("B", "CLUSTER", "SETSLOT", "400", "IMPORTING", trio.id("A"))).isEqualTo("+OK\r\n");
            assertThat(trio.call("A", "CLUSTER", "SETSLOT", "400", "MIGRATING", trio.id("B"))).isEqualTo("+OK\r\n");
            assertThat(trio.checkWarnings()).containsExactly(
                    "[WARNING] Node <A-addr> has slots in migrating state 400.",
                    "[WARNING] Node <B-addr> has slots in importing state 400.",
                    "[WARNING] The following slots are open: 400.");
            assertThat(trio.call("A", "CLUSTER", "SETSLOT", "400", "STABLE")).isEqualTo("+OK\r\n");
            assertThat(trio.call("B", "CLUSTER", "SETSLOT", "400", "STABLE")).isEqualTo("+OK\r\n");
            assertThat(trio.checkWarnings()).isEmpty();
        }
    }

    // ================================================================ slotkv alone

    @Test
    void openSlotsSurviveARestart() throws IOException {
        assertThat(slotkv.call("B", "CLUSTER", "SETSLOT", "200", "IMPORTING", slotkv.id("A"))).isEqualTo("+OK\r\n");
        assertThat(slotkv.call("A", "CLUSTER", "SETSLOT", "200", "MIGRATING", slotkv.id("B"))).isEqualTo("+OK\r\n");
        assertThat(Files.readString(slotkvNodes.get(0).config))
                .contains(" myself,master ").contains(" connected 0-8191 [200->-" + slotkv.id("B") + "]\n");
        assertThat(Files.readString(slotkvNodes.get(1).config))
                .contains(" connected 8192-16383 [200-<-" + slotkv.id("A") + "]\n");
        slotkvNodes.get(0).restart();
        slotkvNodes.get(1).restart();
        assertThat(slotkv.call("A", "CLUSTER", "MYID")).isEqualTo("$40\r\n" + slotkv.id("A") + "\r\n");
        assertThat(slotkv.ownSlots("A")).isEqualTo("0-8191 [200->-<B>]");
        assertThat(slotkv.ownSlots("B")).isEqualTo("8192-16383 [200-<-<A>]");
        awaitAgreement(slotkv);
        assertThat(slotkv.call("A", "CLUSTER", "SETSLOT", "200", "STABLE")).isEqualTo("+OK\r\n");
        assertThat(slotkv.call("B", "CLUSTER", "SETSLOT", "200", "STABLE")).isEqualTo("+OK\r\n");
        assertThat(Files.readString(slotkvNodes.get(0).config)).doesNotContain("[");
    }

    @Test
    void theImportingNodeTakesTheSlotWithANewEpochAndEveryoneKnowsAtOnce() {
        moveWithBump(300, "A", "B");
        moveWithBump(300, "B", "A");
        awaitAgreement(slotkv);
    }

    /**
     * Moves {@code slot}, holding a key on the source, from {@code source} to {@code target}: the source first
     * takes the greatest epoch (unless it has it already), so that the target must bump its own when it closes
     * the import. The key left on
     * the source goes when it learns it lost the slot, as in Redis.
     */
    private void moveWithBump(int slot, String source, String target) {
        String s = Integer.toString(slot);
        String key = keyIn(slot);
        assertThat(slotkv.call(source, "CLUSTER", "BUMPEPOCH")).matches("\\+(BUMPED|STILL) \\d+\r\n");
        long greatest = Long.parseLong(slotkv.info(source, "cluster_my_epoch"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> slotkv.info(target, "cluster_current_epoch").equals(Long.toString(greatest)));
        assertThat(slotkv.call(source, "SET", key, "left behind")).isEqualTo("+OK\r\n");
        assertThat(slotkv.call(target, "CLUSTER", "SETSLOT", s, "IMPORTING", slotkv.id(source))).isEqualTo("+OK\r\n");
        assertThat(slotkv.call(source, "CLUSTER", "SETSLOT", s, "MIGRATING", slotkv.id(target))).isEqualTo("+OK\r\n");

        long pongs = Long.parseLong(slotkv.info(target, "cluster_stats_messages_pong_sent"));
        assertThat(slotkv.call(target, "CLUSTER", "SETSLOT", s, "NODE", slotkv.id(target))).isEqualTo("+OK\r\n");
        assertThat(slotkv.info(target, "cluster_my_epoch")).isEqualTo(Long.toString(greatest + 1));
        assertThat(Long.parseLong(slotkv.info(target, "cluster_stats_messages_pong_sent")))
                .as("a PONG to each of the two other nodes").isGreaterThanOrEqualTo(pongs + 2);
        assertThat(slotkv.myLine(target)).doesNotContain("[");

        String owner = slotkv.id(target) + " .* " + (greatest + 1) + " connected .*";
        for (String viewer : List.of(source, "C")) {
            await().atMost(AT_ONCE).pollInterval(Duration.ofMillis(20)).untilAsserted(() ->
                    assertThat(slotkv.nodesLines(viewer)).anyMatch(line -> line.matches(owner) && owns(line, slot)));
        }
        assertThat(slotkv.call(source, "CLUSTER", "COUNTKEYSINSLOT", s)).as("the source dropped the key")
                .isEqualTo(":0\r\n");
        assertThat(slotkv.myLine(source)).as("Redis 7.0 keeps the source's mark until NODE")
                .endsWith(" [" + s + "->-" + slotkv.id(target) + "]");
        assertThat(slotkv.call(source, "CLUSTER", "SETSLOT", s, "NODE", slotkv.id(target))).isEqualTo("+OK\r\n");
        assertThat(slotkv.myLine(source)).doesNotContain("[");
    }

    /** Whether the CLUSTER NODES {@code line} lists {@code slot}, alone or in a range. */
    private static boolean owns(String line, int slot) {
        for (String field : fieldsFrom(line, 8).split(" ")) {
            if (field.matches("\\d+(-\\d+)?")) {
                String[] bounds = field.split("-");
                if (Integer.parseInt(bounds[0]) <= slot && slot <= Integer.parseInt(bounds[bounds.length - 1])) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A key that hashes to {@code slot}. */
    private static String keyIn(int slot) {
        for (int i = 0; ; i++) {
            String key = "key:" + i;
            if (HashSlot.of(key.getBytes(StandardCharsets.UTF_8)) == slot) {
                return key;
            }
        }
    }
}
