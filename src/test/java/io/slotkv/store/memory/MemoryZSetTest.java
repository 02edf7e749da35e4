package io.slotkv.store.memory;

import static io.slotkv.store.ZSetModel.bytes;
import static io.slotkv.store.ZSetModel.render;
import static org.assertj.core.api.Assertions.assertThat;

import io.slotkv.store.LexRange;
import io.slotkv.store.ScoreRange;
import io.slotkv.store.ZSetModel;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded random operations on a {@link MemoryZSet}, checked against the shared {@link ZSetModel}: put, remove,
 * score, rank, ranges by rank, score and lex in both directions with offset and limit, count and lexCount.
 */
class MemoryZSetTest {
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 99, 31337})
    void randomOperationsMatchTheModel(long seed) {
        Random random = new Random(seed);
        MemoryZSet zset = new MemoryZSet();
        ZSetModel model = new ZSetModel();
        for (int step = 0; step < 1200; step++) {
            model.randomChange(zset, random);
            model.check(zset, random);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {4, 5, 6})
    void lexRangesWithEqualScoresMatchTheModel(long seed) {
        Random random = new Random(seed);
        MemoryZSet zset = new MemoryZSet();
        ZSetModel model = new ZSetModel();
        for (int step = 0; step < 800; step++) {
            model.randomEqualScoreChange(zset, random);
            model.checkLexRange(zset, random);
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
