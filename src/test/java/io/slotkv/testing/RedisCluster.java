package io.slotkv.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * A Redis Cluster of real server processes on loopback, all masters, run either by Debian's redis-server (the
 * reference) or by slotkv-server. Both are built and inspected by the same steps, with redis-cli --cluster, so an
 * acceptance test written against this class runs unchanged on both: passing on redis-server proves the test
 * right before it judges slotkv.
 */
public final class RedisCluster implements AutoCloseable {
    /** The server every node of a cluster runs. */
    public enum Server {
        REDIS,
        SLOTKV
    }

    /** Printed by redis-cli --cluster check when every node has the same slot table. */
    public static final String AGREE = "[OK] All nodes agree about slots configuration.";
    /** Printed by redis-cli --cluster check when every slot has an owner. */
    public static final String COVERED = "[OK] All 16384 slots covered.";

    /** Printed by redis-cli --cluster when a node answers one of its commands with an error. */
    public static final String NODE_ERROR = "replied with error";
    /** Hash slots of a cluster. */
    public static final int SLOTS = 16384;

    private static final Duration SETTLE = Duration.ofSeconds(30);

    private final Processes processes;

    private RedisCluster(Processes processes) {
        this.processes = processes;
    }

    /**
     * Starts {@code masters} nodes of {@code server} with their files under {@code dir}, makes them a cluster with
     * redis-cli --cluster create (slots split evenly in node order) and waits until every node reports it ok.
     */
    public static RedisCluster start(Server server, Path dir, int masters) {
        RedisCluster cluster = new RedisCluster(server == Server.REDIS
                ? RedisProcesses.start(dir, masters) : SlotkvProcesses.start(dir, masters));
        try {
            List<String> args = new ArrayList<>(List.of("--cluster", "create"));
            args.addAll(cluster.addresses());
            args.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            String created = cluster.cli(args.toArray(String[]::new));
            assertThat(created).as("redis-cli --cluster create").contains(COVERED);
            cluster.awaitOk();
            return cluster;
        } catch (RuntimeException | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    private void awaitOk() {
        await().atMost(SETTLE).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            for (int i = 0; i < size(); i++) {
                try (Jedis jedis = jedis(i)) {
                    String info = jedis.clusterInfo();
                    if (!info.contains("cluster_state:ok")
                            || !info.contains("cluster_known_nodes:" + size() + "\r\n")) {
                        return false;
                    }
                }
            }
            return true;
        });
    }

    public int size() {
        return processes.ports().size();
    }

    public int port(int index) {
        return processes.ports().get(index);
    }

    /** "127.0.0.1:port" of node {@code index}, as redis-cli --cluster takes it and prints it. */
    public String address(int index) {
        return "127.0.0.1:" + port(index);
    }

    public List<String> addresses() {
        return IntStream.range(0, size()).mapToObj(this::address).toList();
    }

    public List<HostAndPort> nodes() {
        return IntStream.range(0, size()).mapToObj(i -> new HostAndPort("127.0.0.1", port(i))).toList();
    }

    /** A new plain connection to node {@code index}; the caller closes it. */
    public Jedis jedis(int index) {
        return new Jedis("127.0.0.1", port(index), 10_000);
    }

    public String nodeId(int index) {
        try (Jedis jedis = jedis(index)) {
            return jedis.clusterMyId();
        }
    }

    /** What {@code redis-cli -p <first node> args...} printed. */
    public String cli(String... args) {
        return RedisCli.run(port(0), args);
    }

    /**
     * What redis-cli --cluster fix through the first node printed. It answers yes when asked whether to assign
     * unowned slots (--cluster-yes does not answer that question).
     */
    public String fix() {
        return RedisCli.run(port(0), "yes\n".repeat(4).getBytes(StandardCharsets.UTF_8), "--cluster", "fix",
                address(0));
    }

    /** redis-cli --cluster check through node {@code index}. */
    public String check(int index) {
        return cli("--cluster", "check", address(index));
    }

    /**
     * Waits until redis-cli --cluster check, through every node, finds them agreeing on a table that covers every
     * slot, with no open slot and nothing else to warn about.
     */
    public void awaitCleanCheck() {
        await().atMost(SETTLE).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (int i = 0; i < size(); i++) {
                assertThat(check(i)).contains(AGREE).contains(COVERED)
                        .doesNotContain("[WARNING]").doesNotContain("[ERR]");
            }
        });
    }

    /** The slots each node owns (by node id) as node {@code index} sees them. */
    public Map<String, BitSet> slotTable(int index) {
        try (Jedis jedis = jedis(index)) {
            return slotTable(jedis.clusterNodes());
        }
    }

    /**
     * The slots each node owns (by node id) in the text of a CLUSTER NODES reply: from the ninth field on, a line
     * lists single slots and ranges, and the [slot->-id] and [slot-<-id] marks of open slots, which are skipped.
     */
    public static Map<String, BitSet> slotTable(String clusterNodes) {
        Map<String, BitSet> table = new LinkedHashMap<>();
        for (String line : clusterNodes.split("\n")) {
            String[] fields = line.strip().split(" ");
            BitSet slots = new BitSet(SLOTS);
            for (int i = 8; i < fields.length; i++) {
                if (!fields[i].startsWith("[")) {
                    String[] ends = fields[i].split("-");
                    slots.set(Integer.parseInt(ends[0]), Integer.parseInt(ends[ends.length - 1]) + 1);
                }
            }
            table.put(fields[0], slots);
        }
        return table;
    }

    /** The log of node {@code index}, for failure messages. */
    public String log(int index) {
        return processes.log(index);
    }

    @Override
    public void close() {
        processes.close();
    }

    /** kill -9 of node {@code index} (slotkv nodes only). */
    public void kill(int index) {
        processes.kill(index);
    }

    /** Starts node {@code index} again after {@link #kill}, with its data and nodes.conf (slotkv nodes only). */
    public void restart(int index) {
        processes.restart(index);
    }

    /** The server processes behind a cluster, before and after they are joined. */
    private interface Processes extends AutoCloseable {
        List<Integer> ports();

        default void kill(int index) {
            throw new UnsupportedOperationException("only slotkv nodes are killed and restarted by tests");
        }

        default void restart(int index) {
            kill(index);
        }

        String log(int index);

        @Override
        void close();
    }

    /** redis-server nodes, each with its own directory (and nodes.conf) under the cluster's. */
    private record RedisProcesses(Path dir, List<RealRedis> servers) implements Processes {
        static RedisProcesses start(Path dir, int count) {
            RedisProcesses processes = new RedisProcesses(dir, new ArrayList<>());
            try {
                for (int i = 0; i < count; i++) {
                    processes.servers.add(RealRedis.start(dir, "--cluster-enabled", "yes"));
                }
                return processes;
            } catch (RuntimeException e) {
                processes.close();
                throw e;
            }
        }

        @Override
        public List<Integer> ports() {
            return servers.stream().map(RealRedis::port).toList();
        }

        @Override
        public String log(int index) {
            try {
                return Files.readString(dir.resolve("redis-" + servers.get(index).port()).resolve("redis.log"));
            } catch (IOException e) {
                return e.toString();
            }
        }

        @Override
        public void close() {
            servers.forEach(RealRedis::close);
        }
    }

    /** slotkv-server nodes, as {@link LocalCluster} runs them. */
    private record SlotkvProcesses(LocalCluster nodes) implements Processes {
        static SlotkvProcesses start(Path dir, int count) {
            LocalCluster nodes = new LocalCluster(dir);
            try {
                nodes.start(count);
                return new SlotkvProcesses(nodes);
            } catch (RuntimeException e) {
                nodes.close();
                throw e;
            }
        }

        @Override
        public List<Integer> ports() {
            return IntStream.range(0, nodes.size()).mapToObj(nodes::port).toList();
        }

        @Override
        public String log(int index) {
            return nodes.log(index);
        }

        @Override
        public void kill(int index) {
            nodes.kill(index);
        }

        @Override
        public void restart(int index) {
            nodes.restart(index);
        }

        @Override
        public void close() {
            nodes.close();
        }
    }
}
