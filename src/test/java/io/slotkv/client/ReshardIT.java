package io.slotkv.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slotkv.testing.CheckingWorkload;
import io.slotkv.testing.RedisCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Slots move under live traffic the way operators move them. On three masters holding 30k keys, while Jedis and
 * Lettuce cluster clients keep writing, redis-cli --cluster reshard moves a third of the slots, all but one of the
 * second master's, to the first; then rebalance spreads the slots evenly again. Every acknowledged write must be
 * found exactly once, on the owner of its slot, and redis-cli must find the cluster consistent. It runs on
 * redis-server too, which proves the test itself. (The second master keeps a slot because Redis turns a master that
 * gives away its last slot into a replica of the node that took it, and rebalance leaves replicas alone.)
 */
class ReshardIT {
    private static final int PRELOADED_KEYS = 30_000;
    private static final CheckingWorkload.Limits TRAFFIC =
            new CheckingWorkload.Limits(2, 2, 1500, 400, 200_000, Duration.ofMinutes(4));

    private static final Pattern PROGRESS = Pattern.compile("\\s*Moving slot \\d+ from .*|#+");

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(RedisCluster.Server.class)
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void reshardThenRebalanceUnderTrafficKeepEveryAcknowledgedWrite(RedisCluster.Server server) {
        try (RedisCluster cluster = RedisCluster.start(server, dir, 3);
                CheckingWorkload workload = new CheckingWorkload(cluster.nodes())) {
            workload.preload(PRELOADED_KEYS);
            workload.start(TRAFFIC);
            await().atMost(Duration.ofSeconds(30)).until(() -> workload.acknowledged() >= 2000);

            long beforeReshard = workload.acknowledged();
            String reshard = cluster.cli("--cluster", "reshard", cluster.address(0),
                    "--cluster-from", cluster.nodeId(1), "--cluster-to", cluster.nodeId(0),
                    "--cluster-slots", "5461", "--cluster-yes");
            assertThat(outcome(reshard)).doesNotContain("[ERR]").doesNotContain(RedisCluster.NODE_ERROR)
                    .contains("Moving slot 10921 from " + cluster.address(1) + " to " + cluster.address(0));
            assertThat(slotCount(cluster, 0)).isEqualTo(2 * 5461);
            assertThat(slotCount(cluster, 1)).isEqualTo(1);

            long beforeRebalance = workload.acknowledged();
            String rebalance = cluster.cli("--cluster", "rebalance", cluster.address(0));
            assertThat(outcome(rebalance)).doesNotContain("[ERR]").doesNotContain(RedisCluster.NODE_ERROR)
                    .contains(">>> Rebalancing across 3 nodes. Total weight = 3.00")
                    .containsPattern("Moving 546[01] slots from " + Pattern.quote(cluster.address(0))
                            + " to " + Pattern.quote(cluster.address(1)));
            long afterRebalance = workload.acknowledged();
            assertThat(workload.running()).as("traffic ran throughout").isTrue();
            workload.stop();

            assertThat(beforeRebalance - beforeReshard).as("writes acknowledged during the reshard").isPositive();
            assertThat(afterRebalance - beforeRebalance).as("writes acknowledged during the rebalance").isPositive();
            workload.verify(cluster.nodes());
            cluster.awaitCleanCheck();
            // The one slot over 3 x 5461 goes to the second or the third master, whichever redis-cli lists first.
            assertThat(slotCount(cluster, 0)).isEqualTo(5461);
            assertThat(IntStream.range(1, 3).map(i -> slotCount(cluster, i))).containsExactlyInAnyOrder(5461, 5462);
        }
    }

    /**
     * What redis-cli printed without its colours and progress (a line per slot moved, a # per slot), so that a
     * failure shows what went wrong; the last line stays, to show how far it got.
     */
    private static String outcome(String output) {
        List<String> lines = output.replaceAll("\u001B\\[[0-9;]*m", "").lines().toList();
        return Stream.concat(lines.stream().filter(line -> !PROGRESS.matcher(line).matches()),
                lines.stream().skip(Math.max(0, lines.size() - 1))).collect(Collectors.joining("\n"));
    }

    /** How many slots node {@code index} says it owns. */
    private static int slotCount(RedisCluster cluster, int index) {
        return cluster.slotTable(index).get(cluster.nodeId(index)).cardinality();
    }
}
