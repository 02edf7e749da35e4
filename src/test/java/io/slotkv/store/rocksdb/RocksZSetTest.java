package io.slotkv.store.rocksdb;

import static io.slotkv.store.ZSetModel.bytes;
import static io.slotkv.store.ZSetModel.render;
import static org.assertj.core.api.Assertions.assertThat;

import io.slotkv.store.Keyspace;
import io.slotkv.store.LexRange;
import io.slotkv.store.ScoreRange;
import io.slotkv.store.ZSetModel;
import io.slotkv.store.ZSetValue;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded random operations on a {@link RocksZSet} in a real {@link RocksEngine}, checked against the shared
 * {@link ZSetModel}, as the memory engine's sorted set is. Each step is one command: its
 * checks run either before the commit (reads through the uncommitted batch over the database) or after it, and
 * neighbouring keys are kept in the database so that walks off either end of the set would show.
 */
class RocksZSetTest {
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

    private ZSetValue zset() {
        return db.zset(KEY, true);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 31337})
    void randomOperationsMatchTheModel(long seed) throws IOException {
        Random random = new Random(seed);
        ZSetModel model = new ZSetModel();
        for (int step = 0; step < 400; step++) {
            ZSetValue zset = zset();
            for (int op = random.nextInt(3); op >= 0; op--) {
                model.randomChange(zset, random);
            }
            if (random.nextBoolean()) {
                db.commit();
                zset = zset();
            }
            model.check(zset, random);
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
            model.check(reopened, random);
        }
        assertThat(render(engine.database(1).zset(KEY, false).rangeByRank(0, 5))).containsExactly("=0.0");
    }

    @ParameterizedTest
    @ValueSource(longs = {4, 5})
    void lexRangesWithEqualScoresMatchTheModel(long seed) {
        Random random = new Random(seed);
        ZSetModel model = new ZSetModel();
        for (int step = 0; step < 300; step++) {
            ZSetValue zset = zset();
            model.randomEqualScoreChange(zset, random);
            if (random.nextBoolean()) {
                db.commit();
                zset = zset();
            }
            model.checkLexRange(zset, random);
            db.commit();
        }
    }

    @Test
    void onlyRealChangesMarkTheKeyModified() {
        zset().put(bytes("a"), 1);
        assertThat(db.commit()).extracting(ZSetModel::text).containsOnly("z"); // created and changed
        assertThat(zset().put(bytes("a"), 1)).isEqualTo(1.0);
        assertThat(zset().remove(bytes("absent"))).isFalse();
        assertThat(db.commit()).isEmpty();
        assertThat(zset().put(bytes("a"), 2)).isEqualTo(1.0);
        assertThat(db.commit()).extracting(ZSetModel::text).containsExactly("z");
        assertThat(zset().remove(bytes("a"))).isTrue();
        assertThat(db.commit()).extracting(ZSetModel::text).containsExactly("z");
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
