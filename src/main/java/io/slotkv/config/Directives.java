package io.slotkv.config;

import io.slotkv.config.Directive.BoolKind;
import io.slotkv.config.Directive.CustomKind;
import io.slotkv.config.Directive.EnumKind;
import io.slotkv.config.Directive.IntKind;
import io.slotkv.config.Directive.MemoryKind;
import io.slotkv.config.Directive.TextKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The table of every directive slotkv accepts, with Redis's names and defaults where Redis has the directive, and
 * Redis's word lists in Redis's order (CONFIG SET errors list them).
 * Deliberate differences: {@code bind} defaults to loopback only, and {@code client-output-buffer-limit} puts a
 * hard limit on normal clients so one that never reads cannot exhaust memory.
 */
public final class Directives {
    /** All directives by name, in the order CONFIG GET * lists them. */
    public static final Map<String, Directive> ALL = table(
            d("port", "6379", new IntKind(0, 65535), false),
            d("bind", "127.0.0.1 -::1", new TextKind(), false),
            d("dir", ".", new TextKind(), false),
            d("logfile", "", new TextKind(), false),
            d("loglevel", "notice", new EnumKind(List.of("debug", "verbose", "notice", "warning", "nothing")), true),
            d("databases", "16", new IntKind(1, 1_000_000), false),
            d("requirepass", "", new TextKind(), true),
            d("masterauth", "", new TextKind(), true),
            d("masteruser", "", new TextKind(), true),
            d("maxclients", "10000", new IntKind(1, 1_000_000), true),
            d("timeout", "0", new IntKind(0, Integer.MAX_VALUE), true),
            d("protected-mode", "yes", new BoolKind(), true),
            d("daemonize", "no", new CustomKind(Directives::onlyNo), false),
            d("pidfile", "", new TextKind(), false),
            d("save", "3600 1 300 100 60 10000", new TextKind(), true),
            d("appendonly", "no", new BoolKind(), true),
            d("appendfsync", "everysec", new EnumKind(List.of("everysec", "always", "no")), true),
            d("appendfilename", "appendonly.aof", new TextKind(), false),
            d("dbfilename", "dump.rdb", new TextKind(), true),
            d("hz", "10", new CustomKind(Directives::hz), true),
            d("maxmemory", "0", new MemoryKind(0, Long.MAX_VALUE), true),
            d("maxmemory-policy", "noeviction", new EnumKind(List.of("volatile-lru", "volatile-lfu", "volatile-random",
                    "volatile-ttl", "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction")), true),
            d("proto-max-bulk-len", "536870912", new MemoryKind(1024 * 1024, Long.MAX_VALUE), true),
            d("client-query-buffer-limit", "1073741824", new MemoryKind(1024 * 1024, Long.MAX_VALUE), true),
            d("client-output-buffer-limit", "normal 1gb 256mb 60 replica 256mb 64mb 60 pubsub 32mb 8mb 60",
                    new CustomKind(OutputBufferLimits::normalize), true),
            d("cluster-enabled", "no", new BoolKind(), false),
            d("cluster-config-file", "nodes.conf", new TextKind(), false),
            d("cluster-node-timeout", "15000", new IntKind(1, Integer.MAX_VALUE), true),
            d("cluster-port", "0", new IntKind(0, 65535), false),
            d("cluster-require-full-coverage", "yes", new BoolKind(), true),
            d("cluster-allow-reads-when-down", "no", new BoolKind(), true),
            d("storage-engine", "rocksdb", new EnumKind(List.of("memory", "rocksdb")), false),
            d("io-threads", "1", new IntKind(1, 64), false),
            d("shard-threads", "1", new IntKind(1, 1), false));

    private Directives() {}

    private static Directive d(String name, String defaultValue, Directive.Kind kind, boolean mutable) {
        return new Directive(name, defaultValue, kind, mutable);
    }

    private static Map<String, Directive> table(Directive... directives) {
        Map<String, Directive> map = new LinkedHashMap<>();
        for (Directive d : directives) {
            map.put(d.name(), d);
        }
        return java.util.Collections.unmodifiableMap(map);
    }

    /** Any non-negative integer, clamped to 1..500 as Redis clamps it (CONFIG GET shows the clamped value). */
    private static String hz(String value) throws ConfigException {
        long hz = Long.parseLong(new IntKind(0, Integer.MAX_VALUE).normalize("hz", value));
        return Long.toString(Math.clamp(hz, 1, 500));
    }

    private static String onlyNo(String value) throws ConfigException {
        if (!value.equalsIgnoreCase("no")) {
            throw new ConfigException("slotkv does not daemonize itself: run it under a supervisor (daemonize no)");
        }
        return "no";
    }
}
