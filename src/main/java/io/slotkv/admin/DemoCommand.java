package io.slotkv.admin;

import io.slotkv.protocol.RespClient;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code slotkv demo}: an end-to-end run on a real server process. Starts slotkv on its default storage, loads
 * keys of every type, runs a mixed workload from several clients, prints what it measured, and stops the server.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start a local slotkv, load keys of every type, run a mixed workload, report, stop.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--keys", description = "Keys of each type to load (default: ${DEFAULT-VALUE}).")
    long keysPerType = 100_000;

    @Option(names = "--seconds", description = "Length of the mixed workload (default: ${DEFAULT-VALUE}).")
    int seconds = 5;

    @Option(names = "--clients", description = "Concurrent workload clients (default: ${DEFAULT-VALUE}).")
    int clients = 4;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintStream out = System.out;
        Path dir = Files.createTempDirectory("slotkv-demo");
        Path log = dir.resolve("slotkv.log");
        out.println("Starting slotkv-server (data and log in " + dir + ")");
        try (LocalServer server = LocalServer.start(dir, log)) {
            out.println("slotkv-server pid " + server.pid() + " listening on 127.0.0.1:" + server.port());
            DataLoader loader = new DataLoader(server, keysPerType);
            DataLoader.Result load = loader.loadAllTypes(out);
            Workload.Result work = new Workload(server, keysPerType, clients).run(seconds, out);
            report(out, server, load, work);
        }
        out.println("Server stopped.");
        return 0;
    }

    private static void report(PrintStream out, LocalServer server, DataLoader.Result load, Workload.Result work)
            throws IOException {
        try (RespClient client = server.client()) {
            long keys = (Long) client.call("DBSIZE");
            String memory = RespClient.text(client.call("INFO", "memory"));
            long used = infoField(memory, "used_memory");
            long rss = infoField(memory, "used_memory_rss");
            out.println();
            out.println("Summary");
            out.printf(Locale.ROOT, "  keys              %,d (%,d of each of 5 types)%n", keys, load.keysPerType());
            out.printf(Locale.ROOT, "  load              %,d commands in %.2f s: %,.0f ops/s (pipelined)%n",
                    load.commands(), load.seconds(), load.commands() / load.seconds());
            out.printf(Locale.ROOT, "  mixed workload    %,d ops in %.1f s by %d clients: %,.0f ops/s%n",
                    work.operations(), work.seconds(), work.clients(), work.operations() / work.seconds());
            out.printf(Locale.ROOT, "  latency           p50 %.3f ms, p99 %.3f ms, max %.3f ms%n",
                    work.p50Micros() / 1000.0, work.p99Micros() / 1000.0, work.maxMicros() / 1000.0);
            out.printf(Locale.ROOT, "  errors            %d%n", work.errors());
            out.printf(Locale.ROOT, "  memory            used %s (JVM heap), rss %s%n", human(used), human(rss));
        }
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
