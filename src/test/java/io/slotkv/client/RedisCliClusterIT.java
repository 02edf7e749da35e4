package io.slotkv.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slotkv.testing.LocalCluster;
import io.slotkv.testing.RedisCli;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * Debian's redis-cli builds and inspects slotkv clusters of real processes as it does Redis clusters: create of 3
 * and of 6 masters, check, info, add-node and del-node; and a killed master is flagged failing within twice the node
 * timeout, the cluster goes down, and comes back when the node restarts with its slots.
 */
class RedisCliClusterIT {
    private static final String AGREE = "[OK] All nodes agree about slots configuration.";
    private static final String COVERED = "[OK] All 16384 slots covered.";

    @TempDir
    Path dir;

    private static String check(LocalCluster cluster, int index) {
        return RedisCli.run(cluster.port(index), "--cluster", "check", "127.0.0.1:" + cluster.port(index));
    }

    private static void awaitCheck(LocalCluster cluster) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (int i = 0; i < cluster.size(); i++) {
                assertThat(check(cluster, i)).contains(AGREE).contains(COVERED).doesNotContain("[ERR]");
            }
        });
    }

    @Test
    void createsAndChecksAThreeMasterClusterThenAddsAndDeletesANode() {
        try (LocalCluster cluster = new LocalCluster(dir).start(3)) {
            String created = cluster.create();
            assertThat(created).contains("Performing hash slots allocation on 3 nodes").contains(COVERED);
            cluster.awaitOk();
            awaitCheck(cluster);
            String info = RedisCli.run(cluster.port(0), "--cluster", "info", "127.0.0.1:" + cluster.port(0));
            assertThat(info).contains("[OK] 0 keys in 3 masters.")
                    .containsPattern("127\\.0\\.0\\.1:" + cluster.port(0) + " \\([0-9a-f]{8}\\.\\.\\.\\) -> 0 keys"
                            + " \\| 5461 slots \\| 0 slaves\\.");

            cluster.start(1);
            String added = RedisCli.run(cluster.port(0), "--cluster", "add-node", "127.0.0.1:" + cluster.port(3),
                    "127.0.0.1:" + cluster.port(0));
            assertThat(added).contains("[OK] New node added correctly.");
            cluster.awaitOk();
            awaitCheck(cluster);

            String newId;
            try (Jedis jedis = cluster.jedis(3)) {
                newId = jedis.clusterMyId();
            }
            String deleted = RedisCli.run(cluster.port(0), "--cluster", "del-node", "127.0.0.1:" + cluster.port(0),
                    newId);
            assertThat(deleted).contains("Sending CLUSTER FORGET messages to the cluster...")
                    .contains("Sending CLUSTER RESET SOFT to the deleted node.");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (int i = 0; i < 3; i++) {
                    try (Jedis jedis = cluster.jedis(i)) {
                        assertThat(jedis.clusterNodes()).doesNotContain(newId);
                    }
                }
            });
        }
    }

    @Test
    void createsASixMasterCluster() {
        try (LocalCluster cluster = new LocalCluster(dir).start(6)) {
            assertThat(cluster.create()).contains("Performing hash slots allocation on 6 nodes").contains(COVERED);
            cluster.awaitOk();
            awaitCheck(cluster);
            String nodes;
            try (Jedis jedis = cluster.jedis(5)) {
                nodes = jedis.clusterNodes();
            }
            assertThat(nodes.lines()).hasSize(6).allMatch(line -> line.contains("master"));
        }
    }

    @Test
    void aKilledMasterIsFlaggedFailingAndRejoinsWithItsSlotsAfterRestart() {
        try (LocalCluster cluster = new LocalCluster(dir).start(3)) {
            cluster.create();
            cluster.awaitOk();
            String victim;
            String slotsBefore;
            try (Jedis jedis = cluster.jedis(2)) {
                victim = jedis.clusterMyId();
                slotsBefore = slotsOf(jedis.clusterNodes(), victim);
            }
            long killedAt = System.currentTimeMillis();
            cluster.kill(2);
            await().atMost(Duration.ofMillis(2L * LocalCluster.NODE_TIMEOUT_MILLIS + 2000))
                    .pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                        for (int i = 0; i < 2; i++) {
                            try (Jedis jedis = cluster.jedis(i)) {
                                assertThat(flagsOf(jedis.clusterNodes(), victim)).contains("fail").doesNotContain("fail?");
                                assertThat(jedis.clusterInfo()).contains("cluster_state:fail");
                            }
                        }
                    });
            assertThat(System.currentTimeMillis() - killedAt).isLessThan(2L * LocalCluster.NODE_TIMEOUT_MILLIS + 2000);

            cluster.restart(2);
            cluster.awaitOk();
            try (Jedis jedis = cluster.jedis(0)) {
                assertThat(flagsOf(jedis.clusterNodes(), victim)).doesNotContain("fail");
                assertThat(slotsOf(jedis.clusterNodes(), victim)).isEqualTo(slotsBefore);
            }
            try (Jedis jedis = cluster.jedis(2)) {
                assertThat(jedis.clusterMyId()).isEqualTo(victim);
            }
        }
    }

    private static String lineOf(String nodes, String id) {
        return nodes.lines().filter(line -> line.startsWith(id + " ")).findFirst().orElseThrow();
    }

    private static String flagsOf(String nodes, String id) {
        return lineOf(nodes, id).split(" ")[2];
    }

    private static String slotsOf(String nodes, String id) {
        Matcher slots = Pattern.compile("^(\\S+ ){8}(.*)$").matcher(lineOf(nodes, id));
        return slots.matches() ? slots.group(2) : "";
    }
}
