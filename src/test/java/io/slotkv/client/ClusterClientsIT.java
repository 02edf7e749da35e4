package io.slotkv.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.slotkv.protocol.HashSlot;
import io.slotkv.testing.LocalCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Jedis's JedisCluster and Lettuce's RedisClusterClient on a 3-master slotkv cluster of real processes: a workload
 * over keys in every slot runs without errors; after empty slots are reassigned with CLUSTER SETSLOT NODE on every
 * node, both clients follow the MOVED replies to the new owner and carry on. Multi-key commands across slots get
 * CROSSSLOT.
 */
class ClusterClientsIT {
    /** Slots moved from the first node to the second: kept empty until they move. */
    private static final int MOVED_SLOTS = 50;

    @TempDir
    static Path dir;

    private static LocalCluster cluster;
    /** A key for every slot: keys[slot] hashes to slot. */
    private static final String[] KEYS = new String[HashSlot.COUNT];

    @BeforeAll
    static void startCluster() {
        int found = 0;
        for (int n = 0; found < HashSlot.COUNT; n++) {
            String key = "k" + n;
            int slot = HashSlot.of(key.getBytes(StandardCharsets.UTF_8));
            if (KEYS[slot] == null) {
                KEYS[slot] = key;
                found++;
            }
        }
        cluster = new LocalCluster(dir).start(3);
        cluster.create();
        cluster.awaitOk();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    private static Set<HostAndPort> seeds() {
        return IntStream.range(0, 3).mapToObj(i -> new HostAndPort("127.0.0.1", cluster.port(i)))
                .collect(Collectors.toSet());
    }

    /** The last slots of the first node (redis-cli --cluster create gives it 0-5460). */
    private static List<Integer> slotsToMove() {
        return IntStream.range(5461 - MOVED_SLOTS, 5461).boxed().toList();
    }

    private static void write(String phase, List<Integer> slots, JedisCluster jedis,
            RedisAdvancedClusterCommands<String, String> lettuce) {
        for (int slot : slots) {
            String key = KEYS[slot];
            assertThat(jedis.set(key, phase + "-jedis-" + slot)).isEqualTo("OK");
            assertThat(jedis.get(key)).isEqualTo(phase + "-jedis-" + slot);
            assertThat(lettuce.set(key, phase + "-lettuce-" + slot)).isEqualTo("OK");
            assertThat(lettuce.get(key)).isEqualTo(phase + "-lettuce-" + slot);
            assertThat(jedis.incr("{" + key + "}n")).isPositive();
            assertThat(lettuce.rpush("{" + key + "}l", phase)).isPositive();
        }
    }

    @Test
    void jedisAndLettuceFollowMovedAfterEmptySlotsAreReassigned() {
        List<Integer> moved = slotsToMove();
        Set<Integer> movedSet = Set.copyOf(moved);
        List<Integer> others = IntStream.range(0, HashSlot.COUNT).filter(s -> !movedSet.contains(s)).boxed().toList();
        RedisClusterClient lettuceClient = RedisClusterClient.create(
                RedisURI.create("redis://127.0.0.1:" + cluster.port(0)));
        try (JedisCluster jedis = new JedisCluster(seeds());
                StatefulRedisClusterConnection<String, String> connection = lettuceClient.connect()) {
            write("before", others, jedis, connection.sync());

            String target;
            try (Jedis second = cluster.jedis(1)) {
                target = second.clusterMyId();
            }
            for (int slot : moved) {
                for (int node : new int[] {1, 0, 2}) { // target first, then source, then the others
                    try (Jedis each = cluster.jedis(node)) {
                        assertThat(each.clusterSetSlotNode(slot, target)).isEqualTo("OK");
                    }
                }
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                try (Jedis first = cluster.jedis(0)) {
                    assertThat(first.get(KEYS[moved.get(0)])).isNull();
                } catch (JedisDataException redirected) {
                    assertThat(redirected.getMessage()).startsWith("MOVED " + moved.get(0) + " 127.0.0.1:"
                            + cluster.port(1));
                }
            });

            write("after", IntStream.range(0, HashSlot.COUNT).boxed().toList(), jedis, connection.sync());
            try (Jedis second = cluster.jedis(1)) {
                for (int slot : moved) {
                    assertThat(second.clusterCountKeysInSlot(slot)).isEqualTo(3);
                }
            }
        } finally {
            lettuceClient.shutdown();
        }
    }

    @Test
    void multiKeyCommandsAcrossSlotsGetCrossslot() {
        try (Jedis first = cluster.jedis(0)) {
            assertThat(catchThrowable(() -> first.mset(KEYS[0], "1", KEYS[1], "2")))
                    .hasMessage("CROSSSLOT Keys in request don't hash to the same slot");
            assertThat(catchThrowable(() -> first.get(KEYS[HashSlot.COUNT - 1])))
                    .hasMessageStartingWith("MOVED " + (HashSlot.COUNT - 1) + " 127.0.0.1:" + cluster.port(2));
        }
    }

    @Test
    void transactionsFollowTheClusterRules() {
        String here = KEYS[0];
        String elsewhere = KEYS[HashSlot.COUNT - 1];
        try (Jedis first = cluster.jedis(0)) {
            assertThat(catchThrowable(() -> first.watch(elsewhere))).hasMessageStartingWith("MOVED ");
            redis.clients.jedis.Transaction multi = first.multi();
            multi.set(here, "1");
            multi.set(elsewhere, "2");
            assertThat(catchThrowable(multi::exec))
                    .hasMessageContaining("EXECABORT Transaction discarded because of previous errors.");
            assertThat(first.get(here)).isNotEqualTo("1");

            redis.clients.jedis.Transaction sameSlot = first.multi();
            sameSlot.set(here, "3");
            sameSlot.get(here);
            assertThat(sameSlot.exec()).containsExactly("OK", "3");
        }
    }
}
