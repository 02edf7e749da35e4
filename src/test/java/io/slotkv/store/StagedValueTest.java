package io.slotkv.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.slotkv.protocol.HashSlot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Keyspace#stage} on both engines, used the way the target of a range move uses it: elements arrive over
 * several commands while the key keeps its old value for every reader, then one publish swaps the whole collection
 * in (or a discard leaves the key as it was).
 */
class StagedValueTest extends BothEngines {
    private static final byte[] KEY = b("{stage}key");
    private static final int SLOT = HashSlot.of(KEY);

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Stages {@code count} elements of {@code type} in commands of 100, checking the old value after each. */
    private static StagedValue stageOverOld(Keyspace db, ValueType type, int count) {
        db.putString(KEY, b("old"), Keyspace.NO_EXPIRY);
        db.commit();
        StagedValue staged = db.stage(KEY, type);
        for (int i = 0; i < count; i++) {
            staged.element(b("e" + i), b("v" + i), -i);
            if (i % 100 == 99) {
                db.commit();
                assertThat(s(db.getString(KEY))).isEqualTo("old");
                assertThat(db.size()).isEqualTo(1);
                assertThat(db.countKeysInSlot(SLOT)).isEqualTo(1);
            }
        }
        db.commit();
        assertThat(staged.size()).isEqualTo(count);
        return staged;
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "rocksdb"})
    void aStagedHashIsInvisibleUntilPublishedThenReplacesTheKeyWithItsExpiry(String name) throws IOException {
        Keyspace db = open(name);
        StagedValue staged = stageOverOld(db, ValueType.HASH, 1000);
        long when = System.currentTimeMillis() + 3_600_000;
        staged.publish(when);
        db.commit();
        HashValue hash = db.hash(KEY, false);
        assertThat(hash.size()).isEqualTo(1000);
        assertThat(s(hash.get(b("e999")))).isEqualTo("v999");
        assertThat(db.expireAt(KEY)).isEqualTo(when);
        assertThat(db.expiringKeys()).isEqualTo(1);
        assertThat(db.size()).isEqualTo(1);
        assertThat(db.countKeysInSlot(SLOT)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "rocksdb"})
    void aStagedListKeepsItsOrderAndAStagedSortedSetItsScores(String name) throws IOException {
        Keyspace db = open(name);
        stageOverOld(db, ValueType.LIST, 300).publish(Keyspace.NO_EXPIRY);
        db.commit();
        List<String> elements = new ArrayList<>();
        db.list(KEY, false).range(0, 299).forEach(e -> elements.add(s(e)));
        assertThat(elements).hasSize(300).startsWith("e0", "e1").endsWith("e299");

        stageOverOld(db, ValueType.ZSET, 300).publish(Keyspace.NO_EXPIRY);
        db.commit();
        ZSetValue zset = db.zset(KEY, false);
        assertThat(zset.size()).isEqualTo(300);
        assertThat(zset.score(b("e7"))).isEqualTo(-7.0);
        assertThat(s(zset.rangeByRank(0, 0).get(0).member())).isEqualTo("e299");

        stageOverOld(db, ValueType.SET, 300).publish(Keyspace.NO_EXPIRY);
        db.commit();
        assertThat(db.set(KEY, false).size()).isEqualTo(300);
        assertThat(db.set(KEY, false).contains(b("e150"))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "rocksdb"})
    void aDiscardedStagingLeavesTheKeyAsItWas(String name) throws IOException {
        Keyspace db = open(name);
        stageOverOld(db, ValueType.SET, 500).discard();
        db.commit();
        assertThat(s(db.getString(KEY))).isEqualTo("old");

        db.delete(KEY);
        db.commit();
        db.stage(KEY, ValueType.HASH).discard();
        db.commit();
        assertThat(db.exists(KEY)).isFalse();
        assertThat(db.countKeysInSlot(SLOT)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "rocksdb"})
    void publishingWhereNoKeyWasCountsOneKeyMore(String name) throws IOException {
        Keyspace db = open(name);
        StagedValue staged = db.stage(KEY, ValueType.SET);
        staged.element(b("a"), null, 0);
        db.commit();
        assertThat(db.exists(KEY)).isFalse();
        staged.publish(Keyspace.NO_EXPIRY);
        db.commit();
        assertThat(db.type(KEY)).isEqualTo(ValueType.SET);
        assertThat(db.size()).isEqualTo(1);
        assertThat(db.countKeysInSlot(SLOT)).isEqualTo(1);
    }
}
