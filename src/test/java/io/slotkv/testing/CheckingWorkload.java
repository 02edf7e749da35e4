package io.slotkv.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import redis.clients.jedis.ClusterPipeline;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.util.JedisClusterCRC16;
import redis.clients.jedis.util.SafeEncoder;

/**
 * Live traffic for tests that move slots, and the judge of what it leaves behind. Threads of both major Java cluster
 * clients (Jedis's JedisCluster and Lettuce's RedisClusterClient) write through the cluster while slots move, each
 * on keys of its own, so the final state of every key follows exactly from the writes the servers acknowledged:
 * strings hold their last acknowledged value, lists the acknowledged sequence numbers in order, counters the number
 * of acknowledged increments, and keys given an expiry still have it. {@link #verify} then reads every node over a
 * plain connection and fails on any acknowledged write lost or applied twice, any key held by a node that does not
 * own its slot, any slot left open or unowned, and any error a client handed back: the clients follow MOVED and ASK
 * themselves, so whatever reaches the workload is a failure of the cluster.
 *
 * <p>The cluster must hold no other keys: {@link #verify} also checks that it holds exactly the keys written here.
 */
public final class CheckingWorkload implements AutoCloseable {
    /** Expiry of the keys that have one: far beyond any test, so none expires while it runs. */
    public static final long TTL_SECONDS = 3600;

    private static final int PRELOAD_BATCH = 1000;
    private static final int PRELOAD_VALUE_BYTES = 100;
    private static final int SHOWN_PROBLEMS = 40;

    private final List<HostAndPort> seeds;
    private final JedisCluster jedis;
    private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final LongAdder acknowledged = new LongAdder();
    private final List<Thread> threads = new ArrayList<>();
    private final List<AutoCloseable> clients = new ArrayList<>();
    private volatile boolean stopping;
    private volatile boolean outagesExpected;

    /**
     * How much traffic {@link #start} makes: threads of each client, the keys each thread owns (a third strings, a
     * third lists, a third counters; one in five lists and counters with an expiry), a pace per thread (0: as fast
     * as it goes) and the bounds after which a thread stops by itself.
     */
    public record Limits(int jedisThreads, int lettuceThreads, int keysPerThread, int opsPerSecondPerThread,
            long maxOpsPerThread, Duration maxDuration) {}

    /** A workload on the cluster reachable through {@code seeds}; it writes nothing until asked. */
    public CheckingWorkload(Collection<HostAndPort> seeds) {
        this.seeds = List.copyOf(seeds);
        this.jedis = new JedisCluster(new LinkedHashSet<>(seeds), clientConfig(), 5, Duration.ofSeconds(30));
    }

    private static DefaultJedisClientConfig clientConfig() {
        return DefaultJedisClientConfig.builder().connectionTimeoutMillis(5000).socketTimeoutMillis(10_000).build();
    }

    /** Writes {@code count} strings of 100 bytes ("pre:0", "pre:1", ...) through the cluster before any traffic. */
    public void preload(int count) {
        preload(IntStream.range(0, count).mapToObj(i -> "pre:" + i).toList());
    }

    /** Writes each of {@code keys} as a string of 100 bytes through the cluster, in pipelined batches. */
    public void preload(List<String> keys) {
        for (int from = 0; from < keys.size(); from += PRELOAD_BATCH) {
            Map<String, Response<String>> replies = new HashMap<>();
            try (ClusterPipeline pipeline = jedis.pipelined()) {
                for (String key : keys.subList(from, Math.min(keys.size(), from + PRELOAD_BATCH))) {
                    replies.put(key, pipeline.set(key, preloadValue(key)));
                }
                pipeline.sync();
            }
            replies.forEach((key, reply) -> {
                assertThat(reply.get()).as("SET %s", key).isEqualTo("OK");
                recordString(key, preloadValue(key));
            });
        }
    }

    private static String preloadValue(String key) {
        StringBuilder value = new StringBuilder(PRELOAD_VALUE_BYTES).append(key).append('=');
        while (value.length() < PRELOAD_VALUE_BYTES) {
            value.append((char) ('a' + value.length() % 26));
        }
        return value.toString();
    }

    /** Records that the string {@code key} was set to {@code value} by a write made outside the workload. */
    public void recordString(String key, String value) {
        Tracked string = new Tracked(key, Kind.STRING, false);
        string.value = value;
        string.written = true;
        tracked.put(key, string);
    }

    /**
     * Nodes will be killed while the traffic runs: a write that fails is then not a failure of the run but a write in
     * doubt, which may or may not have been applied, and {@link #verify} accepts both outcomes for it (a string
     * holding its last acknowledged value or a value of a failed SET since, a counter between its acknowledged
     * INCRs and those plus the failed ones, a list holding every acknowledged element once and in order, and each
     * element of a failed RPUSH at most once). Acknowledged writes are held to the same standard as without outages.
     * Call before {@link #start}.
     */
    public void expectOutages() {
        outagesExpected = true;
    }

    /** Starts the traffic; it runs until {@link #stop} or until a thread reaches the bounds of {@code limits}. */
    public void start(Limits limits) {
        long deadline = System.nanoTime() + limits.maxDuration().toNanos();
        for (int i = 0; i < limits.jedisThreads(); i++) {
            launch("jedis" + i, new JedisClient(jedis), limits, deadline);
        }
        if (limits.lettuceThreads() > 0) {
            RedisClusterClient lettuce = lettuceClient();
            clients.add(lettuce::shutdown);
            for (int i = 0; i < limits.lettuceThreads(); i++) {
                StatefulRedisClusterConnection<String, String> connection = lettuce.connect();
                clients.add(connection);
                launch("lettuce" + i, new LettuceClient(connection.sync()), limits, deadline);
            }
        }
    }

    /** Lettuce as applications configure it for a cluster that changes: it refreshes its slot table on redirects. */
    private RedisClusterClient lettuceClient() {
        RedisClusterClient client = RedisClusterClient.create(seeds.stream()
                .map(node -> RedisURI.builder().withHost(node.getHost()).withPort(node.getPort())
                        .withTimeout(Duration.ofSeconds(10)).build())
                .toList());
        client.setOptions(ClusterClientOptions.builder()
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enableAllAdaptiveRefreshTriggers().build())
                .build());
        return client;
    }

    private void launch(String name, Client client, Limits limits, long deadline) {
        List<Tracked> keys = new ArrayList<>();
        for (int i = 0; i < limits.keysPerThread(); i++) {
            Kind kind = Kind.values()[i % Kind.values().length];
            keys.add(new Tracked("w:" + name + ":" + i, kind, kind != Kind.STRING && i % 5 == 0));
        }
        keys.forEach(key -> tracked.put(key.key, key));
        Thread thread = new Thread(new Writer(name, client, keys, limits, deadline), "workload-" + name);
        threads.add(thread);
        thread.start();
    }

    /** Writes acknowledged so far, over all threads. */
    public long acknowledged() {
        return acknowledged.sum();
    }

    /** Whether every thread is still writing (none has stopped at its bounds). */
    public boolean running() {
        return !threads.isEmpty() && threads.stream().allMatch(Thread::isAlive);
    }

    /** Errors the clients handed back and replies that contradicted the acknowledged state, so far. */
    public List<String> failures() {
        return List.copyOf(failures);
    }

    /** Stops the traffic and waits for every thread to finish its last command. */
    public void stop() {
        if (stopping) {
            return;
        }
        stopping = true;
        for (Thread thread : threads) {
            try {
                thread.join(Duration.ofSeconds(60));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (thread.isAlive()) {
                failures.add(thread.getName() + " did not finish its last command within 60 s");
            }
        }
    }

    @Override
    public void close() {
        stop();
        for (AutoCloseable client : clients.reversed()) {
            try {
                client.close();
            } catch (Exception e) {
                failures.add("closing a client: " + e);
            }
        }
        jedis.close();
    }

    /**
     * Checks, through plain connections to every one of {@code nodes} (all masters of the cluster), that the
     * cluster holds exactly what was acknowledged: the nodes agree on who owns every slot and no slot is open; no
     * node holds a key of a slot it does not own; every written key is on its owner with its last acknowledged
     * value, list or count, and its expiry if it has one; the cluster holds no other key; and no client saw an
     * error. Call it after {@link #stop}.
     */
    public void verify(List<HostAndPort> nodes) {
        List<String> problems = new ArrayList<>(failures);
        Map<HostAndPort, Jedis> connections = new LinkedHashMap<>();
        try {
            for (HostAndPort node : nodes) {
                connections.put(node, new Jedis(node.getHost(), node.getPort(), 30_000));
            }
            SlotOwners owners = SlotOwners.read(connections, problems);
            List<String> held = new ArrayList<>();
            for (HostAndPort node : nodes) {
                held.addAll(keysHeld(node, connections.get(node), owners, problems));
            }
            checkValues(owners, connections, problems);
            checkNoOtherKeys(held, problems);
        } finally {
            connections.values().forEach(Jedis::close);
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(problems.size() + " problems in the cluster after " + acknowledged()
                    + " acknowledged writes; the first ones:\n  "
                    + String.join("\n  ", problems.subList(0, Math.min(problems.size(), SHOWN_PROBLEMS))));
        }
    }

    /**
     * Lists the keys {@code node} holds in the slots it owns; reports keys of slots it does not own, and a DBSIZE
     * that disagrees with its per-slot counts.
     */
    private static List<String> keysHeld(HostAndPort node, Jedis connection, SlotOwners owners,
            List<String> problems) {
        Pipeline counting = connection.pipelined();
        List<Response<Object>> counts = IntStream.range(0, RedisCluster.SLOTS)
                .mapToObj(slot -> counting.sendCommand(Protocol.Command.CLUSTER, "COUNTKEYSINSLOT", "" + slot))
                .toList();
        Response<Long> dbSize = counting.dbSize();
        counting.sync();
        Pipeline listing = connection.pipelined();
        List<Response<Object>> lists = new ArrayList<>();
        Map<Integer, Long> foreign = new LinkedHashMap<>();
        long total = 0;
        for (int slot = 0; slot < RedisCluster.SLOTS; slot++) {
            long count = (Long) counts.get(slot).get();
            total += count;
            if (count > 0 && node.equals(owners.owner(slot))) {
                lists.add(listing.sendCommand(Protocol.Command.CLUSTER, "GETKEYSINSLOT", "" + slot, "" + count));
            } else if (count > 0) {
                foreign.put(slot, count);
            }
        }
        listing.sync();
        foreign.forEach((slot, count) -> problems.add(node + " holds " + count + " keys of slot " + slot
                + " owned by " + owners.owner(slot) + ", such as " + connection.clusterGetKeysInSlot(slot, 3)));
        if (dbSize.get() != total) {
            problems.add(node + " has DBSIZE " + dbSize.get() + " but " + total + " keys counted slot by slot");
        }
        return lists.stream().flatMap(keys -> ((List<?>) keys.get()).stream())
                .map(key -> SafeEncoder.encode((byte[]) key)).toList();
    }

    /** Reads every written key from the node owning its slot and compares it with what was acknowledged. */
    private void checkValues(SlotOwners owners, Map<HostAndPort, Jedis> connections, List<String> problems) {
        Map<HostAndPort, List<Tracked>> byOwner = new HashMap<>();
        for (Tracked key : tracked.values()) {
            HostAndPort owner = owners.owner(JedisClusterCRC16.getSlot(key.key));
            if (key.written && !key.unknown && owner != null) {
                byOwner.computeIfAbsent(owner, node -> new ArrayList<>()).add(key);
            }
        }
        byOwner.forEach((node, keys) -> {
            Pipeline pipeline = connections.get(node).pipelined();
            List<Response<?>> values = new ArrayList<>();
            List<Response<Long>> ttls = new ArrayList<>();
            for (Tracked key : keys) {
                values.add(key.kind == Kind.LIST ? pipeline.lrange(key.key, 0, -1) : pipeline.get(key.key));
                ttls.add(pipeline.ttl(key.key));
            }
            pipeline.sync();
            for (int i = 0; i < keys.size(); i++) {
                Tracked key = keys.get(i);
                String where = key.kind + " " + key.key + " on " + node + ": ";
                try {
                    String mismatch = key.mismatch(values.get(i).get(), ttls.get(i).get());
                    if (mismatch != null) {
                        problems.add(where + mismatch);
                    }
                } catch (RuntimeException e) {
                    problems.add(where + e.getMessage());
                }
            }
        });
    }

    /** Reports keys the owners hold that were never written (a key in doubt may or may not be there). */
    private void checkNoOtherKeys(List<String> held, List<String> problems) {
        for (String key : held) {
            Tracked known = tracked.get(key);
            if (known == null || !(known.written || known.unknown || known.inDoubt())) {
                problems.add(key + " is in the cluster but was never written");
            }
        }
    }

    /** The shape of a key's value, which decides the command that writes it. */
    private enum Kind {
        STRING,
        LIST,
        COUNTER
    }

    /**
     * One key and its acknowledged state. Only the thread that owns the key changes it while the traffic runs (and
     * {@link #verify} reads it after the threads are joined), so it needs no locking.
     */
    private static final class Tracked {
        final String key;
        final Kind kind;
        final boolean expires;
        /** The last acknowledged value of a string. */
        String value;
        /** The acknowledged INCRs of a counter (its value). */
        long count;
        /** Whether some write to it was acknowledged, so that it must exist. */
        boolean written;
        /** Whether a write to it failed or was answered inconsistently, so its state is not known. */
        boolean unknown;
        /** The acknowledged elements of a list, in order. */
        final List<String> elements = new ArrayList<>();
        /** The next element to push to a list (elements of failed pushes are not used again). */
        long nextElement;
        /** Values of failed SETs since the last acknowledged one, or elements of failed RPUSHes. */
        final Set<String> doubtful = new HashSet<>();
        /** INCRs that failed since the last acknowledged one. */
        long doubtfulIncrements;
        /** Whether giving the key its expiry failed, so it may have none. */
        boolean expiryInDoubt;

        Tracked(String key, Kind kind, boolean expires) {
            this.key = key;
            this.kind = kind;
            this.expires = expires;
        }

        boolean inDoubt() {
            return !doubtful.isEmpty() || doubtfulIncrements > 0 || expiryInDoubt;
        }

        /** Why {@code actual} (a string, or a list's elements) and {@code ttl} differ from the acknowledged state. */
        String mismatch(Object actual, long ttl) {
            if (actual == null || (kind == Kind.LIST && ((List<?>) actual).isEmpty())) {
                return "missing";
            }
            String valueProblem = switch (kind) {
                case STRING -> Objects.equals(actual, value) || doubtful.contains(actual) ? null
                        : "is " + actual + ", acknowledged " + value;
                case COUNTER -> {
                    long found = Long.parseLong((String) actual);
                    yield found >= count && found <= count + doubtfulIncrements ? null
                            : "is " + actual + " after " + count + " acknowledged INCRs and " + doubtfulIncrements
                                    + " failed ones";
                }
                case LIST -> listMismatch((List<?>) actual);
            };
            if (valueProblem != null) {
                return valueProblem;
            }
            if (expires && !expiryInDoubt && (ttl <= 0 || ttl > TTL_SECONDS)) {
                return "lost its expiry: TTL " + ttl;
            }
            return !expires && ttl != -1 ? "gained an expiry: TTL " + ttl : null;
        }

        /**
         * Whether {@code length}, an RPUSH's reply, counts the acknowledged elements, this one, and no more than the
         * elements of failed pushes besides.
         */
        boolean plausibleLength(long length) {
            return length >= elements.size() + 1 && length <= elements.size() + 1 + doubtful.size();
        }

        private String listMismatch(List<?> actual) {
            List<String> expected = elements;
            List<?> acknowledgedPart = actual.stream().filter(element -> !doubtful.contains(element)).toList();
            if (acknowledgedPart.equals(expected) && actual.stream().distinct().count() == actual.size()) {
                return null;
            }
            int first = 0;
            while (first < Math.min(actual.size(), expected.size()) && actual.get(first).equals(expected.get(first))) {
                first++;
            }
            long distinct = actual.stream().distinct().count();
            return "has " + actual.size() + " elements (" + (actual.size() - distinct) + " duplicated) where "
                    + expected.size() + " RPUSHes were acknowledged; first difference at index " + first + ": "
                    + actual.subList(first, Math.min(actual.size(), first + 5));
        }
    }

    /** The few commands the traffic needs, as each cluster client spells them. */
    private interface Client {
        String set(String key, String value);

        String setex(String key, long seconds, String value);

        long rpush(String key, String element);

        boolean expire(String key, long seconds);

        long incr(String key);
    }

    private record JedisClient(JedisCluster cluster) implements Client {
        @Override
        public String set(String key, String value) {
            return cluster.set(key, value);
        }

        @Override
        public String setex(String key, long seconds, String value) {
            return cluster.setex(key, seconds, value);
        }

        @Override
        public long rpush(String key, String element) {
            return cluster.rpush(key, element);
        }

        @Override
        public boolean expire(String key, long seconds) {
            return cluster.expire(key, seconds) == 1;
        }

        @Override
        public long incr(String key) {
            return cluster.incr(key);
        }
    }

    private record LettuceClient(RedisAdvancedClusterCommands<String, String> cluster) implements Client {
        @Override
        public String set(String key, String value) {
            return cluster.set(key, value);
        }

        @Override
        public String setex(String key, long seconds, String value) {
            return cluster.setex(key, seconds, value);
        }

        @Override
        public long rpush(String key, String element) {
            return cluster.rpush(key, element);
        }

        @Override
        public boolean expire(String key, long seconds) {
            return cluster.expire(key, seconds);
        }

        @Override
        public long incr(String key) {
            return cluster.incr(key);
        }
    }

    /**
     * One thread of traffic: first gives its expiring keys their expiry (SETEX of a counter, RPUSH then EXPIRE of a
     * list), then writes random keys of its own until stopped or out of bounds, recording what was acknowledged.
     */
    private final class Writer implements Runnable {
        private final String name;
        private final Client client;
        private final List<Tracked> keys;
        private final Limits limits;
        private final long deadline;
        private long ops;

        Writer(String name, Client client, List<Tracked> keys, Limits limits, long deadline) {
            this.name = name;
            this.client = client;
            this.keys = keys;
            this.limits = limits;
            this.deadline = deadline;
        }

        @Override
        public void run() {
            keys.stream().filter(key -> key.expires).forEach(key -> apply(key, this::giveExpiry));
            long pause = limits.opsPerSecondPerThread() > 0 ? 1_000_000_000L / limits.opsPerSecondPerThread() : 0;
            long next = System.nanoTime();
            while (!stopping && ops < limits.maxOpsPerThread() && System.nanoTime() < deadline) {
                Tracked key = keys.get(ThreadLocalRandom.current().nextInt(keys.size()));
                if (!key.unknown) {
                    apply(key, this::write);
                }
                long now = System.nanoTime();
                next = Math.max(next + pause, now); // a thread that fell behind does not catch up in a burst
                LockSupport.parkNanos(next - now);
            }
        }

        /** Runs one write on {@code key}; an exception or an inconsistent reply puts the key in doubt. */
        private void apply(Tracked key, Function<Tracked, String> write) {
            ops++;
            String inconsistency;
            try {
                inconsistency = write.apply(key);
            } catch (RuntimeException e) {
                if (outagesExpected) {
                    return; // in doubt: what the write may have done was recorded before it was sent
                }
                inconsistency = "failed: " + e;
            }
            if (inconsistency == null) {
                key.written = true;
                acknowledged.increment();
            } else {
                key.unknown = true;
                failures.add(name + " on " + key.kind + " " + key.key + ": " + inconsistency);
            }
        }

        private String giveExpiry(Tracked key) {
            key.expiryInDoubt = outagesExpected; // cleared once the expiry is acknowledged
            String reply = expiryCommands(key);
            key.expiryInDoubt &= reply != null;
            return reply;
        }

        private String expiryCommands(Tracked key) {
            if (key.kind == Kind.COUNTER) {
                return expect("SETEX", client.setex(key.key, TTL_SECONDS, "0"), "OK");
            }
            String pushed = pushNext(key);
            return pushed != null ? pushed : expect("EXPIRE", client.expire(key.key, TTL_SECONDS), true);
        }

        private String write(Tracked key) {
            return switch (key.kind) {
                case STRING -> {
                    String value = name + "#" + ops;
                    key.doubtful.add(value);
                    String reply = expect("SET", client.set(key.key, value), "OK");
                    if (reply == null) {
                        key.value = value;
                        key.doubtful.clear();
                    }
                    yield reply;
                }
                case LIST -> pushNext(key);
                case COUNTER -> {
                    key.doubtfulIncrements++;
                    long found = client.incr(key.key);
                    key.doubtfulIncrements--;
                    String reply = found >= key.count + 1 && found <= key.count + 1 + key.doubtfulIncrements ? null
                            : "INCR replied " + found + " where " + (key.count + 1) + " was due";
                    if (reply == null) {
                        key.count = found;
                        key.doubtfulIncrements = 0;
                    }
                    yield reply;
                }
            };
        }

        /**
         * RPUSHes the list's next sequence number, whose reply must be the new length (the acknowledged elements, and
         * those of failed pushes that landed).
         */
        private String pushNext(Tracked key) {
            String element = Long.toString(key.nextElement++);
            key.doubtful.add(element);
            long length = client.rpush(key.key, element);
            key.doubtful.remove(element);
            String reply = key.plausibleLength(length) ? null
                    : "RPUSH replied " + length + " where " + (key.elements.size() + 1) + " was due";
            if (reply == null) {
                key.elements.add(element);
            }
            return reply;
        }

        private static String expect(String command, Object reply, Object expected) {
            return reply.equals(expected) ? null : command + " replied " + reply + " where " + expected + " was due";
        }
    }

    /**
     * Who owns each slot, as the nodes' CLUSTER NODES say; reports nodes that disagree, open (migrating or
     * importing) slots and slots nobody owns.
     */
    private record SlotOwners(HostAndPort[] owners) {
        private static final Pattern OPEN_SLOT = Pattern.compile("\\[\\d+-[<>]-\\w+]");

        static SlotOwners read(Map<HostAndPort, Jedis> connections, List<String> problems) {
            Map<String, HostAndPort> byId = new HashMap<>();
            connections.forEach((node, connection) -> byId.put(connection.clusterMyId(), node));
            Map<HostAndPort, HostAndPort[]> views = new LinkedHashMap<>();
            connections.forEach((node, connection) -> views.put(node, view(node, connection, byId, problems)));
            HostAndPort[] agreed = views.values().iterator().next();
            views.forEach((node, view) -> reportDisagreement(node, agreed, view, problems));
            List<Integer> unowned = IntStream.range(0, RedisCluster.SLOTS).filter(slot -> agreed[slot] == null)
                    .boxed().toList();
            if (!unowned.isEmpty()) {
                problems.add(unowned.size() + " slots have no owner, such as "
                        + unowned.subList(0, Math.min(5, unowned.size())));
            }
            return new SlotOwners(agreed);
        }

        /** The owner of each slot as {@code node} sees it; reports its open slots. */
        private static HostAndPort[] view(HostAndPort node, Jedis connection, Map<String, HostAndPort> byId,
                List<String> problems) {
            String nodes = connection.clusterNodes();
            OPEN_SLOT.matcher(nodes).results()
                    .forEach(open -> problems.add(node + " has an open slot " + open.group()));
            HostAndPort[] view = new HostAndPort[RedisCluster.SLOTS];
            RedisCluster.slotTable(nodes).forEach((id, slots) -> {
                HostAndPort owner = byId.get(id);
                if (owner == null && !slots.isEmpty()) {
                    problems.add(node + " says " + id + ", not one of the nodes checked, owns slots");
                }
                slots.stream().forEach(slot -> view[slot] = owner);
            });
            return view;
        }

        private static void reportDisagreement(HostAndPort reader, HostAndPort[] agreed, HostAndPort[] view,
                List<String> problems) {
            List<String> differences = IntStream.range(0, RedisCluster.SLOTS)
                    .filter(slot -> !Objects.equals(agreed[slot], view[slot]))
                    .mapToObj(slot -> slot + " (" + view[slot] + " instead of " + agreed[slot] + ")").toList();
            if (!differences.isEmpty()) {
                problems.add(reader + " sees other owners for " + differences.size() + " slots, such as "
                        + differences.subList(0, Math.min(5, differences.size())));
            }
        }

        HostAndPort owner(int slot) {
            return owners[slot];
        }
    }
}
