package io.slotkv.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The reference model every engine's sorted set is checked against: members (ISO-8859-1 strings, which compare
 * like unsigned bytes) mapped to scores in a {@link TreeMap}, ordered as Redis orders them. Random changes are
 * applied to a {@link ZSetValue} and the model together, and {@link #check} / {@link #checkLexRange} compare every
 * query of the view with the model's answer.
 */
public final class ZSetModel {
    public static final double[] SCORES =
            {Double.NEGATIVE_INFINITY, -3, -0.5, 0, 0.5, 2, 2.5, 10, Double.POSITIVE_INFINITY};

    public static final String[] MEMBERS =
            {"", "a", "aa", "ab", "b", "bb", "c", "d", "e", "x", "\u0080", "\u00ff"};

    private final TreeMap<String, Double> scores = new TreeMap<>();

    public static byte[] bytes(String member) {
        return member.getBytes(StandardCharsets.ISO_8859_1);
    }

    public static String text(byte[] member) {
        return new String(member, StandardCharsets.ISO_8859_1);
    }

    public static List<String> render(List<ScoredMember> members) {
        return members.stream().map(m -> text(m.member()) + "=" + m.score()).toList();
    }

    public static List<String> render(Stream<Map.Entry<String, Double>> entries) {
        return entries.map(e -> e.getKey() + "=" + e.getValue()).toList();
    }

    /** The model's entries in Redis order: by score, then by member. */
    public List<Map.Entry<String, Double>> sorted() {
        return scores.entrySet().stream()
                .sorted(Comparator.comparingDouble((Map.Entry<String, Double> e) -> e.getValue())
                        .thenComparing(Map.Entry::getKey))
                .toList();
    }

    /** One random put (or, one time in four, remove) on both, checking the view's answer. */
    public void randomChange(ZSetValue zset, Random random) {
        String member = MEMBERS[random.nextInt(MEMBERS.length)];
        double score = SCORES[random.nextInt(SCORES.length)];
        if (random.nextInt(4) == 0) {
            assertThat(zset.remove(bytes(member))).isEqualTo(scores.remove(member) != null);
        } else {
            assertThat(zset.put(bytes(member), score)).isEqualTo(scores.put(member, score));
        }
    }

    /** One random put with score 1 (or, one time in three, remove): lex ranges are defined on equal scores. */
    public void randomEqualScoreChange(ZSetValue zset, Random random) {
        String member = MEMBERS[random.nextInt(MEMBERS.length)];
        if (random.nextInt(3) == 0) {
            zset.remove(bytes(member));
            scores.remove(member);
        } else {
            zset.put(bytes(member), 1);
            scores.put(member, 1.0);
        }
    }

    /** Size, every member's score and rank, an absent member, a random rank range and a random score range. */
    public void check(ZSetValue zset, Random random) {
        List<Map.Entry<String, Double>> sorted = sorted();
        assertThat(zset.size()).isEqualTo(sorted.size());
        for (int rank = 0; rank < sorted.size(); rank++) {
            String expected = sorted.get(rank).getKey();
            assertThat(zset.rank(bytes(expected))).isEqualTo(rank);
            assertThat(zset.score(bytes(expected))).isEqualTo(sorted.get(rank).getValue());
        }
        assertThat(zset.rank(bytes("absent"))).isEqualTo(-1);
        assertThat(zset.score(bytes("absent"))).isNull();
        if (!sorted.isEmpty()) {
            int from = random.nextInt(sorted.size());
            int to = from + random.nextInt(sorted.size() - from);
            assertThat(render(zset.rangeByRank(from, to))).isEqualTo(render(sorted.subList(from, to + 1).stream()));
        }
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

    /** A random lex range, both directions, with offset and limit, and its lexCount. */
    public void checkLexRange(ZSetValue zset, Random random) {
        byte[] min = random.nextInt(6) == 0 ? null : bytes(MEMBERS[random.nextInt(MEMBERS.length)]);
        byte[] max = random.nextInt(6) == 0 ? null : bytes(MEMBERS[random.nextInt(MEMBERS.length)]);
        LexRange range = new LexRange(min, random.nextBoolean(), max, random.nextBoolean());
        boolean reverse = random.nextBoolean();
        long offset = random.nextInt(4);
        long limit = random.nextInt(5) - 1;
        List<Map.Entry<String, Double>> inside =
                sorted().stream().filter(e -> range.contains(bytes(e.getKey()))).toList();
        String context = (min == null ? "-" : text(min)) + ".." + (max == null ? "+" : text(max));
        assertThat(zset.lexCount(range)).as(context).isEqualTo(inside.size());
        assertThat(render(zset.rangeByLex(range, reverse, offset, limit)))
                .as("%s reverse=%s offset=%d limit=%d", context, reverse, offset, limit)
                .isEqualTo(render(window(inside, reverse, offset, limit)));
    }

    /** What a range query with {@code offset} and {@code limit} (negative: all) selects from {@code inside}. */
    private static Stream<Map.Entry<String, Double>> window(
            List<Map.Entry<String, Double>> inside, boolean reverse, long offset, long limit) {
        Stream<Map.Entry<String, Double>> ordered = (reverse ? inside.reversed() : inside).stream().skip(offset);
        return limit < 0 ? ordered : ordered.limit(limit);
    }
}
