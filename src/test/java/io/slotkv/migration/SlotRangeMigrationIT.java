package io.slotkv.migration;

import static io.slotkv.testing.RespText.OK;
import static io.slotkv.testing.RespText.error;
import static org.assertj.core.api.Assertions.assertThat;
import static io.slotkv.migration.RangeMoveSupport.bytes;
import static io.slotkv.migration.RangeMoveSupport.finishMove;
import static io.slotkv.migration.RangeMoveSupport.killMidMove;
import static io.slotkv.migration.RangeMoveSupport.cutStream;
import static io.slotkv.migration.RangeMoveSupport.REPEATS;
import static io.slotkv.migration.RangeMoveSupport.ownedSlots;
import static io.slotkv.migration.RangeMoveSupport.seed;
import static io.slotkv.migration.RangeMoveSupport.tagInSlot;
import static org.awaitility.Awaitility.await;

import io.slotkv.admin.RangeMove;
import io.slotkv.testing.CheckingWorkload;
import io.slotkv.testing.RawConnection;
import io.slotkv.testing.RedisCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.Tuple;

/**
 * The five-step range move (slot_preimporting, slot_premigrating, migrate_slot, slot_postmigrating,
 * slot_postimporting) between slotkv processes: under live cluster-client traffic nothing acknowledged is lost,
 * time slices end with CONTINUE and resume, every step refuses what would break the rule, and a key moves with its
 * type, contents and expiry.
 */
class SlotRangeMigrationIT {
    private static final CheckingWorkload.Limits TRAFFIC =
            new CheckingWorkload.Limits(2, 2, 1000, 400, 200_000, Duration.ofMinutes(3));
    private static final int HOT_KEYS = 30_000;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void movesSlotsUnderTrafficKeepingEveryAcknowledgedWrite() throws IOException {
        try (RedisCluster cluster = RedisCluster.start(RedisCluster.Server.SLOTKV, dir, 3);
                CheckingWorkload workload = new CheckingWorkload(cluster.nodes())) {
            List<Integer> slots = ownedSlots(cluster, 1).subList(0, 300);
            // One slot of the move holds many keys, so that short time slices end with CONTINUE.
            String tag = tagInSlot(slots.get(0));
            workload.preload(IntStream.range(0, HOT_KEYS).mapToObj(i -> "{" + tag + "}hot:" + i).toList());
            workload.preload(20_000);
            workload.start(TRAFFIC);
            await().atMost(Duration.ofSeconds(30)).until(() -> workload.acknowledged() >= 2000);

            long before = workload.acknowledged();
            RangeMove move = new RangeMove(endpoint(cluster, 1), endpoint(cluster, 0), 5, 0, 2);
            List<Integer> moved = new ArrayList<>();
            long calls = move.run(slots, slot -> {
                synchronized (moved) {
                    moved.add(slot);
                }
            });
            long during = workload.acknowledged() - before;
            assertThat(workload.running()).as("traffic ran throughout").isTrue();
            workload.stop();

            assertThat(moved).containsExactlyInAnyOrderElementsOf(slots);
            assertThat(calls).as("time slices ended with CONTINUE")
                    .isGreaterThan((slots.size() + RangeMove.CALL_SLOTS - 1) / RangeMove.CALL_SLOTS);
            assertThat(during).as("writes acknowledged during the move").isPositive();
            workload.verify(cluster.nodes());
            cluster.awaitCleanCheck();
            assertThat(cluster.slotTable(0).get(cluster.nodeId(0)).cardinality()).isEqualTo(5461 + slots.size());
            try (Jedis target = cluster.jedis(0); Jedis source = cluster.jedis(1)) {
                assertThat(target.clusterCountKeysInSlot(slots.get(0))).isGreaterThanOrEqualTo(HOT_KEYS);
                assertThat(source.clusterCountKeysInSlot(slots.get(0))).isZero();
                assertThat(info(target, "imported_keys")).isGreaterThanOrEqualTo(HOT_KEYS);
                assertThat(info(source, "slots_moving_out")).isZero();
            }
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void eachStepRefusesWhatWouldBreakTheMoveAndTheFlowCarriesEveryType() throws Exception {
        try (RedisCluster cluster = RedisCluster.start(RedisCluster.Server.SLOTKV, dir, 3);
                RawConnection source = new RawConnection(cluster.port(1), 30_000, 0);
                RawConnection target = new RawConnection(cluster.port(0), 30_000, 0)) {
            String sourceId = cluster.nodeId(1);
            String targetId = cluster.nodeId(0);
            int slot = ownedSlots(cluster, 1).get(7);
            String s = Integer.toString(slot);
            String tag = "{" + tagInSlot(slot) + "}";
            try (Jedis node = cluster.jedis(1)) {
                node.hset(tag + "hash", Map.of("f1", "v1", "f2", "v2"));
                node.rpush(tag + "list", "a", "b", "c");
                node.sadd(tag + "set", "x", "y");
                node.zadd(tag + "zset", Map.of("m1", 1.5, "m2", -2.0));
                node.psetex(tag + "ttl", 600_000, "t");
                for (int i = 0; i < 300; i++) {
                    node.set(tag + "big:" + i, "v".repeat(1000));
                }
            }
            String port = Integer.toString(cluster.port(0));

            assertThat(source.call("migrate_slot", s, "127.0.0.1", port))
                    .isEqualTo(error("ERR slot " + s + " is not migrating from this node: run slot_premigrating first"));
            assertThat(source.call("slot_preimporting", s))
                    .isEqualTo(error("ERR I'm already the owner of hash slot " + s));
            assertThat(target.call("slot_premigrating", s, sourceId))
                    .isEqualTo(error("ERR I'm not the owner of hash slot " + s));
            assertThat(source.call("slot_premigrating", s, "f".repeat(40)))
                    .isEqualTo(error("ERR I don't know about node " + "f".repeat(40)));
            assertThat(target.call("slotimport", "hello", s, sourceId))
                    .isEqualTo(error("ERR slot " + s + " is not being imported from " + sourceId));

            // A range is checked whole before any slot of it changes.
            int first = ownedSlots(cluster, 1).get(0); // the slot before it is the target's own
            assertThat(target.call("slot_preimporting", (first - 1) + "-" + (first + 1)))
                    .isEqualTo(error("ERR I'm already the owner of hash slot " + (first - 1)));
            int after = first + ownedSlots(cluster, 1).size(); // the first slot of the third node
            assertThat(source.call("slot_premigrating", first + "-" + after, targetId))
                    .isEqualTo(error("ERR I'm not the owner of hash slot " + after));
            assertThat(line(cluster, 0)).doesNotContain("-<-");
            assertThat(line(cluster, 1)).doesNotContain("->-");
            assertThat(target.call("slot_preimporting", (first + 2) + "-" + (first + 1)))
                    .isEqualTo(error("ERR the slot range " + (first + 2) + "-" + (first + 1) + " is empty"));

            assertThat(target.call("slot_preimporting", s)).isEqualTo(OK);
            assertThat(source.call("slot_premigrating", s, targetId)).isEqualTo(OK);
            assertThat(line(cluster, 1)).contains("[" + s + "->-" + targetId + "]");
            assertThat(line(cluster, 0)).contains("[" + s + "-<-" + sourceId + "]");

            // A batch with one corrupt payload is refused whole: the good key before it is not created.
            byte[] good;
            try (Jedis node = cluster.jedis(1)) {
                good = node.dump(tag + "list");
            }
            byte[] bad = good.clone();
            bad[bad.length - 1] ^= 1;
            assertThat(new String(target.callBytes(List.of(bytes("slotimport"), bytes("keys"), bytes(s),
                    bytes(sourceId), bytes(tag + "copy"), bytes("-1"), good, bytes(tag + "broken"), bytes("-1"), bad)),
                    StandardCharsets.UTF_8)).isEqualTo(error("ERR DUMP payload version or checksum are wrong"));
            assertThat(target.call("slotimport", "keys", s, "e".repeat(40), tag + "k", "-1", "x"))
                    .isEqualTo(error("ERR slot " + s + " is not being imported from " + "e".repeat(40)));
            assertThat(target.call("slot_postimporting", s)).isEqualTo(error("ERR slot " + s
                    + " has not been fully received from " + sourceId
                    + ": run migrate_slot on the source until it answers DONE"));
            assertThat(source.call("slot_postmigrating", s)).startsWith("-ERR slot " + s + " still holds ");
            assertThat(source.call("migrate_slot", s, "127.0.0.1", Integer.toString(cluster.port(2))))
                    .startsWith("-ERR slot " + s + " is migrating to " + targetId);

            // A throttled call (300 keys of 1 KB at 0.05 MB/s take seconds) holds the slot: a second call waits.
            CompletableFuture<String> slow = CompletableFuture.supplyAsync(
                    () -> source.call("migrate_slot", s, "127.0.0.1", port, "1500", "0.05"));
            try (RawConnection other = new RawConnection(cluster.port(1))) {
                await().atMost(Duration.ofSeconds(5)).until(() -> other.call("migrate_slot_status", s)
                        .contains("running"));
                assertThat(other.call("migrate_slot", s, "127.0.0.1", port))
                        .isEqualTo(error("ERR migrate_slot is already running for slot " + s));
            }
            assertThat(slow.get(30, TimeUnit.SECONDS)).isEqualTo("+CONTINUE\r\n");
            try (Jedis node = cluster.jedis(1)) {
                long left = node.clusterCountKeysInSlot(slot);
                assertThat(left).as("a throttled slice moves some keys, not all").isBetween(1L, 304L);
            }

            String reply;
            do {
                reply = source.call("migrate_slot", s, "127.0.0.1", port, "50");
            } while (reply.equals("+CONTINUE\r\n"));
            assertThat(reply).isEqualTo("+DONE\r\n");
            assertThat(source.call("migrate_slot_status", s)).contains("done").contains("keys_left");
            assertThat(target.call("slot_postimporting", s)).isEqualTo(OK);
            assertThat(source.call("slot_postmigrating", s)).isEqualTo(OK);
            assertThat(source.call("slot_postmigrating", s)).as("running it again is harmless").isEqualTo(OK);
            assertThat(target.call("slot_postimporting", s)).isEqualTo(OK);

            try (Jedis node = cluster.jedis(0)) {
                assertThat(node.hgetAll(tag + "hash")).isEqualTo(Map.of("f1", "v1", "f2", "v2"));
                assertThat(node.lrange(tag + "list", 0, -1)).containsExactly("a", "b", "c");
                assertThat(node.smembers(tag + "set")).containsExactlyInAnyOrder("x", "y");
                assertThat(node.zrangeWithScores(tag + "zset", 0, -1))
                        .containsExactly(new Tuple("m2", -2.0), new Tuple("m1", 1.5));
                assertThat(node.pttl(tag + "ttl")).isBetween(500_000L, 600_000L);
                assertThat(node.exists(tag + "copy")).isFalse();
                assertThat(node.clusterCountKeysInSlot(slot)).isEqualTo(305);
            }
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(line(cluster, 1)).doesNotContain("[" + s);
                assertThat(line(cluster, 0)).doesNotContain("[" + s);
                assertThat(cluster.slotTable(2).get(targetId).get(slot)).isTrue();
            });
            cluster.awaitCleanCheck();
        }
    }

    /**
     * One migrate_slot call over a range moves its slots one after another: a throttled slice ends with CONTINUE
     * part-way, the next call goes on from the first slot not done, and the range answers DONE once all of them are
     * empty here. A slot of the range that is not migrating (or migrating elsewhere) refuses the whole call. A range
     * passes over the slots it finished; slot_premigrating again (a new run of the flow) makes it tell the target
     * again, which a target that forgot what it received needs.
     */
    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aRangeCallMovesItsSlotsInTurnAndGoesOnFromTheFirstNotDone() throws Exception {
        try (RedisCluster cluster = RedisCluster.start(RedisCluster.Server.SLOTKV, dir, 3);
                RawConnection source = new RawConnection(cluster.port(1), 30_000, 0);
                RawConnection target = new RawConnection(cluster.port(0), 30_000, 0)) {
            List<Integer> slots = ownedSlots(cluster, 1).subList(10, 15);
            String range = slots.get(0) + "-" + slots.get(4);
            try (Jedis node = cluster.jedis(1)) {
                for (int slot : slots) {
                    String tag = "{" + tagInSlot(slot) + "}";
                    int keys = slot == slots.get(2) ? 600 : 3; // the middle slot holds 600 KB: batches of 256 KB
                    for (int i = 0; i < keys; i++) {
                        node.set(tag + i, "v".repeat(1000));
                    }
                }
            }
            String port = Integer.toString(cluster.port(0));
            assertThat(target.call("slot_preimporting", range)).isEqualTo(OK);
            assertThat(source.call("slot_premigrating", slots.get(0) + "-" + slots.get(3), cluster.nodeId(0)))
                    .isEqualTo(OK);
            assertThat(source.call("migrate_slot", range, "127.0.0.1", port))
                    .isEqualTo(error("ERR slot " + slots.get(4)
                            + " is not migrating from this node: run slot_premigrating first"));
            assertThat(source.call("slot_premigrating", range, cluster.nodeId(0))).isEqualTo(OK);

            // 600 KB at 0.1 MB/s take six seconds: the first slice ends within the middle slot.
            assertThat(source.call("migrate_slot", range, "127.0.0.1", port, "300", "0.1"))
                    .isEqualTo("+CONTINUE\r\n");
            try (Jedis node = cluster.jedis(1)) {
                assertThat(node.clusterCountKeysInSlot(slots.get(0))).isZero();
                assertThat(node.clusterCountKeysInSlot(slots.get(1))).isZero();
                assertThat(node.clusterCountKeysInSlot(slots.get(2))).isBetween(1L, 599L);
                assertThat(node.clusterCountKeysInSlot(slots.get(4))).isEqualTo(3);
            }
            int calls = 1;
            String reply;
            do {
                reply = source.call("migrate_slot", range, "127.0.0.1", port, "300");
                calls++;
            } while (reply.equals("+CONTINUE\r\n") && calls < 100);
            assertThat(reply).isEqualTo("+DONE\r\n");
            for (int slot : slots) {
                assertThat(source.call("migrate_slot_status", Integer.toString(slot))).contains("done");
            }

            // The target forgets what it received when its import is marked again; the finished range answers DONE
            // without telling it, until slot_premigrating starts a new run of the flow.
            assertThat(target.call("slot_preimporting", range)).isEqualTo(OK);
            assertThat(source.call("migrate_slot", range, "127.0.0.1", port)).isEqualTo("+DONE\r\n");
            assertThat(target.call("slot_postimporting", range)).startsWith("-ERR slot " + slots.get(0)
                    + " has not been fully received");
            assertThat(source.call("slot_premigrating", range, cluster.nodeId(0))).isEqualTo(OK);
            assertThat(source.call("migrate_slot", range, "127.0.0.1", port)).isEqualTo("+DONE\r\n");
            assertThat(target.call("slot_postimporting", range)).isEqualTo(OK);
            assertThat(source.call("slot_postmigrating", range)).isEqualTo(OK);
            try (Jedis node = cluster.jedis(0)) {
                for (int slot : slots) {
                    assertThat(node.clusterCountKeysInSlot(slot)).isEqualTo(slot == slots.get(2) ? 600 : 3);
                }
            }
            cluster.awaitCleanCheck();
        }
    }

    /**
     * The stream's connection is cut at random moments (CLIENT KILL on the target) while a range of slots holding
     * thousands of keys moves under traffic, by migrate_slot calls over the range: each cut call ends with an error
     * that keeps the unacknowledged keys on the source, the next call resumes, and in the end every acknowledged
     * write is there exactly once. The seed is printed;
     * {@code -Dslotkv.test.seed=N} repeats a run.
     */
    @RepeatedTest(value = REPEATS, name = RepeatedTest.LONG_DISPLAY_NAME)
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void cutsOfTheStreamAtRandomMomentsLoseNothing() throws Exception {
        long seed = seed("SlotRangeMigrationIT cuts");
        Random random = new Random(seed);
        try (RedisCluster cluster = RedisCluster.start(RedisCluster.Server.SLOTKV, dir, 3);
                CheckingWorkload workload = new CheckingWorkload(cluster.nodes());
                RawConnection source = new RawConnection(cluster.port(1), 60_000, 0);
                RawConnection target = new RawConnection(cluster.port(0), 60_000, 0)) {
            List<Integer> slots = ownedSlots(cluster, 1).subList(100, 104);
            preload(workload, slots);
            workload.start(TRAFFIC);
            await().atMost(Duration.ofSeconds(30)).until(() -> workload.acknowledged() >= 1000);

            int cuts = 0;
            String port = Integer.toString(cluster.port(0));
            String range = slots.get(0) + "-" + slots.get(slots.size() - 1);
            assertThat(target.call("slot_preimporting", range)).isEqualTo(OK);
            assertThat(source.call("slot_premigrating", range, cluster.nodeId(0))).isEqualTo(OK);
            String reply;
            do {
                // 4 slots of 6000 keys of about 120 bytes at 1 MB/s take about three seconds: calls of 200 ms.
                CompletableFuture<String> running = CompletableFuture.supplyAsync(
                        () -> source.call("migrate_slot", range, "127.0.0.1", port, "200", "1"));
                // Every call is cut until two were stopped (a cut that lands between two calls stops none), then
                // a third of them.
                if (cuts < 2 || random.nextInt(3) == 0) {
                    Thread.sleep(10 + random.nextInt(200));
                    cutStream(target);
                }
                reply = running.get(60, TimeUnit.SECONDS);
                if (reply.startsWith("-ERR migrate_slot stopped at slot ")) {
                    cuts++;
                } else {
                    assertThat(reply).as("seed " + seed).isIn("+CONTINUE\r\n", "+DONE\r\n");
                }
            } while (!reply.equals("+DONE\r\n"));
            assertThat(target.call("slot_postimporting", range)).isEqualTo(OK);
            assertThat(source.call("slot_postmigrating", range)).isEqualTo(OK);
            assertThat(workload.running()).as("traffic ran throughout").isTrue();
            workload.stop();

            assertThat(cuts).as("calls cut short, seed " + seed).isGreaterThanOrEqualTo(2);
            workload.verify(cluster.nodes());
            cluster.awaitCleanCheck();
            try (Jedis node = cluster.jedis(0)) {
                for (int slot : slots) {
                    assertThat(node.clusterCountKeysInSlot(slot)).as("seed " + seed).isGreaterThanOrEqualTo(6000);
                }
            }
        }
    }

    /**
     * kill -9 of the source, then of the target, in the middle of a throttled move under traffic (the workload
     * expects outages: writes failing while a node is down are in doubt, acknowledged ones must all be there). Each
     * node comes back with its data and nodes.conf, the flow runs again from where it stands, and every acknowledged
     * write is there exactly once, on the slot's new owner. The seed is printed.
     */
    @RepeatedTest(value = REPEATS, name = RepeatedTest.LONG_DISPLAY_NAME)
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void killingTheSourceOrTheTargetMidMoveLosesNothing() throws Exception {
        long seed = seed("SlotRangeMigrationIT kills");
        Random random = new Random(seed);
        try (RedisCluster cluster = RedisCluster.start(RedisCluster.Server.SLOTKV, dir, 3);
                CheckingWorkload workload = new CheckingWorkload(cluster.nodes())) {
            List<Integer> slots = ownedSlots(cluster, 1).subList(200, 202);
            preload(workload, slots);
            workload.expectOutages();
            workload.start(TRAFFIC);
            await().atMost(Duration.ofSeconds(30)).until(() -> workload.acknowledged() >= 1000);

            int[] victims = {1, 0}; // the source during the first slot's move, the target during the second's
            for (int i = 0; i < slots.size(); i++) {
                String s = Integer.toString(slots.get(i));
                killMidMove(cluster, s, victims[i], 100 + random.nextInt(400), seed);
                finishMove(cluster, s, seed);
            }
            workload.stop();
            workload.verify(cluster.nodes());
            cluster.awaitCleanCheck();
            try (Jedis node = cluster.jedis(0)) {
                for (int slot : slots) {
                    assertThat(node.clusterCountKeysInSlot(slot)).as("seed " + seed).isGreaterThanOrEqualTo(6000);
                }
            }
        }
    }

    /** 6000 keys in each of {@code slots}, and 10000 spread over the cluster. */
    private static void preload(CheckingWorkload workload, List<Integer> slots) {
        for (int slot : slots) {
            String tag = tagInSlot(slot);
            workload.preload(IntStream.range(0, 6000).mapToObj(i -> "{" + tag + "}moved:" + i).toList());
        }
        workload.preload(10_000);
    }

    private static RangeMove.Endpoint endpoint(RedisCluster cluster, int index) {
        return new RangeMove.Endpoint("127.0.0.1", cluster.port(index), cluster.nodeId(index));
    }

    /** Node {@code index}'s own line of CLUSTER NODES. */
    private static String line(RedisCluster cluster, int index) {
        try (Jedis node = cluster.jedis(index)) {
            return node.clusterNodes().lines().filter(l -> l.contains("myself")).findFirst().orElseThrow();
        }
    }

    private static long info(Jedis node, String field) {
        return node.info("migration").lines().filter(l -> l.startsWith(field + ":"))
                .mapToLong(l -> Long.parseLong(l.substring(field.length() + 1).trim())).findFirst().orElseThrow();
    }
}
