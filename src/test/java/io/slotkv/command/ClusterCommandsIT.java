package io.slotkv.command;

import static io.slotkv.testing.RespText.NULL_BULK;
import static io.slotkv.testing.RespText.OK;
import static io.slotkv.testing.RespText.array;
import static io.slotkv.testing.RespText.bulk;
import static io.slotkv.testing.RespText.error;
import static io.slotkv.testing.RespText.integer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.slotkv.protocol.HashSlot;
import io.slotkv.testing.Ports;
import io.slotkv.testing.RawConnection;
import io.slotkv.testing.RedisCli;
import io.slotkv.testing.Resp3;
import io.slotkv.testing.ServerExtension;
import io.slotkv.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.exceptions.JedisMovedDataException;
import redis.clients.jedis.resps.ClusterShardInfo;
import redis.clients.jedis.resps.ClusterShardNodeInfo;

/**
 * The CLUSTER command family, READONLY, READWRITE and ASKING, checked against the replies of Debian's
 * redis-server 7.0 (exact bytes in RESP2 and RESP3): without cluster mode, on one lone cluster node, and on three
 * in-process nodes joined with CLUSTER MEET, where real clients (a plain Jedis, JedisCluster, redis-cli --cluster)
 * must see a consistent cluster.
 */
class ClusterCommandsIT {
    private static final String DISABLED = "ERR This instance has cluster support disabled";

    @TempDir
    static Path dir;

    @RegisterExtension
    static final ServerExtension standalone = new ServerExtension();

    /** A cluster node in this JVM, its bus port and nodes.conf. */
    record Node(TestServer server, int busPort, Path config) implements AutoCloseable {
        static Node start(String name, int nodeTimeout) {
            int busPort = Ports.free();
            Path config = dir.resolve("nodes-" + name + ".conf");
            return new Node(TestServer.start("cluster-enabled yes", "cluster-port " + busPort,
                    "cluster-config-file " + config, "cluster-node-timeout " + nodeTimeout), busPort, config);
        }

        int port() {
            return server.port();
        }

        /** The exact RESP2 reply. */
        String call(String... args) {
            try (RawConnection connection = new RawConnection(port())) {
                return connection.call(args);
            }
        }

        /** The exact RESP3 reply. */
        String call3(String... args) {
            try (RawConnection connection = new RawConnection(port())) {
                connection.call("HELLO", "3");
                return connection.call(args);
            }
        }

        /** The text of a bulk or verbatim reply. */
        String text(String... args) {
            String reply = call(args);
            assertThat(reply).as(String.join(" ", args)).startsWith("$");
            return reply.substring(reply.indexOf("\r\n") + 2, reply.length() - 2);
        }

        String id() {
            return text("CLUSTER", "MYID");
        }

        /** One CLUSTER INFO field. */
        String info(String field) {
            for (String line : text("CLUSTER", "INFO").split("\r\n")) {
                if (line.startsWith(field + ":")) {
                    return line.substring(field.length() + 1);
                }
            }
            throw new AssertionError("no " + field + " in CLUSTER INFO");
        }

        void awaitOk() {
            await().atMost(Duration.ofSeconds(30)).until(() -> info("cluster_state").equals("ok"));
        }

        @Override
        public void close() {
            server.close();
        }
    }

    // ---------------------------------------------------------------- helpers for expected replies

    /** A map reply: {@code %n} in RESP3, a flat array in RESP2. */
    private static String map(boolean resp3, String... keysAndValues) {
        return (resp3 ? "%" + keysAndValues.length / 2 + "\r\n" : "*" + keysAndValues.length + "\r\n")
                + String.join("", keysAndValues);
    }

    /** A verbatim string in RESP3, a bulk string in RESP2. */
    private static String text(boolean resp3, String text) {
        return resp3 ? "=" + (text.length() + 4) + "\r\ntxt:" + text + "\r\n" : bulk(text);
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

    // ================================================================ without cluster mode

    @Nested
    class WithoutClusterMode {
        @Test
        void everySubcommandAndConnectionCommandSaysClusterSupportIsDisabled() {
            List<String> commands = List.of("CLUSTER HELP", "CLUSTER INFO", "CLUSTER MYID", "CLUSTER MYSHARDID",
                    "CLUSTER NODES", "CLUSTER SLOTS", "CLUSTER SHARDS", "CLUSTER LINKS", "CLUSTER KEYSLOT k",
                    "CLUSTER COUNTKEYSINSLOT 1", "CLUSTER GETKEYSINSLOT 1 1", "CLUSTER ADDSLOTS 1",
                    "CLUSTER ADDSLOTSRANGE 1 2", "CLUSTER ADDSLOTSRANGE 1 2 3", "CLUSTER DELSLOTS 1",
                    "CLUSTER DELSLOTSRANGE 1 2", "CLUSTER FLUSHSLOTS", "CLUSTER MEET 127.0.0.1 7000",
                    "CLUSTER MEET 127.0.0.1 7000 1 2", "CLUSTER FORGET x", "CLUSTER RESET", "CLUSTER RESET bogus",
                    "CLUSTER SET-CONFIG-EPOCH 1", "CLUSTER BUMPEPOCH", "CLUSTER SAVECONFIG",
                    "CLUSTER COUNT-FAILURE-REPORTS x", "CLUSTER SETSLOT 1 STABLE", "CLUSTER SETSLOT x bogus",
                    "READONLY", "READWRITE", "ASKING");
            try (RawConnection connection = new RawConnection(standalone.port())) {
                for (String command : commands) {
                    assertThat(connection.call(command.split(" "))).as(command).isEqualTo(error(DISABLED));
                }
            }
        }

        @Test
        void arityAndUnknownSubcommandsAreCheckedFirst() {
            try (RawConnection connection = new RawConnection(standalone.port())) {
                assertThat(connection.call("CLUSTER"))
                        .isEqualTo(error("ERR wrong number of arguments for 'cluster' command"));
                assertThat(connection.call("CLUSTER", "KEYSLOT"))
                        .isEqualTo(error("ERR wrong number of arguments for 'cluster|keyslot' command"));
                assertThat(connection.call("CLUSTER", "INFO", "x"))
                        .isEqualTo(error("ERR wrong number of arguments for 'cluster|info' command"));
                assertThat(connection.call("CLUSTER", "SETSLOT", "1"))
                        .isEqualTo(error("ERR wrong number of arguments for 'cluster|setslot' command"));
                assertThat(connection.call("READONLY", "x"))
                        .isEqualTo(error("ERR wrong number of arguments for 'readonly' command"));
                assertThat(connection.call("ASKING", "x"))
                        .isEqualTo(error("ERR wrong number of arguments for 'asking' command"));
                assertThat(connection.call("CLUSTER", "nosuch"))
                        .isEqualTo(error("ERR unknown subcommand 'nosuch'. Try CLUSTER HELP."));
            }
        }
    }

    // ================================================================ one node

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OneNode {
        private Node node;

        @BeforeAll
        void start() {
            node = Node.start("lone", 3000); // handshakes last 3 s; cluster_state turns ok 3 s after full coverage
        }

        @AfterAll
        void stop() {
            node.close();
        }

        /** Every test starts on an empty node alone in its cluster, with a fresh id and no slots. */
        @BeforeEach
        void reset() {
            assertThat(node.call("FLUSHALL")).isEqualTo(OK);
            assertThat(node.call("CLUSTER", "RESET", "HARD")).isEqualTo(OK);
        }

        @Test
        void myidAndMyshardidAreStableHexIdsThatAHardResetRenews() {
            String id = node.id();
            String shard = node.text("CLUSTER", "MYSHARDID");
            assertThat(id).matches("[0-9a-f]{40}");
            assertThat(shard).matches("[0-9a-f]{40}").isNotEqualTo(id);
            assertThat(node.text("CLUSTER", "MYSHARDID")).isEqualTo(shard);
            assertThat(node.call("CLUSTER", "RESET", "SOFT")).isEqualTo(OK);
            assertThat(node.id()).isEqualTo(id);
            assertThat(node.text("CLUSTER", "MYSHARDID")).isEqualTo(shard);
            assertThat(node.call("CLUSTER", "RESET", "hard")).isEqualTo(OK);
            assertThat(node.id()).matches("[0-9a-f]{40}").isNotEqualTo(id);
            assertThat(node.text("CLUSTER", "MYSHARDID")).matches("[0-9a-f]{40}").isNotEqualTo(shard);
            try (Jedis jedis = Resp3.jedis(node.port())) {
                assertThat(jedis.clusterMyId()).isEqualTo(node.id());
                assertThat(jedis.clusterMyShardId()).isEqualTo(node.text("CLUSTER", "MYSHARDID"));
            }
        }

        @Test
        void nodesDescribesTheLoneNodeAsBulkOrVerbatimText() {
            String line = node.id() + " :" + node.port() + "@" + node.busPort()
                    + " myself,master - 0 0 0 connected\n";
            assertThat(node.call("CLUSTER", "NODES")).isEqualTo(text(false, line));
            assertThat(node.call3("CLUSTER", "NODES")).isEqualTo(text(true, line));
            node.call("CLUSTER", "ADDSLOTSRANGE", "0", "99", "101", "101");
            assertThat(node.text("CLUSTER", "NODES"))
                    .isEqualTo(line.replace("connected\n", "connected 0-99 101\n"));
        }

        @Test
        void infoReportsTheStateAsBulkOrVerbatimText() {
            String head = "cluster_state:fail\r\ncluster_slots_assigned:0\r\ncluster_slots_ok:0\r\n"
                    + "cluster_slots_pfail:0\r\ncluster_slots_fail:0\r\ncluster_known_nodes:1\r\ncluster_size:0\r\n"
                    + "cluster_current_epoch:0\r\ncluster_my_epoch:0\r\n";
            String stats = "(cluster_stats_messages_[a-z_]+:\\d+\r\n)*";
            String tail = "total_cluster_links_buffer_limit_exceeded:0\r\n";
            assertThat(node.call("CLUSTER", "INFO")).matches("(?s)\\$\\d+\r\n" + head + stats + tail + "\r\n");
            assertThat(node.call3("CLUSTER", "INFO")).matches("(?s)=\\d+\r\ntxt:" + head + stats + tail + "\r\n");
            node.call("CLUSTER", "ADDSLOTSRANGE", "0", "16383");
            assertThat(node.info("cluster_slots_assigned")).isEqualTo("16384");
            assertThat(node.info("cluster_size")).isEqualTo("1");
        }

        @Test
        void slotsListsRunsOfSlotsWithTheirOwner() {
            assertThat(node.call("CLUSTER", "SLOTS")).isEqualTo("*0\r\n");
            assertThat(node.call("CLUSTER", "ADDSLOTSRANGE", "0", "99")).isEqualTo(OK);
            assertThat(node.call("CLUSTER", "ADDSLOTS", "202", "200")).isEqualTo(OK);
            for (boolean resp3 : new boolean[] {false, true}) {
                String owner = array(bulk(""), integer(node.port()), bulk(node.id()), map(resp3));
                String expected = array(array(integer(0), integer(99), owner),
                        array(integer(200), integer(200), owner), array(integer(202), integer(202), owner));
                assertThat(resp3 ? node.call3("CLUSTER", "SLOTS") : node.call("CLUSTER", "SLOTS")).isEqualTo(expected);
            }
        }

        @Test
        void shardsListsEachMasterWithFlatSlotPairsAndNodeDetails() {
            node.call("CLUSTER", "ADDSLOTSRANGE", "0", "99", "200", "200", "202", "202");
            for (boolean resp3 : new boolean[] {false, true}) {
                String details = map(resp3, bulk("id"), bulk(node.id()), bulk("port"), integer(node.port()),
                        bulk("ip"), bulk(""), bulk("endpoint"), bulk(""), bulk("role"), bulk("master"),
                        bulk("replication-offset"), integer(0), bulk("health"), bulk("online"));
                String expected = array(map(resp3, bulk("slots"),
                        array(integer(0), integer(99), integer(200), integer(200), integer(202), integer(202)),
                        bulk("nodes"), array(details)));
                assertThat(resp3 ? node.call3("CLUSTER", "SHARDS") : node.call("CLUSTER", "SHARDS"))
                        .isEqualTo(expected);
            }
            node.call("CLUSTER", "FLUSHSLOTS");
            assertThat(node.call("CLUSTER", "SHARDS")).startsWith("*1\r\n*4\r\n$5\r\nslots\r\n*0\r\n$5\r\nnodes\r\n");
        }

        @Test
        void keyslotHashesTheKeyOrItsTag() {
            assertThat(node.call("CLUSTER", "KEYSLOT", "123456789")).isEqualTo(integer(0x31C3));
            assertThat(node.call("CLUSTER", "KEYSLOT", "foo")).isEqualTo(integer(12182));
            assertThat(node.call("CLUSTER", "KEYSLOT", "{user}a")).isEqualTo(integer(5474));
            assertThat(node.call("CLUSTER", "KEYSLOT", "{user}b")).isEqualTo(integer(5474));
            assertThat(node.call("CLUSTER", "KEYSLOT", "")).isEqualTo(integer(0));
            assertThat(node.call("CLUSTER", "KEYSLOT"))
                    .isEqualTo(error("ERR wrong number of arguments for 'cluster|keyslot' command"));
        }

        @Test
        void addAndDeleteSlotsCheckEverythingBeforeChangingAnything() {
            assertThat(node.call("CLUSTER", "ADDSLOTS", "5", "6", "5"))
                    .isEqualTo(error("ERR Slot 5 specified multiple times"));
            String invalid = error("ERR Invalid or out of range slot");
            assertThat(node.call("CLUSTER", "ADDSLOTS", "5", "abc")).isEqualTo(invalid);
            assertThat(node.call("CLUSTER", "ADDSLOTS", "16384")).isEqualTo(invalid);
            assertThat(node.call("CLUSTER", "ADDSLOTS", "-1")).isEqualTo(invalid);
            assertThat(node.call("CLUSTER", "ADDSLOTSRANGE", "0", "10", "5", "2"))
                    .isEqualTo(error("ERR start slot number 5 is greater than end slot number 2"));
            assertThat(node.call("CLUSTER", "ADDSLOTSRANGE", "0", "10", "10", "12"))
                    .isEqualTo(error("ERR Slot 10 specified multiple times"));
            assertThat(node.call("CLUSTER", "ADDSLOTSRANGE", "1", "2", "3"))
                    .isEqualTo(error("ERR wrong number of arguments for 'cluster|addslotsrange' command"));
            assertThat(node.call("CLUSTER", "DELSLOTSRANGE", "1", "2", "3"))
                    .isEqualTo(error("ERR wrong number of arguments for 'cluster|delslotsrange' command"));
            assertThat(node.call("CLUSTER", "DELSLOTS", "7")).isEqualTo(error("ERR Slot 7 is already unassigned"));
            assertThat(node.info("cluster_slots_assigned")).isEqualTo("0");

            assertThat(node.call("CLUSTER", "ADDSLOTSRANGE", "0", "9", "20", "29")).isEqualTo(OK);
            assertThat(node.call("CLUSTER", "ADDSLOTS", "30", "9")).isEqualTo(error("ERR Slot 9 is already busy"));
            assertThat(node.call("CLUSTER", "DELSLOTS", "0", "10"))
                    .isEqualTo(error("ERR Slot 10 is already unassigned"));
            assertThat(node.info("cluster_slots_assigned")).isEqualTo("20");
            assertThat(node.call("CLUSTER", "DELSLOTS", "0", "9")).isEqualTo(OK);
            assertThat(node.call("CLUSTER", "DELSLOTSRANGE", "20", "24", "26", "29")).isEqualTo(OK);
            assertThat(node.text("CLUSTER", "NODES")).endsWith(" connected 1-8 25\n");
            assertThat(node.call("CLUSTER", "FLUSHSLOTS")).isEqualTo(OK);
            assertThat(node.info("cluster_slots_assigned")).isEqualTo("0");
        }

        @Test
        void keysInASlotAreCountedAndListedAndBlockFlushslotsAndReset() {
            node.call("CLUSTER", "ADDSLOTSRANGE", "0", "16383");
            node.awaitOk();
            String tag = "{" + keyIn(100) + "}";
            for (String key : List.of(tag + "a", tag + "b", tag + "c", keyIn(101))) {
                assertThat(node.call("SET", key, "v")).isEqualTo(OK);
            }
            assertThat(node.call("CLUSTER", "COUNTKEYSINSLOT", "100")).isEqualTo(integer(3));
            assertThat(node.call("CLUSTER", "COUNTKEYSINSLOT", "101")).isEqualTo(integer(1));
            assertThat(node.call("CLUSTER", "COUNTKEYSINSLOT", "102")).isEqualTo(integer(0));
            try (Jedis jedis = node.server().jedis(); Jedis jedis3 = Resp3.jedis(node.port())) {
                assertThat(jedis.clusterGetKeysInSlot(100, 10)).containsExactlyInAnyOrder(tag + "a", tag + "b",
                        tag + "c");
                assertThat(jedis3.clusterGetKeysInSlot(100, 10)).hasSize(3);
                assertThat(jedis.clusterGetKeysInSlot(100, 2)).hasSize(2).isSubsetOf(tag + "a", tag + "b", tag + "c");
                assertThat(jedis.clusterGetKeysInSlot(101, 10)).containsExactly(keyIn(101));
            }
            assertThat(node.call("CLUSTER", "GETKEYSINSLOT", "100", "0")).isEqualTo("*0\r\n");
            assertThat(node.call("CLUSTER", "GETKEYSINSLOT", "102", "10")).isEqualTo("*0\r\n");

            assertThat(node.call("CLUSTER", "FLUSHSLOTS"))
                    .isEqualTo(error("ERR DB must be empty to perform CLUSTER FLUSHSLOTS."));
            for (String mode : List.of("SOFT", "HARD")) {
                assertThat(node.call("CLUSTER", "RESET", mode))
                        .isEqualTo(error("ERR CLUSTER RESET can't be called with master nodes containing keys"));
            }
            assertThat(node.call("CLUSTER", "RESET"))
                    .isEqualTo(error("ERR CLUSTER RESET can't be called with master nodes containing keys"));
            assertThat(node.info("cluster_slots_assigned")).isEqualTo("16384");
            assertThat(node.call("DBSIZE")).isEqualTo(integer(4));
        }

        @Test
        void slotAndCountArgumentsAreValidated() {
            String invalid = error("ERR Invalid slot");
            String invalidOrCount = error("ERR Invalid slot or number of keys");
            String notInteger = error("ERR value is not an integer or out of range");
            assertThat(node.call("CLUSTER", "COUNTKEYSINSLOT", "-1")).isEqualTo(invalid);
            assertThat(node.call("CLUSTER", "COUNTKEYSINSLOT", "16384")).isEqualTo(invalid);
            assertThat(node.call("CLUSTER", "COUNTKEYSINSLOT", "1.5")).isEqualTo(notInteger);
            assertThat(node.call("CLUSTER", "COUNTKEYSINSLOT", "16383")).isEqualTo(integer(0));
            assertThat(node.call("CLUSTER", "GETKEYSINSLOT", "1", "-1")).isEqualTo(invalidOrCount);
            assertThat(node.call("CLUSTER", "GETKEYSINSLOT", "-1", "1")).isEqualTo(invalidOrCount);
            assertThat(node.call("CLUSTER", "GETKEYSINSLOT", "16384", "1")).isEqualTo(invalidOrCount);
            assertThat(node.call("CLUSTER", "GETKEYSINSLOT", "abc", "1")).isEqualTo(notInteger);
            assertThat(node.call("CLUSTER", "GETKEYSINSLOT", "99999", "abc")).isEqualTo(notInteger);
        }

        @Test
        void configEpochCanBeSetOnceOnALoneNodeAndBumped() {
            assertThat(node.call("CLUSTER", "BUMPEPOCH")).isEqualTo("+BUMPED 1\r\n");
            assertThat(node.call("CLUSTER", "BUMPEPOCH")).isEqualTo("+STILL 1\r\n");
            assertThat(node.call("CLUSTER", "SET-CONFIG-EPOCH", "5"))
                    .isEqualTo(error("ERR Node config epoch is already non-zero"));
            assertThat(node.call("CLUSTER", "RESET", "HARD")).isEqualTo(OK);
            assertThat(node.call("CLUSTER", "SET-CONFIG-EPOCH", "abc"))
                    .isEqualTo(error("ERR value is not an integer or out of range"));
            assertThat(node.call("CLUSTER", "SET-CONFIG-EPOCH", "-1"))
                    .isEqualTo(error("ERR Invalid config epoch specified: -1"));
            assertThat(node.call("CLUSTER", "SET-CONFIG-EPOCH", "5")).isEqualTo(OK);
            assertThat(node.info("cluster_current_epoch")).isEqualTo("5");
            assertThat(node.info("cluster_my_epoch")).isEqualTo("5");
            assertThat(node.call("CLUSTER", "BUMPEPOCH")).isEqualTo("+STILL 5\r\n");
        }

        @Test
        void saveconfigWritesNodesConfAndChangesAreSavedAnyway() throws Exception {
            assertThat(node.call("CLUSTER", "ADDSLOTSRANGE", "10", "20")).isEqualTo(OK);
            assertThat(Files.readString(node.config())).contains(node.id() + " ").contains(" 10-20");
            Files.delete(node.config());
            assertThat(node.call("CLUSTER", "SAVECONFIG")).isEqualTo(OK);
            assertThat(Files.readString(node.config())).contains(node.id() + " ").contains("myself,master");
            assertThat(node.call("CLUSTER", "SAVECONFIG", "x"))
                    .isEqualTo(error("ERR wrong number of arguments for 'cluster|saveconfig' command"));
        }

        @Test
        void meetStartsAHandshakeThatForgetEnds() {
            int port = Ports.free();
            int bus = Ports.free();
            assertThat(node.call("CLUSTER", "MEET", "127.0.0.1", Integer.toString(port), Integer.toString(bus)))
                    .isEqualTo(OK);
            String handshake = Arrays.stream(node.text("CLUSTER", "NODES").split("\n"))
                    .filter(line -> line.contains(" handshake ")).findFirst().orElseThrow();
            assertThat(handshake).matches("[0-9a-f]{40} 127\\.0\\.0\\.1:" + port + "@" + bus
                    + " handshake - \\d+ 0 0 (dis)?connected");
            assertThat(node.info("cluster_known_nodes")).isEqualTo("2");
            assertThat(node.call("CLUSTER", "FORGET", handshake.substring(0, 40))).isEqualTo(OK);
            assertThat(node.text("CLUSTER", "NODES")).doesNotContain("handshake");
            assertThat(node.call("CLUSTER", "FORGET", handshake.substring(0, 40)))
                    .isEqualTo(error("ERR Unknown node " + handshake.substring(0, 40)));
        }

        @Test
        void meetForgetAndResetRefuseBadArguments() {
            assertThat(node.call("CLUSTER", "MEET", "127.0.0.1", "abc"))
                    .isEqualTo(error("ERR Invalid TCP base port specified: abc"));
            assertThat(node.call("CLUSTER", "MEET", "127.0.0.1", "7000", "abc"))
                    .isEqualTo(error("ERR Invalid TCP bus port specified: abc"));
            assertThat(node.call("CLUSTER", "MEET", "foo", "7000"))
                    .isEqualTo(error("ERR Invalid node address specified: foo:7000"));
            assertThat(node.call("CLUSTER", "MEET", "127.0.0.1", "0"))
                    .isEqualTo(error("ERR Invalid node address specified: 127.0.0.1:0"));
            assertThat(node.call("CLUSTER", "MEET", "127.0.0.1", "60000"))
                    .as("the default bus port, 70000, is out of range")
                    .isEqualTo(error("ERR Invalid node address specified: 127.0.0.1:60000"));
            assertThat(node.call("CLUSTER", "MEET", "127.0.0.1", "1", "2", "3")).isEqualTo(
                    error("ERR unknown subcommand or wrong number of arguments for 'MEET'. Try CLUSTER HELP."));
            assertThat(node.call("cluster", "meet", "127.0.0.1")).isEqualTo(
                    error("ERR wrong number of arguments for 'cluster|meet' command"));
            assertThat(node.call("CLUSTER", "FORGET", "abc")).isEqualTo(error("ERR Unknown node abc"));
            assertThat(node.call("CLUSTER", "FORGET", node.id()))
                    .isEqualTo(error("ERR I tried hard but I can't forget myself..."));
            assertThat(node.call("CLUSTER", "RESET", "foo")).isEqualTo(error("ERR syntax error"));
            assertThat(node.call("CLUSTER", "reset", "soft", "x")).isEqualTo(
                    error("ERR unknown subcommand or wrong number of arguments for 'reset'. Try CLUSTER HELP."));
            assertThat(node.call("CLUSTER", "COUNT-FAILURE-REPORTS", "abc")).isEqualTo(error("ERR Unknown node abc"));
            assertThat(node.call("CLUSTER", "COUNT-FAILURE-REPORTS", node.id())).isEqualTo(integer(0));
            assertThat(node.info("cluster_known_nodes")).isEqualTo("1");
        }

        @Test
        void setslotChecksTheSlotThenTheActionThenTheNode() {
            String action = error("ERR Invalid CLUSTER SETSLOT action or number of arguments. Try CLUSTER HELP");
            String slot = error("ERR Invalid or out of range slot");
            assertThat(node.call("CLUSTER", "SETSLOT", "abc", "bogus")).isEqualTo(slot);
            assertThat(node.call("CLUSTER", "SETSLOT", "16384", "STABLE")).isEqualTo(slot);
            assertThat(node.call("CLUSTER", "SETSLOT", "1", "bogus")).isEqualTo(action);
            assertThat(node.call("CLUSTER", "SETSLOT", "1", "STABLE", "x")).isEqualTo(action);
            assertThat(node.call("CLUSTER", "SETSLOT", "1", "NODE")).isEqualTo(action);
            assertThat(node.call("CLUSTER", "SETSLOT", "1", "NODE", node.id(), "x")).isEqualTo(action);
            assertThat(node.call("CLUSTER", "SETSLOT", "1", "NODE", "abc")).isEqualTo(error("ERR Unknown node abc"));
            assertThat(node.call("CLUSTER", "SETSLOT", "1", "IMPORTING", "abc"))
                    .isEqualTo(error("ERR I don't know about node abc"));
            assertThat(node.call("CLUSTER", "SETSLOT", "1", "MIGRATING", node.id()))
                    .isEqualTo(error("ERR I'm not the owner of hash slot 1"));
            assertThat(node.info("cluster_slots_assigned")).isEqualTo("0");

            assertThat(node.call("CLUSTER", "SETSLOT", "1", "node", node.id())).isEqualTo(OK);
            assertThat(node.text("CLUSTER", "NODES")).endsWith(" connected 1\n");
            assertThat(node.call("CLUSTER", "SETSLOT", "1", "IMPORTING", node.id()))
                    .isEqualTo(error("ERR I'm already the owner of hash slot 1"));
            assertThat(node.call("CLUSTER", "SETSLOT", "1", "MIGRATING", node.id())).isEqualTo(OK);
            assertThat(node.text("CLUSTER", "NODES")).endsWith(" connected 1 [1->-" + node.id() + "]\n");
            assertThat(node.call("CLUSTER", "SETSLOT", "1", "stable")).isEqualTo(OK);
            assertThat(node.text("CLUSTER", "NODES")).endsWith(" connected 1\n");
        }

        @Test
        void linksIsEmptyWithoutPeers() {
            assertThat(node.call("CLUSTER", "LINKS")).isEqualTo("*0\r\n");
            assertThat(node.call3("CLUSTER", "LINKS")).isEqualTo("*0\r\n");
        }

        @Test
        void helpListsTheSubcommands() {
            for (String reply : List.of(node.call("CLUSTER", "HELP"), node.call3("CLUSTER", "help"))) {
                assertThat(reply).startsWith("*52\r\n+CLUSTER <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"
                        + "\r\n+ADDSLOTS <slot> [<slot> ...]\r\n+    Assign slots to current node.\r\n");
                assertThat(reply).contains("\r\n+MYSHARDID\r\n+    Return the node's shard id.\r\n")
                        .endsWith("\r\n+HELP\r\n+    Prints this help.\r\n");
            }
        }

        @Test
        void readonlyReadwriteAndAskingAnswerOk() {
            try (RawConnection connection = new RawConnection(node.port())) {
                assertThat(connection.call("READONLY")).isEqualTo(OK);
                assertThat(connection.call("READWRITE")).isEqualTo(OK);
                assertThat(connection.call("ASKING")).isEqualTo(OK);
                assertThat(connection.call("READONLY", "x"))
                        .isEqualTo(error("ERR wrong number of arguments for 'readonly' command"));
                assertThat(connection.call("READWRITE", "x"))
                        .isEqualTo(error("ERR wrong number of arguments for 'readwrite' command"));
            }
        }
    }

    // ================================================================ three nodes

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class ThreeNodes {
        private Node a;
        private Node b;
        private Node c;

        /** A: 0-5460, B: 5461-10922, C: 10923-16383, joined by MEETs from A. */
        @BeforeAll
        void join() {
            a = Node.start("a", 5000);
            b = Node.start("b", 5000);
            c = Node.start("c", 5000);
            for (Node other : List.of(b, c)) {
                assertThat(a.call("CLUSTER", "MEET", "127.0.0.1", Integer.toString(other.port()),
                        Integer.toString(other.busPort()))).isEqualTo(OK);
            }
            assertThat(a.call("CLUSTER", "ADDSLOTSRANGE", "0", "5460")).isEqualTo(OK);
            assertThat(b.call("CLUSTER", "ADDSLOTSRANGE", "5461", "10922")).isEqualTo(OK);
            assertThat(c.call("CLUSTER", "ADDSLOTSRANGE", "10923", "16383")).isEqualTo(OK);
            awaitAgreement();
        }

        @AfterAll
        void stop() {
            Stream.of(a, b, c).filter(n -> n != null).forEach(Node::close);
        }

        private List<Node> all() {
            return List.of(a, b, c);
        }

        /**
         * CLUSTER NODES without the ping/pong times and the myself flag, by node id: "ip:port@cport flags master
         * configEpoch link slots...".
         */
        private Map<String, String> table(Node node) {
            Map<String, String> table = new LinkedHashMap<>();
            for (String line : node.text("CLUSTER", "NODES").split("\n")) {
                List<String> fields = new ArrayList<>(List.of(line.split(" ")));
                fields.set(2, fields.get(2).replace("myself,", ""));
                fields.remove(5);
                fields.remove(4);
                table.put(fields.get(0), String.join(" ", fields.subList(1, fields.size())));
            }
            return table;
        }

        /** Every node sees the same three connected masters with the same slots and epochs, and cluster_state ok. */
        private void awaitAgreement() {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                Map<String, String> first = table(a);
                assertThat(first).hasSize(3);
                assertThat(first.values()).allMatch(entry -> entry.matches("127\\.0\\.0\\.1:\\d+@\\d+ master - \\d+ "
                        + "connected.*"));
                for (Node node : all()) {
                    assertThat(table(node)).isEqualTo(first);
                    assertThat(node.call("CLUSTER", "SLOTS")).isEqualTo(a.call("CLUSTER", "SLOTS"));
                    assertThat(node.info("cluster_state")).isEqualTo("ok");
                }
            });
        }

        /** The slots column of {@code owner}'s line in {@code viewer}'s CLUSTER NODES. */
        private String slotsOf(Node viewer, Node owner) {
            String entry = table(viewer).get(owner.id());
            return entry.substring(entry.indexOf("connected") + "connected".length()).strip();
        }

        @Test
        void nodesAndSlotsAgreeOnEveryNode() {
            for (Node viewer : all()) {
                assertThat(slotsOf(viewer, a)).isEqualTo("0-5460");
                assertThat(slotsOf(viewer, b)).isEqualTo("5461-10922");
                assertThat(slotsOf(viewer, c)).isEqualTo("10923-16383");
                assertThat(viewer.info("cluster_known_nodes")).isEqualTo("3");
                assertThat(viewer.info("cluster_size")).isEqualTo("3");
            }
            for (boolean resp3 : new boolean[] {false, true}) {
                List<String> ranges = new ArrayList<>();
                for (Node owner : all()) {
                    String slots = slotsOf(a, owner);
                    String[] bounds = slots.split("-");
                    ranges.add(array(integer(Long.parseLong(bounds[0])), integer(Long.parseLong(bounds[1])),
                            array(bulk("127.0.0.1"), integer(owner.port()), bulk(owner.id()), map(resp3))));
                }
                for (Node viewer : all()) {
                    assertThat(resp3 ? viewer.call3("CLUSTER", "SLOTS") : viewer.call("CLUSTER", "SLOTS"))
                            .isEqualTo(array(ranges.toArray(String[]::new)));
                }
            }
        }

        @Test
        void shardsDescribeEveryMasterAlikeInBothProtocols() {
            for (Jedis jedis : List.of(b.server().jedis(), Resp3.jedis(b.port()))) {
                try (jedis) {
                    List<ClusterShardInfo> shards = jedis.clusterShards();
                    assertThat(shards).hasSize(3);
                    Map<String, List<List<Long>>> slotsById = new LinkedHashMap<>();
                    for (ClusterShardInfo shard : shards) {
                        assertThat(shard.getNodes()).hasSize(1);
                        ClusterShardNodeInfo info = shard.getNodes().get(0);
                        assertThat(info.getIp()).isEqualTo("127.0.0.1");
                        assertThat(info.getEndpoint()).isEqualTo("127.0.0.1");
                        assertThat(info.getRole()).isEqualTo("master");
                        assertThat(info.getHealth()).isEqualTo("online");
                        assertThat(info.getReplicationOffset()).isZero();
                        slotsById.put(info.getId(), shard.getSlots());
                    }
                    assertThat(slotsById).containsOnly(Map.entry(a.id(), List.of(List.of(0L, 5460L))),
                            Map.entry(b.id(), List.of(List.of(5461L, 10922L))),
                            Map.entry(c.id(), List.of(List.of(10923L, 16383L))));
                }
            }
        }

        @Test
        void linksListTheConnectedOutgoingLinkToEachPeer() {
            for (Node node : all()) {
                try (Jedis jedis = Resp3.jedis(node.port())) {
                    List<Map<String, Object>> links = jedis.clusterLinks();
                    Set<String> peers = all().stream().filter(n -> n != node).map(Node::id)
                            .collect(Collectors.toSet());
                    assertThat(links).hasSize(2);
                    assertThat(links).extracting(link -> link.get("node")).containsExactlyInAnyOrderElementsOf(peers);
                    for (Map<String, Object> link : links) {
                        assertThat(link).containsOnlyKeys("direction", "node", "create-time", "events",
                                "send-buffer-allocated", "send-buffer-used");
                        assertThat(link).containsEntry("direction", "to").containsEntry("events", "r")
                                .containsEntry("send-buffer-allocated", 0L).containsEntry("send-buffer-used", 0L);
                        assertThat((Long) link.get("create-time")).isPositive();
                    }
                }
            }
            assertThat(a.call("CLUSTER", "LINKS"))
                    .startsWith("*2\r\n*12\r\n$9\r\ndirection\r\n$2\r\nto\r\n$4\r\nnode\r\n");
            assertThat(a.call3("CLUSTER", "LINKS")).startsWith("*2\r\n%6\r\n$9\r\ndirection\r\n$2\r\nto\r\n");
        }

        @Test
        void aPlainClientIsToldWhereASlotLivesAndThatKeysMustShareASlot() {
            try (Jedis jedis = a.server().jedis()) {
                String elsewhere = keyIn(6000);
                assertThatThrownBy(() -> jedis.get(elsewhere)).isInstanceOf(JedisMovedDataException.class)
                        .hasMessage("MOVED 6000 127.0.0.1:" + b.port());
                assertThatThrownBy(() -> jedis.set(keyIn(16000), "v"))
                        .hasMessage("MOVED 16000 127.0.0.1:" + c.port());
                assertThat(jedis.get(keyIn(5))).isNull();
                assertThatThrownBy(() -> jedis.mset(keyIn(0), "1", keyIn(1), "2"))
                        .hasMessage("CROSSSLOT Keys in request don't hash to the same slot");
                assertThatThrownBy(() -> jedis.mset(keyIn(0), "1", keyIn(16000), "2"))
                        .hasMessage("CROSSSLOT Keys in request don't hash to the same slot");
            }
            assertThat(RedisCli.run(a.port(), "GET", keyIn(6000)).strip())
                    .isEqualTo("MOVED 6000 127.0.0.1:" + b.port());
        }

        @Test
        void clusterClientsFindEveryKeyAndEachNodeCountsOnlyItsOwn() {
            String tag = "{" + keyIn(7000) + "}";
            try (JedisCluster cluster = new JedisCluster(new HostAndPort("127.0.0.1", c.port()))) {
                for (int i = 0; i < 30; i++) {
                    cluster.set("k" + i, "v" + i);
                }
                for (int i = 0; i < 3; i++) {
                    cluster.set(tag + i, "t");
                }
                for (int i = 0; i < 30; i++) {
                    assertThat(cluster.get("k" + i)).isEqualTo("v" + i);
                }
                assertThat(b.call("CLUSTER", "COUNTKEYSINSLOT", "7000")).isEqualTo(integer(3));
                assertThat(a.call("CLUSTER", "COUNTKEYSINSLOT", "7000")).isEqualTo(integer(0));
                try (Jedis jedis = b.server().jedis()) {
                    assertThat(jedis.clusterGetKeysInSlot(7000, 5)).containsExactlyInAnyOrder(tag + 0, tag + 1,
                            tag + 2);
                }
                assertThat(a.call("CLUSTER", "GETKEYSINSLOT", "7000", "5")).isEqualTo("*0\r\n");
                long total = 0;
                for (Node node : all()) {
                    total += Long.parseLong(node.call("DBSIZE").substring(1).strip());
                }
                assertThat(total).isEqualTo(33);
                for (int i = 0; i < 30; i++) {
                    cluster.del("k" + i);
                }
                cluster.del(tag + 0, tag + 1, tag + 2);
            }
        }

        @Test
        void redisCliClusterCheckFindsTheClusterConsistent() {
            String out = RedisCli.run(a.port(), "--cluster", "check", "127.0.0.1:" + b.port());
            assertThat(out).contains("[OK] All nodes agree about slots configuration.")
                    .contains("[OK] All 16384 slots covered.").doesNotContain("[ERR]").doesNotContain("[WARNING]");
        }

        @Test
        void setslotNodeMovesAnEmptySlotAndTheClusterFollows() {
            moveSlot(42, a, b);
            try (Jedis jedis = a.server().jedis()) {
                assertThatThrownBy(() -> jedis.get(keyIn(42))).hasMessage("MOVED 42 127.0.0.1:" + b.port());
            }
            try (Jedis jedis = b.server().jedis()) {
                assertThat(jedis.set(keyIn(42), "v")).isEqualTo("OK");
                assertThat(jedis.del(keyIn(42))).isEqualTo(1);
            }
            moveSlot(42, b, a);
            assertThat(slotsOf(c, a)).isEqualTo("0-5460");
        }

        /** Moves an empty slot as redis-cli --cluster reshard does: mark both ends, then assign on both. */
        private void moveSlot(int slot, Node from, Node to) {
            String s = Integer.toString(slot);
            assertThat(to.call("CLUSTER", "SETSLOT", s, "IMPORTING", from.id())).isEqualTo(OK);
            assertThat(from.call("CLUSTER", "SETSLOT", s, "MIGRATING", to.id())).isEqualTo(OK);
            assertThat(to.text("CLUSTER", "NODES")).contains("[" + slot + "-<-" + from.id() + "]");
            assertThat(from.text("CLUSTER", "NODES")).contains("[" + slot + "->-" + to.id() + "]");
            assertThat(to.call("CLUSTER", "SETSLOT", s, "NODE", to.id())).isEqualTo(OK);
            assertThat(from.call("CLUSTER", "SETSLOT", s, "NODE", to.id())).isEqualTo(OK);
            assertThat(to.text("CLUSTER", "NODES")).doesNotContain("-<-");
            assertThat(from.text("CLUSTER", "NODES")).doesNotContain("->-");
            awaitAgreement();
            for (Node viewer : all()) {
                try (Jedis jedis = viewer.server().jedis()) {
                    assertThat(jedis.clusterSlots()).as("slot owner seen by " + viewer.port())
                            .anySatisfy(range -> {
                                List<?> entry = (List<?>) range;
                                assertThat((Long) entry.get(0)).isLessThanOrEqualTo(slot);
                                assertThat((Long) entry.get(1)).isGreaterThanOrEqualTo(slot);
                                assertThat(((List<?>) entry.get(2)).get(1)).isEqualTo((long) to.port());
                            });
                }
            }
        }

        @Test
        void setslotNodeRefusesToGiveAwayASlotWithKeys() {
            String key = keyIn(200);
            assertThat(a.call("SET", key, "v")).isEqualTo(OK);
            assertThat(a.call("CLUSTER", "SETSLOT", "200", "NODE", b.id())).isEqualTo(error(
                    "ERR Can't assign hashslot 200 to a different node while I still hold keys for this hash slot."));
            assertThat(slotsOf(a, a)).isEqualTo("0-5460");
            assertThat(a.call("DEL", key)).isEqualTo(integer(1));
        }

        @Test
        void askingLetsOneCommandUseASlotBeingImportedAndMigratingSlotsAsk() {
            String key = keyIn(300);
            assertThat(b.call("CLUSTER", "SETSLOT", "300", "IMPORTING", a.id())).isEqualTo(OK);
            assertThat(a.call("CLUSTER", "SETSLOT", "300", "MIGRATING", b.id())).isEqualTo(OK);
            try (RawConnection connection = new RawConnection(b.port())) {
                String moved = error("MOVED 300 127.0.0.1:" + a.port());
                assertThat(connection.call("GET", key)).isEqualTo(moved);
                assertThat(connection.call("ASKING")).isEqualTo(OK);
                assertThat(connection.call("GET", key)).isEqualTo(NULL_BULK);
                assertThat(connection.call("GET", key)).as("ASKING lasts one command").isEqualTo(moved);
            }
            assertThat(a.call("GET", key)).isEqualTo(error("ASK 300 127.0.0.1:" + b.port()));
            assertThat(a.call("CLUSTER", "SETSLOT", "300", "STABLE")).isEqualTo(OK);
            assertThat(b.call("CLUSTER", "SETSLOT", "300", "STABLE")).isEqualTo(OK);
            assertThat(a.call("GET", key)).isEqualTo(NULL_BULK);
        }

        @Test
        void meetingAKnownNodeAgainAndCountingItsFailureReportsChangeNothing() {
            assertThat(b.call("CLUSTER", "MEET", "127.0.0.1", Integer.toString(c.port()),
                    Integer.toString(c.busPort()))).isEqualTo(OK);
            assertThat(b.call("CLUSTER", "COUNT-FAILURE-REPORTS", c.id())).isEqualTo(integer(0));
            assertThat(a.call("CLUSTER", "SET-CONFIG-EPOCH", "9")).isEqualTo(error(
                    "ERR The user can assign a config epoch only when the node does not know any other node."));
            awaitAgreement();
        }
    }
}
