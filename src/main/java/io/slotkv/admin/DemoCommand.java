package io.slotkv.admin;

import io.slotkv.protocol.RespClient;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code slotkv demo}: an end-to-end run on real server processes. Starts a local cluster of slotkv nodes on the
 * default (RocksDB) storage, forms it with slotkv's own code, shows the slot map, loads keys of every type through
 * a cluster client, runs a mixed workload from several clients, then (when redis-cli is installed) moves slots
 * with {@code redis-cli --cluster reshard} while writers keep writing, checks that every acknowledged write is
 * there exactly once, prints what it measured, and stops the nodes.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start a local slotkv cluster, load keys of every type, run a mixed workload, reshard under "
                + "live writes with redis-cli, verify, report, stop.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--nodes", description = "Cluster nodes (masters) to start (default: ${DEFAULT-VALUE}).")
    int nodeCount = 3;

    @Option(names = "--keys", description = "Keys of each type to load (default: ${DEFAULT-VALUE}).")
    long keysPerType = 100_000;

    @Option(names = "--seconds", description = "Length of the mixed workload (default: ${DEFAULT-VALUE}).")
    int seconds = 5;

    @Option(names = "--clients", description = "Concurrent workload clients (default: ${DEFAULT-VALUE}).")
    int clients = 4;

    @Option(names = "--reshard-slots",
            description = "Slots to move from node 1 to node 2 under live writes (default: ${DEFAULT-VALUE}).")
    int reshardSlots = 500;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintStream out = System.out;
        Path dir = Files.createTempDirectory("slotkv-demo");
        out.println("Starting " + nodeCount + " slotkv-server nodes in cluster mode (data and logs in " + dir + ")");
        List<LocalServer> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < nodeCount; i++) {
                int port = LocalServer.freeClusterPort();
                Path nodeDir = Files.createDirectories(dir.resolve("node-" + port));
                nodes.add(LocalServer.start(nodeDir, dir.resolve("node-" + port + ".log"), port,
                        "--cluster-enabled", "yes", "--cluster-node-timeout", "5000"));
                out.println("  node " + (i + 1) + ": pid " + nodes.get(i).pid() + ", 127.0.0.1:" + port);
            }
            ClusterCreator.create(nodes, 30_000);
            out.println("Cluster formed:");
            printSlotMap(out, nodes);
            ClusterClients connections = () -> new ClusterClient("127.0.0.1", nodes.get(0).port());
            DataLoader.Result load = new DataLoader(connections, keysPerType).loadAllTypes(out);
            Workload.Result work = new Workload(connections, keysPerType, clients).run(seconds, out);
            report(out, nodes, load, work);
            Path cli = RedisCliReshard.find();
            if (cli == null) {
                out.println("redis-cli not found: skipping the reshard (Debian: apt-get install redis-tools)");
            } else if (!reshardUnderWrites(out, nodes, connections, cli)) {
                return 1;
            }
        } finally {
            nodes.forEach(LocalServer::close);
        }
        out.println("Cluster stopped.");
        return 0;
    }

    /**
     * Moves slots from the first node to the second with redis-cli while {@link LiveWriter}s write, then checks
     * the writers' record, the key count and redis-cli's check; true when all is well.
     */
    private boolean reshardUnderWrites(PrintStream out, List<LocalServer> nodes, ClusterClients connections,
            Path cli) throws IOException, InterruptedException {
        String seed = "127.0.0.1:" + nodes.get(0).port();
        long keysBefore = totalKeys(nodes);
        out.println();
        out.printf(Locale.ROOT, "Resharding %d slots from node 1 to node 2 with redis-cli while 4 writers write%n",
                reshardSlots);
        LiveWriter writer = new LiveWriter(connections, 4);
        writer.start();
        long started = System.nanoTime();
        int code = RedisCliReshard.reshard(cli, seed, myId(nodes.get(0)), myId(nodes.get(1)), reshardSlots, out);
        double seconds = (System.nanoTime() - started) / 1e9;
        Thread.sleep(500);
        writer.stop();
        List<String> problems = writer.verify();
        long keysAfter = totalKeys(nodes);
        long expected = keysBefore + writer.keys();
        String check = RedisCliReshard.check(cli, seed);
        boolean checkClean = check.contains("[OK] All nodes agree about slots configuration.")
                && check.contains("[OK] All 16384 slots covered.") && !check.contains("[ERR]")
                && !check.contains("[WARNING]");
        out.printf(Locale.ROOT, "  reshard           redis-cli exit %d, %.1f s%n", code, seconds);
        out.printf(Locale.ROOT, "  live writes       %,d acknowledged, %d errors%n", writer.acknowledged(),
                writer.errors());
        out.printf(Locale.ROOT, "  verification      %s%n", problems.isEmpty()
                ? "every acknowledged write present exactly once" : problems.size() + " problems");
        problems.stream().limit(10).forEach(problem -> out.println("    " + problem));
        out.printf(Locale.ROOT, "  keys              %,d after, %,d expected%n", keysAfter, expected);
        out.printf(Locale.ROOT, "  cluster check     %s%n", checkClean ? "clean" : "NOT clean:\n" + check);
        printSlotMap(out, nodes);
        return code == 0 && problems.isEmpty() && writer.errors() == 0 && keysAfter == expected && checkClean;
    }

    private static String myId(LocalServer node) throws IOException {
        try (RespClient client = node.client()) {
            return RespClient.text(client.call("CLUSTER", "MYID"));
        }
    }

    private static long totalKeys(List<LocalServer> nodes) throws IOException {
        long keys = 0;
        for (LocalServer node : nodes) {
            try (RespClient client = node.client()) {
                keys += (Long) client.call("DBSIZE");
            }
        }
        return keys;
    }

    /** One line per node: its id, address and slot ranges, from CLUSTER NODES of the first node. */
    private static void printSlotMap(PrintStream out, List<LocalServer> nodes) throws IOException {
        try (RespClient client = nodes.get(0).client()) {
            for (String line : RespClient.text(client.call("CLUSTER", "NODES")).split("\n")) {
                String[] fields = line.split(" ");
                String slots = String.join(" ", java.util.Arrays.copyOfRange(fields, 8, fields.length));
                out.printf(Locale.ROOT, "  %s  %-22s slots %s%n", fields[0].substring(0, 8),
                        fields[1].replaceAll("@.*", ""), slots);
            }
        }
    }

    private static void report(PrintStream out, List<LocalServer> nodes, DataLoader.Result load,
            Workload.Result work) throws IOException {
        long keys = 0;
        long used = 0;
        StringBuilder perNode = new StringBuilder();
        for (LocalServer node : nodes) {
            try (RespClient client = node.client()) {
                long nodeKeys = (Long) client.call("DBSIZE");
                keys += nodeKeys;
                used += infoField(RespClient.text(client.call("INFO", "memory")), "used_memory");
                perNode.append(String.format(Locale.ROOT, " %,d", nodeKeys));
            }
        }
        out.println();
        out.println("Summary");
        out.printf(Locale.ROOT, "  keys              %,d (%,d of each of 5 types; per node:%s)%n", keys,
                load.keysPerType(), perNode);
        out.printf(Locale.ROOT, "  load              %,d commands in %.2f s: %,.0f ops/s (pipelined)%n",
                load.commands(), load.seconds(), load.commands() / load.seconds());
        out.printf(Locale.ROOT, "  mixed workload    %,d ops in %.1f s by %d clients: %,.0f ops/s%n",
                work.operations(), work.seconds(), work.clients(), work.operations() / work.seconds());
        out.printf(Locale.ROOT, "  latency           p50 %.3f ms, p99 %.3f ms, max %.3f ms%n",
                work.p50Micros() / 1000.0, work.p99Micros() / 1000.0, work.maxMicros() / 1000.0);
        out.printf(Locale.ROOT, "  errors            %d%n", work.errors());
        out.printf(Locale.ROOT, "  memory            %s of JVM heap over %d nodes%n", human(used), nodes.size());
    }

    static long infoField(String info, String name) {
        for (String line : info.split("\r\n")) {
            if (line.startsWith(name + ":")) {
                return Long.parseLong(line.substring(name.length() + 1).trim());
            }
        }
        return -1;
    }

    private static String human(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
    }
}
