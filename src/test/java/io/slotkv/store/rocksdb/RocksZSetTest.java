package io.slotkv.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.slotkv.store.Keyspace;
import io.slotkv.store.LexRange;
import io.slotkv.store.ScoreRange;
import io.slotkv.store.ScoredMember;
import io.slotkv.store.ZSetValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded random operations on a {@link RocksZSet} in a real {@link RocksEngine}, checked against a model built on
 * a {@link TreeMap} of members (ISO-8859-1 strings compare like unsigned bytes). Each step is one command: its
 * checks run either before the commit (reads through the uncommitted batch over the database) or after it, and
 * neighbouring keys are kept in the database so that walks off either end of the set would show.
 */
class RocksZSetTest {
    private static final double[] SCORES =
            {Double.NEGATIVE_INFINITY, -3, -0.5, 0, 0.5, 2, 2.5, 10, Double.POSITIVE_INFINITY};

    private static final String[] MEMBERS = {"", "a", "aa", "ab", "b", "bb", "c", "d", "e", "x", "\u0080", "\u00ff"};

    private static final byte[] KEY = bytes("z");

    @TempDir
    Path dir;

    private RocksEngine engine;
    private Keyspace db;

    @BeforeEach
    void open() throws IOException {
        engine = new RocksEngine(dir, 2, "no");
        db = engine.database(0);
        // neighbours in the same slot ("{z}..." hashes like "z") and in database 1, full of edge scores
        for (byte[] neighbour : List.of(bytes("{z}"), bytes("{z}z"), bytes("y"))) {
            ZSetValue other = db.zset(neighbour, true);
            other.put(bytes(""), Double.NEGATIVE_INFINITY);
            other.put(bytes("\u00ff"), Double.POSITIVE_INFINITY);
        }
        engine.database(1).zset(KEY, true).put(bytes(""), 0);
        engine.database(1).commit();
        db.commit();
    }

    @AfterEach
    void close() {
        engine.close();
    }

    /** The model: member to score, plus the Redis order of its entries. */
    private static final class Model {
        final TreeMap<String, Double> scores = new TreeMap<>();

        List<Map.Entry<String, Double>> sorted() {
            return scores.entrySet().stream()
                    .sorted(Comparator.comparingDouble((Map.Entry<String, Double> e) -> e.getValue())
                            .thenComparing(Map.Entry::getKey))
                    .toList();
        }
    }

    private static byte[] bytes(String member) {
        return member.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String text(byte[] member) {
        return new String(member, StandardCharsets.ISO_8859_1);
    }

    private static List<String> render(List<ScoredMember> members) {
        return members.stream().map(m -> text(m.member()) + "=" + m.score()).toList();
    }

    private static List<String> render(Stream<Map.Entry<String, Double>> entries) {
        return entries.map(e -> e.getKey() + "=" + e.getValue()).toList();
    }

    private ZSetValue zset() {
        return db.zset(KEY, true);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 31337})
    void randomOperationsMatchTheModel(long seed) throws IOException {
        Random random = new Random(seed);
        Model model = new Model();
        for (int step = 0; step < 400; step++) {
            ZSetValue zset = zset();
            for (int op = random.nextInt(3); op >= 0; op--) {
                String member = MEMBERS[random.nextInt(MEMBERS.length)];
                double score = SCORES[random.nextInt(SCORES.length)];
                if (random.nextInt(4) == 0) {
                    assertThat(zset.remove(bytes(member))).isEqualTo(model.scores.remove(member) != null);
                } else {
                    assertThat(zset.put(bytes(member), score)).isEqualTo(model.scores.put(member, score));
                }
            }
            if (random.nextBoolean()) {
                db.commit();
                zset = zset();
            }
            check(zset, model.sorted(), random);
            db.commit();
        }
        engine.close();
        engine = new RocksEngine(dir, 2, "no");
        db = engine.database(0);
        ZSetValue reopened = db.zset(KEY, false);
        List<Map.Entry<String, Double>> sorted = model.sorted();
        if (sorted.isEmpty()) {
            assertThat(reopened).isNull();
        } else {
            assertThat(render(reopened.rangeByRank(0, sorted.size() - 1))).isEqualTo(render(sorted.stream()));
            check(reopened, sorted, random);
        }
        assertThat(render(engine.database(1).zset(KEY, false).rangeByRank(0, 5))).containsExactly("=0.0");
    }

    private static void check(ZSetValue zset, List<Map.Entry<String, Double>> sorted, Random random) {
        assertThat(zset.size()).isEqualTo(sorted.size());
        for (int rank = 0; rank < sorted.size(); rank++) {
            String expected = sorted.get(rank).getKey();
            assertThat(zset.rank(bytes(expected))).isEqualTo(rank);
            assertThat(zset.score(bytes(expected))).isEqualTo(sorted.get(rank).getValue());
        }
        assertThat(zset.rank(bytes("absent"))).isEqualTo(-1);
        assertThat(zset.score(bytes("absent"))).isNull();
        checkRankRange(zset, sorted, random);
        checkScoreRange(zset, sorted, random);
    }

    private static void checkRankRange(ZSetValue zset, List<Map.Entry<String, Double>> sorted, Random random) {
        if (sorted.isEmpty()) {
            return;
        }
        int from = random.nextInt(sorted.size());
        int to = from + random.nextInt(sorted.size() - from);
        assertThat(render(zset.rangeByRank(from, to))).isEqualTo(render(sorted.subList(from, to + 1).stream()));
    }

    private static void checkScoreRange(ZSetValue zset, List<Map.Entry<String, Double>> sorted, Random random) {
        ScoreRange range = new ScoreRange(SCORES[random.nextInt(SCORES.length)], random.nextBoolean(),
                SCORES[random.nextInt(SCORES.length)], random.nextBoolean());
        boolean reverse = random.nextBoolean();
        long offset = random.nextInt(4);
        long limit = random.nextInt(5) - 1;
        List<Map.Entry<String, Double>> inside = sorted.stream().filter(e -> range.contains(e.getValue())).toList();
        assertThat(zset.count(range)).as("count %s", range).isEqualTo(inside.size());
        assertThat(render(zset.rangeByScore(range, reverse, offset, limit)))
                .as("%s reverse=%s offset=%d limit=%d", range, reverse, offset, limit)
                .isEqualTo(render(window(inside, reverse, offset, limit)));
    }

    /** What a range query with {@code offset} and {@code limit} (negative: all) selects from {@code inside}. */
    private static Stream<Map.Entry<String, Double>> window(
            List<Map.Entry<String, Double>> inside, boolean reverse, long offset, long limit) {
        Stream<Map.Entry<String, Double>> ordered = (reverse ? inside.reversed() : inside).stream().skip(offset);
        return limit < 0 ? ordered : ordered.limit(limit);
    }

    @ParameterizedTest
    @ValueSource(longs = {4, 5})
    void lexRangesWithEqualScoresMatchTheModel(long seed) {
        Random random = new Random(seed);
        Model model = new Model();
        for (int step = 0; step < 300; step++) {
            ZSetValue zset = zset();
            String member = MEMBERS[random.nextInt(MEMBERS.length)];
            if (random.nextInt(3) == 0) {
                zset.remove(bytes(member));
                model.scores.remove(member);
            } else {
                zset.put(bytes(member), 1);
                model.scores.put(member, 1.0);
            }
            if (random.nextBoolean()) {
                db.commit();
                zset = zset();
            }
            byte[] min = random.nextInt(6) == 0 ? null : bytes(MEMBERS[random.nextInt(MEMBERS.length)]);
            byte[] max = random.nextInt(6) == 0 ? null : bytes(MEMBERS[random.nextInt(MEMBERS.length)]);
            LexRange range = new LexRange(min, random.nextBoolean(), max, random.nextBoolean());
            boolean reverse = random.nextBoolean();
            long offset = random.nextInt(4);
            long limit = random.nextInt(5) - 1;
            List<Map.Entry<String, Double>> inside =
                    model.sorted().stream().filter(e -> range.contains(bytes(e.getKey()))).toList();
            String context = (min == null ? "-" : text(min)) + ".." + (max == null ? "+" : text(max));
            assertThat(zset.lexCount(range)).as(context).isEqualTo(inside.size());
            assertThat(render(zset.rangeByLex(range, reverse, offset, limit)))
                    .as("%s reverse=%s offset=%d limit=%d", context, reverse, offset, limit)
                    .isEqualTo(render(window(inside, reverse, offset, limit)));
            db.commit();
        }
    }

    @Test
    void onlyRealChangesMarkTheKeyModified() {
        zset().put(bytes("a"), 1);
        assertThat(db.commit()).extracting(RocksZSetTest::text).containsOnly("z"); // created and changed
        assertThat(zset().put(bytes("a"), 1)).isEqualTo(1.0);
        assertThat(zset().remove(bytes("absent"))).isFalse();
        assertThat(db.commit()).isEmpty();
        assertThat(zset().put(bytes("a"), 2)).isEqualTo(1.0);
        assertThat(db.commit()).extracting(RocksZSetTest::text).containsExactly("z");
        assertThat(zset().remove(bytes("a"))).isTrue();
        assertThat(db.commit()).extracting(RocksZSetTest::text).containsExactly("z");
        assertThat(db.exists(KEY)).isFalse();
    }

    @Test
    void emptyRangesSelectNothing() {
        ZSetValue zset = zset();
        zset.put(bytes("a"), 1);
        zset.put(bytes("b"), 2);
        ScoreRange inverted = new ScoreRange(2, false, 1, false);
        ScoreRange open = new ScoreRange(1, true, 1, false);
        assertThat(zset.count(inverted)).isZero();
        assertThat(zset.count(open)).isZero();
        assertThat(zset.rangeByScore(inverted, true, 0, -1)).isEmpty();
        assertThat(zset.rangeByScore(new ScoreRange(1, false, 2, false), false, 0, 0)).isEmpty();
        assertThat(zset.rangeByScore(new ScoreRange(1, false, 2, false), false, 5, -1)).isEmpty();
        assertThat(zset.lexCount(new LexRange(bytes("b"), false, bytes("a"), false))).isZero();
        assertThat(zset.rangeByRank(0, -1)).isEmpty();
        assertThat(zset.rangeByRank(2, 3)).isEmpty();
    }

    @Test
    void negativeZeroIsTheSameScoreAsZero() {
        ZSetValue zset = zset();
        zset.put(bytes("a"), 0.0);
        zset.put(bytes("b"), -0.0);
        assertThat(zset.put(bytes("a"), -0.0)).isEqualTo(0.0);
        db.commit();
        zset = zset();
        assertThat(render(zset.rangeByRank(0, 1))).containsExactly("a=0.0", "b=0.0");
        assertThat(zset.count(new ScoreRange(0, false, 0, false))).isEqualTo(2);
        assertThat(zset.remove(bytes("a"))).isTrue();
        assertThat(zset.remove(bytes("b"))).isTrue();
        assertThat(zset.size()).isZero();
        assertThat(zset.rangeByRank(0, 0)).isEmpty();
        db.commit();
        assertThat(db.exists(KEY)).isFalse();
    }
}
