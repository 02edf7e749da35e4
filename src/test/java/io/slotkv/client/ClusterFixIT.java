package io.slotkv.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slotkv.testing.CheckingWorkload;
import io.slotkv.testing.RedisCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.MigrateParams;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * redis-cli --cluster fix repairs each half-finished slot move an interrupted reshard can leave: a slot importing
 * only on its target, migrating only on its source, open on both with none, a few or most keys moved, and assigned
 * to its new owner on only some nodes. Each state is made on purpose, with keys in the slot, on three masters. fix
 * must take the same path as on redis-server (the line it prints for its case), and afterwards every key of the
 * slot is on the slot's owner exactly once and redis-cli --cluster check finds nothing to report.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ClusterFixIT {
    /** The slot left half-moved: the first master's after redis-cli --cluster create (it gets 0-5460). */
    private static final int SLOT = 1234;
    private static final int KEYS = 20;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(RedisCluster.Server.class)
    void importingOnlyOnTheTargetHasItsKeysMovedToTheOwner(RedisCluster.Server server) {
        try (OpenSlot open = new OpenSlot(server, dir)) {
            open.importing();
            open.writeAskingOnTarget(5);
            open.fix(0, "*** Configuring " + open.address(0) + " as the slot owner",
                    ">>> Case 2: Moving all the " + SLOT + " slot keys to its owner " + open.address(0));
        }
    }

    @ParameterizedTest
    @EnumSource(RedisCluster.Server.class)
    void migratingOnlyOnTheSourceIsClosed(RedisCluster.Server server) {
        try (OpenSlot open = new OpenSlot(server, dir)) {
            open.migrating();
            open.fix(0, ">>> Case 4: Closing slot " + SLOT + " on " + open.address(0));
        }
    }

    @ParameterizedTest
    @EnumSource(RedisCluster.Server.class)
    void openOnBothSidesBeforeAnyKeyMovedFinishesTheMove(RedisCluster.Server server) {
        try (OpenSlot open = new OpenSlot(server, dir)) {
            open.importing();
            open.migrating();
            open.fix(1, ">>> Case 1: Moving slot " + SLOT + " from " + open.address(0) + " to " + open.address(1));
        }
    }

    @ParameterizedTest
    @EnumSource(RedisCluster.Server.class)
    void openOnBothSidesWithAFewKeysMovedGoesBackToTheSource(RedisCluster.Server server) {
        try (OpenSlot open = new OpenSlot(server, dir)) {
            open.importing();
            open.migrating();
            open.migrate(5);
            open.fix(0, "*** Configuring " + open.address(0) + " as the slot owner",
                    ">>> Case 2: Moving all the " + SLOT + " slot keys to its owner " + open.address(0));
        }
    }

    @ParameterizedTest
    @EnumSource(RedisCluster.Server.class)
    void openOnBothSidesWithMostKeysMovedGoesToTheTarget(RedisCluster.Server server) {
        try (OpenSlot open = new OpenSlot(server, dir)) {
            open.importing();
            open.migrating();
            open.migrate(15);
            open.fix(1, "*** Configuring " + open.address(1) + " as the slot owner",
                    ">>> Case 2: Moving all the " + SLOT + " slot keys to its owner " + open.address(1));
        }
    }

    @ParameterizedTest
    @EnumSource(RedisCluster.Server.class)
    void assignedOnlyOnTheTargetLeavesTheSourceMigratingUntilFixed(RedisCluster.Server server) {
        try (OpenSlot open = new OpenSlot(server, dir)) {
            open.importing();
            open.migrating();
            open.migrate(KEYS);
            open.assign(1);
            open.awaitEveryNodeSeesTheTargetOwning();
            open.fix(1, ">>> Case 4: Closing slot " + SLOT + " on " + open.address(0));
        }
    }

    @ParameterizedTest
    @EnumSource(RedisCluster.Server.class)
    void assignedOnEveryNodeButTheTargetIsCoveredByTheTarget(RedisCluster.Server server) {
        try (OpenSlot open = new OpenSlot(server, dir)) {
            open.importing();
            open.migrating();
            open.migrate(KEYS);
            open.assign(0, 2);
            open.fix(1, ">>> Case 2: Moving all the " + SLOT + " slot keys to its owner " + open.address(1),
                    ">>> Covering slot " + SLOT + " with " + open.address(1));
        }
    }

    /**
     * A three-master cluster whose first master (the source) holds {@link #KEYS} keys in {@link #SLOT}, with the
     * steps of a move from it to the second master (the target) taken one at a time, as redis-cli takes them.
     */
    private static final class OpenSlot implements AutoCloseable {
        private final RedisCluster cluster;
        private final CheckingWorkload workload;
        private final List<String> keys = keysInSlot(KEYS + 5);
        /** The keys written so far, all of which the slot's owner must hold in the end. */
        private final List<String> written = new ArrayList<>(keys.subList(0, KEYS));
        private final String sourceId;
        private final String targetId;

        OpenSlot(RedisCluster.Server server, Path dir) {
            cluster = RedisCluster.start(server, dir, 3);
            workload = new CheckingWorkload(cluster.nodes());
            try {
                workload.preload(written);
                sourceId = cluster.nodeId(0);
                targetId = cluster.nodeId(1);
            } catch (RuntimeException | AssertionError e) {
                close();
                throw e;
            }
        }

        /** {@code count} keys of {@link #SLOT}, without hash tags. */
        private static List<String> keysInSlot(int count) {
            List<String> found = new ArrayList<>();
            for (int n = 0; found.size() < count; n++) {
                if (JedisClusterCRC16.getSlot("fix:" + n) == SLOT) {
                    found.add("fix:" + n);
                }
            }
            return found;
        }

        String address(int index) {
            return cluster.address(index);
        }

        void importing() {
            try (Jedis target = cluster.jedis(1)) {
                assertThat(target.clusterSetSlotImporting(SLOT, sourceId)).isEqualTo("OK");
            }
        }

        void migrating() {
            try (Jedis source = cluster.jedis(0)) {
                assertThat(source.clusterSetSlotMigrating(SLOT, targetId)).isEqualTo("OK");
            }
        }

        /** Writes {@code count} new keys of the slot straight to the importing target, as an ASK redirect would. */
        void writeAskingOnTarget(int count) {
            try (Jedis target = cluster.jedis(1)) {
                for (String key : keys.subList(KEYS, KEYS + count)) {
                    assertThat(target.asking()).isEqualTo("OK");
                    assertThat(target.set(key, "asked:" + key)).isEqualTo("OK");
                    workload.recordString(key, "asked:" + key);
                    written.add(key);
                }
            }
        }

        /** MIGRATEs the first {@code count} keys from the source to the target. */
        void migrate(int count) {
            try (Jedis source = cluster.jedis(0)) {
                assertThat(source.migrate("127.0.0.1", cluster.port(1), 5000, new MigrateParams(),
                        keys.subList(0, count).toArray(String[]::new))).isEqualTo("OK");
            }
        }

        /** CLUSTER SETSLOT NODE target on the nodes {@code indexes} only. */
        void assign(int... indexes) {
            for (int index : indexes) {
                try (Jedis node = cluster.jedis(index)) {
                    assertThat(node.clusterSetSlotNode(SLOT, targetId)).isEqualTo("OK");
                }
            }
        }

        /** Waits for the target's claim, made with a new epoch, to reach the other nodes. */
        void awaitEveryNodeSeesTheTargetOwning() {
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                for (int i = 0; i < cluster.size(); i++) {
                    assertThat(cluster.slotTable(i).get(targetId).get(SLOT)).as("node %d sees the target own it", i)
                            .isTrue();
                }
            });
        }

        /**
         * Runs redis-cli --cluster fix, which must print {@code caseLines}; then the cluster must check clean, the
         * node {@code ownerIndex} own the slot and every key of it, and no acknowledged write be lost.
         */
        void fix(int ownerIndex, String... caseLines) {
            assertThat(cluster.fix()).contains(">>> Fixing open slot " + SLOT).contains(caseLines)
                    .doesNotContain(RedisCluster.NODE_ERROR);
            cluster.awaitCleanCheck();
            workload.verify(cluster.nodes());
            try (Jedis owner = cluster.jedis(ownerIndex)) {
                assertThat(cluster.slotTable(ownerIndex).get(owner.clusterMyId()).get(SLOT)).isTrue();
                assertThat(owner.clusterGetKeysInSlot(SLOT, 100)).containsExactlyInAnyOrderElementsOf(written);
            }
        }

        @Override
        public void close() {
            workload.close();
            cluster.close();
        }
    }
}
