package io.slotkv.store.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.slotkv.store.LexRange;
import io.slotkv.store.ScoreRange;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded random inserts and deletes on a {@link RankedSkipList}, checked after every step against a {@link TreeSet}
 * ordered by (score, unsigned member bytes): length, rank of every element, element at every rank, the backward
 * links, and the first/last elements of random score and lex ranges.
 */
class RankedSkipListTest {
    /** Few scores and members, so that ties on score and re-inserts of the same member are frequent. */
    private static final double[] SCORES =
            {Double.NEGATIVE_INFINITY, -2.5, -0.0, 0, 1, 1.5, 7, Double.POSITIVE_INFINITY};

    private static final String[] MEMBERS = {"", "a", "aa", "ab", "b", "ba", "c", "z", "\u00e9", "\u00ff"};

    private record Entry(byte[] member, double score) {}

    /** Redis's order: score (with -0 equal to 0), then member bytes compared unsigned. */
    private static final Comparator<Entry> ORDER = Comparator.comparingDouble((Entry e) -> e.score + 0.0)
            .thenComparing(Entry::member, Arrays::compareUnsigned);

    private static byte[] bytes(String member) {
        return member.getBytes(StandardCharsets.ISO_8859_1);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 2024})
    void randomInsertsAndDeletesMatchASortedModel(long seed) {
        Random random = new Random(seed);
        RankedSkipList list = new RankedSkipList();
        TreeSet<Entry> model = new TreeSet<>(ORDER);
        for (int step = 0; step < 1500; step++) {
            Entry entry = new Entry(
                    bytes(MEMBERS[random.nextInt(MEMBERS.length)]), SCORES[random.nextInt(SCORES.length)]);
            if (random.nextInt(3) == 0) {
                assertThat(list.delete(entry.member, entry.score)).isEqualTo(model.remove(entry));
            } else if (!model.contains(entry)) {
                list.insert(entry.member, entry.score);
                model.add(entry);
            }
            assertMatches(list, new ArrayList<>(model));
            assertRangesMatch(list, new ArrayList<>(model), random);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {7, 8})
    void lexRangesOnEqualScoresMatchASortedModel(long seed) {
        Random random = new Random(seed);
        RankedSkipList list = new RankedSkipList();
        TreeSet<Entry> model = new TreeSet<>(ORDER);
        for (int step = 0; step < 600; step++) {
            Entry entry = new Entry(bytes(MEMBERS[random.nextInt(MEMBERS.length)]), 0);
            if (random.nextBoolean()) {
                list.delete(entry.member, 0);
                model.remove(entry);
            } else if (model.add(entry)) {
                list.insert(entry.member, 0);
            }
            List<Entry> sorted = new ArrayList<>(model);
            for (int probe = 0; probe < 5; probe++) {
                LexRange range = randomLexRange(random);
                List<Entry> inside = sorted.stream().filter(e -> range.contains(e.member)).toList();
                assertSame(list.firstInLex(range), inside.isEmpty() ? null : inside.getFirst(), range);
                assertSame(list.lastInLex(range), inside.isEmpty() ? null : inside.getLast(), range);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {5})
    void manyElementsKeepRanksAndSpans(long seed) {
        Random random = new Random(seed);
        RankedSkipList list = new RankedSkipList();
        TreeSet<Entry> model = new TreeSet<>(ORDER);
        for (int i = 0; i < 5000; i++) {
            Entry entry = new Entry(bytes("m" + random.nextInt(20_000)), random.nextInt(100));
            if (model.add(entry)) {
                list.insert(entry.member, entry.score);
            }
        }
        List<Entry> doomed = new ArrayList<>(model).subList(0, model.size() / 2);
        for (Entry entry : List.copyOf(doomed)) {
            if (random.nextBoolean()) {
                assertThat(list.delete(entry.member, entry.score)).isTrue();
                model.remove(entry);
            }
        }
        assertMatches(list, new ArrayList<>(model));
    }

    private static void assertMatches(RankedSkipList list, List<Entry> sorted) {
        assertThat(list.length()).isEqualTo(sorted.size());
        RankedSkipList.Node previous = null;
        for (int i = 0; i < sorted.size(); i++) {
            Entry expected = sorted.get(i);
            RankedSkipList.Node node = list.byRank(i + 1);
            assertSame(node, expected, "rank " + (i + 1));
            assertThat(node.previous).as("previous of rank %d", i + 1).isSameAs(previous);
            assertThat(node.next(0)).isSameAs(i + 1 < sorted.size() ? list.byRank(i + 2) : null);
            assertThat(list.rank(expected.member, expected.score)).isEqualTo(i + 1);
            previous = node;
        }
        assertThat(list.byRank(0)).isNull();
        assertThat(list.byRank(sorted.size() + 1)).isNull();
        assertThat(list.rank(bytes("absent"), 0)).isZero();
    }

    private static void assertRangesMatch(RankedSkipList list, List<Entry> sorted, Random random) {
        for (int probe = 0; probe < 4; probe++) {
            ScoreRange range = new ScoreRange(SCORES[random.nextInt(SCORES.length)], random.nextBoolean(),
                    SCORES[random.nextInt(SCORES.length)], random.nextBoolean());
            List<Entry> inside = sorted.stream().filter(e -> range.contains(e.score)).toList();
            if (range.isEmpty()) {
                assertThat(inside).isEmpty();
                continue; // callers never ask the list about an empty range
            }
            assertSame(list.firstInRange(range), inside.isEmpty() ? null : inside.getFirst(), range);
            assertSame(list.lastInRange(range), inside.isEmpty() ? null : inside.getLast(), range);
        }
    }

    private static LexRange randomLexRange(Random random) {
        byte[] min = random.nextInt(5) == 0 ? null : bytes(MEMBERS[random.nextInt(MEMBERS.length)]);
        byte[] max = random.nextInt(5) == 0 ? null : bytes(MEMBERS[random.nextInt(MEMBERS.length)]);
        return new LexRange(min, random.nextBoolean(), max, random.nextBoolean());
    }

    private static void assertSame(RankedSkipList.Node node, Entry expected, Object context) {
        if (expected == null) {
            assertThat(node).as("%s", context).isNull();
            return;
        }
        assertThat(node).as("%s", context).isNotNull();
        assertThat(node.member).as("%s", context).isEqualTo(expected.member);
        assertThat(node.score).as("%s", context).isEqualTo(expected.score);
    }
}
