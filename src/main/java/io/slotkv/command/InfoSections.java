package io.slotkv.command;

import io.slotkv.server.Server;
import io.slotkv.server.ServerStats;
import io.slotkv.server.Version;
import io.slotkv.store.Keyspace;
import io.slotkv.store.rocksdb.RocksEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The text of INFO: Redis's sections and field names, so tools that parse INFO (redis-cli, clients, monitoring)
 * read slotkv as they read Redis. Fields slotkv has no equivalent for keep Redis's neutral values (replication
 * offsets of a master without replicas, for example).
 */
final class InfoSections {
    /**
     * A section: its name in INFO's arguments, its "# Title" line, what writes its fields, and on which servers it
     * exists at all (the rocksdb section only on that engine).
     */
    private record Section(String name, String title, boolean inDefault, Consumer<InfoSections> writer,
            Predicate<Server> exists) {
        Section(String name, String title, boolean inDefault, Consumer<InfoSections> writer) {
            this(name, title, inDefault, writer, server -> true);
        }
    }

    /** Every section, in Redis's order; slotkv's own rocksdb section last, where Redis puts modules' sections. */
    private static final List<Section> SECTIONS = List.of(
            new Section("server", "Server", true, InfoSections::server),
            new Section("clients", "Clients", true, InfoSections::clients),
            new Section("memory", "Memory", true, InfoSections::memory),
            new Section("persistence", "Persistence", true, InfoSections::persistence),
            new Section("stats", "Stats", true, InfoSections::stats),
            new Section("replication", "Replication", true, InfoSections::replication),
            new Section("cpu", "CPU", true, InfoSections::cpu),
            new Section("modules", "Modules", true, info -> { }),
            new Section("commandstats", "Commandstats", false, InfoSections::commandstats),
            new Section("cluster", "Cluster", true, InfoSections::cluster),
            new Section("keyspace", "Keyspace", true, InfoSections::keyspace),
            new Section("migration", "Migration", true, InfoSections::migration,
                    server -> server.config().getBool("cluster-enabled")),
            new Section("rocksdb", "Rocksdb", true, InfoSections::rocksdb,
                    server -> server.engine() instanceof RocksEngine));

    private final Server server;
    private final StringBuilder out = new StringBuilder();

    private InfoSections(Server server) {
        this.server = server;
    }

    /**
     * INFO text for the requested section names, lower case: none or "default" for the default sections, "all" or
     * "everything" for all; unknown names are ignored, as in Redis.
     */
    static String render(Server server, List<String> requested) {
        boolean all = requested.contains("all") || requested.contains("everything");
        boolean defaults = requested.isEmpty() || requested.contains("default");
        InfoSections info = new InfoSections(server);
        for (Section section : SECTIONS) {
            boolean wanted = all || (defaults && section.inDefault()) || requested.contains(section.name());
            if (wanted && section.exists().test(server)) {
                if (info.out.length() > 0) {
                    info.out.append("\r\n");
                }
                info.out.append("# ").append(section.title()).append("\r\n");
                section.writer().accept(info);
            }
        }
        return info.out.toString();
    }

    private void field(String name, Object value) {
        out.append(name).append(':').append(value).append("\r\n");
    }

    private void server() {
        long uptime = (System.currentTimeMillis() - server.startMillis()) / 1000;
        field("redis_version", Version.REDIS_COMPATIBLE);
        field("redis_git_sha1", "00000000");
        field("redis_git_dirty", 0);
        field("redis_build_id", "0");
        field("redis_mode", server.config().getBool("cluster-enabled") ? "cluster" : "standalone");
        field("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        field("arch_bits", 64);
        field("multiplexing_api", "epoll");
        field("process_id", ProcessHandle.current().pid());
        field("process_supervised", "no");
        field("run_id", server.runId());
        field("tcp_port", server.port());
        field("server_time_usec", System.currentTimeMillis() * 1000);
        field("uptime_in_seconds", uptime);
        field("uptime_in_days", uptime / 86400);
        field("hz", server.config().get("hz"));
        field("configured_hz", server.config().get("hz"));
        field("lru_clock", (System.currentTimeMillis() / 1000) & ((1 << 24) - 1));
        field("executable", ProcessHandle.current().info().command().orElse(""));
        field("config_file", "");
        field("io_threads_active", server.config().getInt("io-threads") > 1 ? 1 : 0);
        field("slotkv_version", Version.VERSION);
        field("storage_engine", server.engine().name());
        field("java_version", Runtime.version());
    }

    private void clients() {
        field("connected_clients", server.clients().size());
        field("cluster_connections", 0);
        field("maxclients", server.config().get("maxclients"));
        field("client_recent_max_input_buffer", 0);
        field("client_recent_max_output_buffer", 0);
        field("blocked_clients", server.blocking().blockedClients());
        field("tracking_clients", 0);
        field("clients_in_timeout_table", server.blocking().blockedClients());
    }

    private void memory() {
        Runtime runtime = Runtime.getRuntime();
        long used = runtime.totalMemory() - runtime.freeMemory();
        long rss = residentBytes();
        long maxmemory = server.config().getLong("maxmemory");
        field("used_memory", used);
        field("used_memory_human", human(used));
        field("used_memory_rss", rss);
        field("used_memory_rss_human", human(rss));
        field("used_memory_peak", Math.max(used, runtime.totalMemory()));
        field("used_memory_peak_human", human(Math.max(used, runtime.totalMemory())));
        field("total_system_memory", totalSystemMemory());
        field("total_system_memory_human", human(totalSystemMemory()));
        field("maxmemory", maxmemory);
        field("maxmemory_human", human(maxmemory));
        field("maxmemory_policy", server.config().get("maxmemory-policy"));
        field("mem_fragmentation_ratio", String.format(Locale.ROOT, "%.2f", used == 0 ? 0.0 : (double) rss / used));
        field("mem_allocator", "jvm");
        field("jvm_heap_committed", runtime.totalMemory());
        field("jvm_heap_max", runtime.maxMemory());
    }

    private void persistence() {
        field("loading", 0);
        field("async_loading", 0);
        field("rdb_changes_since_last_save", server.stats().dirtyCount());
        field("rdb_bgsave_in_progress", 0);
        field("rdb_last_save_time", server.startMillis() / 1000);
        field("rdb_last_bgsave_status", "ok");
        RocksEngine rocks = rocks();
        field("aof_enabled", rocks == null ? 0 : 1);
        field("aof_rewrite_in_progress", 0);
        String writeError = rocks == null ? null : rocks.writeError();
        field("aof_last_write_status", writeError == null ? "ok" : "err");
        if (rocks != null) {
            // the WAL is the rocksdb engine's append-only file; why writes fail is slotkv's own field
            field("slotkv_appendfsync", rocks.appendfsync());
            field("slotkv_write_error", writeError == null ? "" : writeError);
        }
    }

    private void rocksdb() {
        rocks().info().forEach(this::field);
    }

    /** The engine when it is RocksDB, else null; what INFO asks of it belongs on {@code StorageEngine}. */
    private RocksEngine rocks() {
        return server.engine() instanceof RocksEngine rocks ? rocks : null;
    }

    private void stats() {
        ServerStats stats = server.stats();
        field("total_connections_received", stats.connectionsReceived());
        field("total_commands_processed", stats.commandsProcessed());
        field("instantaneous_ops_per_sec", stats.instantaneousOps());
        field("total_net_input_bytes", stats.netInputBytes());
        field("total_net_output_bytes", stats.netOutputBytes());
        field("rejected_connections", stats.rejectedConnections());
        field("expired_keys", stats.expiredKeys());
        field("evicted_keys", 0);
        field("pubsub_channels", 0);
        field("pubsub_patterns", 0);
    }

    private void replication() {
        field("role", "master");
        field("connected_slaves", 0);
        field("master_failover_state", "no-failover");
        field("master_replid", server.runId());
        field("master_replid2", "0000000000000000000000000000000000000000");
        field("master_repl_offset", 0);
        field("second_repl_offset", -1);
        field("repl_backlog_active", 0);
        field("repl_backlog_size", 1048576);
        field("repl_backlog_first_byte_offset", 0);
        field("repl_backlog_histlen", 0);
    }

    private void cpu() {
        double[] times = cpuSeconds();
        field("used_cpu_sys", String.format(Locale.ROOT, "%.6f", times[1]));
        field("used_cpu_user", String.format(Locale.ROOT, "%.6f", times[0]));
        field("used_cpu_sys_children", "0.000000");
        field("used_cpu_user_children", "0.000000");
    }

    private void commandstats() {
        server.stats().perCommand().forEach((name, counters) -> {
            long micros = counters[1] / 1000;
            field("cmdstat_" + name, "calls=" + counters[0] + ",usec=" + micros + ",usec_per_call="
                    + String.format(Locale.ROOT, "%.2f", (double) micros / Math.max(1, counters[0]))
                    + ",rejected_calls=0,failed_calls=0");
        });
    }

    private void cluster() {
        field("cluster_enabled", server.config().getBool("cluster-enabled") ? 1 : 0);
    }

    /** Range moves (migrate_slot) this node runs as a source, and what it imported as a target. */
    private void migration() {
        server.slotMigrations().info(this::field);
    }

    private void keyspace() {
        for (int i = 0; i < server.engine().databases(); i++) {
            Keyspace db = server.database(i);
            if (db.size() > 0) {
                field("db" + i, "keys=" + db.size() + ",expires=" + db.expiringKeys() + ",avg_ttl=0");
            }
        }
    }

    // ---------------------------------------------------------------- process facts from /proc

    private static long residentBytes() {
        for (String line : procLines("/proc/self/status")) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return 0;
    }

    private static long totalSystemMemory() {
        for (String line : procLines("/proc/meminfo")) {
            if (line.startsWith("MemTotal:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return 0;
    }

    /** User and system CPU seconds of this process. */
    private static double[] cpuSeconds() {
        List<String> lines = procLines("/proc/self/stat");
        if (lines.isEmpty()) {
            return new double[2];
        }
        String stat = lines.get(0);
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // after the command name: state(0) ... utime is field 14 overall, i.e. index 11 here; stime index 12
        return new double[] {Long.parseLong(fields[11]) / 100.0, Long.parseLong(fields[12]) / 100.0};
    }

    private static List<String> procLines(String path) {
        try {
            return Files.readAllLines(Path.of(path));
        } catch (IOException | RuntimeException e) {
            return new ArrayList<>();
        }
    }

    /** Redis's human-readable bytes: "1.50M", "812.00K", "0B". */
    static String human(long bytes) {
        String[] units = {"B", "K", "M", "G", "T", "P"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + "B" : String.format(Locale.ROOT, "%.2f%s", value, units[unit]);
    }
}
