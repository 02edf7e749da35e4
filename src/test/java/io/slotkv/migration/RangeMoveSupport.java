package io.slotkv.migration;

import static io.slotkv.testing.RespText.OK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slotkv.protocol.HashSlot;
import io.slotkv.testing.RawConnection;
import io.slotkv.testing.RedisCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/** What the range-move integration tests share: finding slots and tags, one-off calls, cutting a stream. */
final class RangeMoveSupport {
    /** Runs of each fault test, each with a seed of its own: a cut or a kill lands somewhere else every time. */
    static final int REPEATS = 3;

    private RangeMoveSupport() {}

    /** The seed of a randomized test: -Dslotkv.test.seed, or a new one; printed, so a failing run can be repeated. */
    static long seed(String test) {
        long seed = Long.getLong("slotkv.test.seed", System.nanoTime());
        System.out.println(test + " seed " + seed);
        return seed;
    }

    /** One command on a connection of its own (nodes are killed, so none is kept). */
    static String call(RedisCluster cluster, int index, String... args) {
        try (RawConnection connection = new RawConnection(cluster.port(index), 60_000, 0)) {
            return connection.call(args);
        }
    }

    /**
     * Starts moving slot {@code s} from node 1 to node 0 at 1 MB/s, kills node {@code victim} with -9 after
     * {@code delayMillis}, checks that the call was cut, and brings the node back with its data.
     */
    static void killMidMove(RedisCluster cluster, String s, int victim, long delayMillis, long seed)
            throws Exception {
        assertThat(call(cluster, 0, "slot_preimporting", s)).isEqualTo(OK);
        assertThat(call(cluster, 1, "slot_premigrating", s, cluster.nodeId(0))).isEqualTo(OK);
        CompletableFuture<String> running = CompletableFuture.supplyAsync(() -> call(cluster, 1,
                "migrate_slot", s, "127.0.0.1", Integer.toString(cluster.port(0)), "5000", "1"));
        Thread.sleep(delayMillis);
        cluster.kill(victim);
        assertThat(running.handle((reply, failure) -> failure != null || reply.startsWith("-ERR"))
                .get(60, TimeUnit.SECONDS)).as("the call was cut, seed " + seed).isTrue();
        cluster.restart(victim);
        awaitClusterOk(cluster);
    }

    /** Runs migrate_slot for slot {@code s} (node 1 to node 0) until DONE, then steps 5 and 4. */
    static void finishMove(RedisCluster cluster, String s, long seed) {
        String reply;
        do {
            reply = call(cluster, 1, "migrate_slot", s, "127.0.0.1", Integer.toString(cluster.port(0)), "200");
        } while (reply.equals("+CONTINUE\r\n"));
        assertThat(reply).as("seed " + seed).isEqualTo("+DONE\r\n");
        assertThat(call(cluster, 0, "slot_postimporting", s)).isEqualTo(OK);
        assertThat(call(cluster, 1, "slot_postmigrating", s)).isEqualTo(OK);
    }

    static void awaitClusterOk(RedisCluster cluster) {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> IntStream.range(0, cluster.size())
                .allMatch(i -> call(cluster, i, "CLUSTER", "INFO").contains("cluster_state:ok")));
    }

    /** Kills the stream of {@code slot} on the target, if one is open now; returns how many connections it killed. */
    static int cutStream(RawConnection target, int slot) {
        return cutStreams(target, " name=migrate_slot_" + slot + " ");
    }

    /** Kills every migrate_slot stream open on the target now (of whichever slot); returns how many. */
    static int cutStream(RawConnection target) {
        return cutStreams(target, " name=migrate_slot_");
    }

    private static int cutStreams(RawConnection target, String name) {
        String list = target.call("CLIENT", "LIST");
        int killed = 0;
        for (String line : list.lines().filter(l -> l.contains(name)).toList()) {
            String addr = line.replaceAll(".* addr=(\\S+) .*", "$1");
            killed += target.call("CLIENT", "KILL", "ADDR", addr).equals(":1\r\n") ? 1 : 0;
        }
        return killed;
    }

    static List<Integer> ownedSlots(RedisCluster cluster, int index) {
        var owned = cluster.slotTable(index).get(cluster.nodeId(index));
        return owned.stream().boxed().toList();
    }

    /** A hash tag whose keys fall in {@code slot}. */
    static String tagInSlot(int slot) {
        return IntStream.iterate(0, i -> i + 1).mapToObj(i -> "t" + i)
                .filter(tag -> HashSlot.of(bytes(tag)) == slot).findFirst().orElseThrow();
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
