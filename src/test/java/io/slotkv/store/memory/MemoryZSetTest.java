package io.slotkv.store.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.slotkv.store.LexRange;
import io.slotkv.store.ScoreRange;
import io.slotkv.store.ScoredMember;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded random operations on a {@link MemoryZSet}, checked against a model built on a {@link TreeMap} of members
 * (ISO-8859-1 strings compare like unsigned bytes): put, remove, score, rank, ranges by rank, score and lex in both
 * directions with offset and limit, count and lexCount.
 */
class MemoryZSetTest {
    private static final double[] SCORES =
            {Double.NEGATIVE_INFINITY, -3, -0.5, 0, 0.5, 2, 2.5, 10, Double.POSITIVE_INFINITY};

    private static final String[] MEMBERS = {"", "a", "aa", "ab", "b", "bb", "c", "d", "e", "x", "\u0080", "\u00ff"};

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

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 99, 31337})
    void randomOperationsMatchTheModel(long seed) {
        Random random = new Random(seed);
        MemoryZSet zset = new MemoryZSet();
        Model model = new Model();
        for (int step = 0; step < 1200; step++) {
            String member = MEMBERS[random.nextInt(MEMBERS.length)];
            double score = SCORES[random.nextInt(SCORES.length)];
            if (random.nextInt(4) == 0) {
                assertThat(zset.remove(bytes(member))).isEqualTo(model.scores.remove(member) != null);
            } else {
                assertThat(zset.put(bytes(member), score)).isEqualTo(model.scores.put(member, score));
            }
            List<Map.Entry<String, Double>> sorted = model.sorted();
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
    }

    private static void checkRankRange(MemoryZSet zset, List<Map.Entry<String, Double>> sorted, Random random) {
        if (sorted.isEmpty()) {
            return;
        }
        int from = random.nextInt(sorted.size());
        int to = from + random.nextInt(sorted.size() - from);
        assertThat(render(zset.rangeByRank(from, to))).isEqualTo(render(sorted.subList(from, to + 1).stream()));
    }

    private static void checkScoreRange(MemoryZSet zset, List<Map.Entry<String, Double>> sorted, Random random) {
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
    @ValueSource(longs = {4, 5, 6})
    void lexRangesWithEqualScoresMatchTheModel(long seed) {
        Random random = new Random(seed);
        MemoryZSet zset = new MemoryZSet();
        Model model = new Model();
        for (int step = 0; step < 800; step++) {
            String member = MEMBERS[random.nextInt(MEMBERS.length)];
            if (random.nextInt(3) == 0) {
                zset.remove(bytes(member));
                model.scores.remove(member);
            } else {
                zset.put(bytes(member), 1);
                model.scores.put(member, 1.0);
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
        }
    }

    @Test
    void emptyRangesSelectNothing() {
        MemoryZSet zset = new MemoryZSet();
        zset.put(bytes("a"), 1);
        zset.put(bytes("b"), 2);
        ScoreRange inverted = new ScoreRange(2, false, 1, false);
        ScoreRange open = new ScoreRange(1, true, 1, false);
        assertThat(zset.count(inverted)).isZero();
        assertThat(zset.count(open)).isZero();
        assertThat(zset.rangeByScore(inverted, true, 0, -1)).isEmpty();
        assertThat(zset.rangeByScore(new ScoreRange(1, false, 2, false), false, 0, 0)).isEmpty();
        assertThat(zset.lexCount(new LexRange(bytes("b"), false, bytes("a"), false))).isZero();
        assertThat(zset.rangeByRank(0, -1)).isEmpty();
    }

    @Test
    void negativeZeroIsTheSameScoreAsZero() {
        MemoryZSet zset = new MemoryZSet();
        zset.put(bytes("a"), 0.0);
        zset.put(bytes("b"), -0.0);
        zset.put(bytes("a"), -0.0);
        assertThat(render(zset.rangeByRank(0, 1))).hasSize(2).allMatch(m -> m.endsWith("0.0"));
        assertThat(zset.count(new ScoreRange(0, false, 0, false))).isEqualTo(2);
        assertThat(zset.remove(bytes("a"))).isTrue();
        assertThat(zset.remove(bytes("b"))).isTrue();
        assertThat(zset.size()).isZero();
        assertThat(zset.rangeByRank(0, 0)).isEmpty();
    }

    @Test
    void copyIsIndependent() {
        MemoryZSet zset = new MemoryZSet();
        zset.put(bytes("a"), 1);
        zset.put(bytes("b"), 2);
        MemoryZSet copy = (MemoryZSet) zset.copy();
        zset.put(bytes("a"), 5);
        copy.remove(bytes("b"));
        assertThat(render(zset.rangeByRank(0, 1))).containsExactly("b=2.0", "a=5.0");
        assertThat(render(copy.rangeByRank(0, 0))).containsExactly("a=1.0");
        assertThat(copy.size()).isEqualTo(1);
    }

    @Test
    void encodingFollowsRedisThresholds() {
        MemoryZSet zset = new MemoryZSet();
        zset.put(bytes("a"), 1);
        assertThat(zset.encoding()).isEqualTo("listpack");
        zset.put(bytes("x".repeat(Encodings.MAX_LISTPACK_VALUE + 1)), 1);
        assertThat(zset.encoding()).isEqualTo("skiplist");
    }
}
