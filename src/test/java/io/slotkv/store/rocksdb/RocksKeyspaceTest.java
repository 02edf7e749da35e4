package io.slotkv.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.slotkv.protocol.HashSlot;
import io.slotkv.store.HashValue;
import io.slotkv.store.Keyspace;
import io.slotkv.store.SetValue;
import io.slotkv.store.StagedValue;
import io.slotkv.store.ValueType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/** {@link RocksKeyspace} on a real engine in a temporary directory: counters, slots, commit visibility, reopening. */
class RocksKeyspaceTest {
    @TempDir
    Path dir;

    private RocksEngine engine;
    private RocksKeyspace db;

    @BeforeEach
    void open() throws IOException {
        engine = new RocksEngine(dir, 16, "always");
        db = (RocksKeyspace) engine.database(0);
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private void reopen() throws IOException {
        engine.close();
        open();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Keys in RocksDB itself (not the batch) of {@code family} within the range of {@code slot} of database 0. */
    private List<byte[]> stored(ColumnFamilyHandle family, int slot) {
        List<byte[]> keys = new ArrayList<>();
        byte[] start = KeyCodec.slotStart(0, slot);
        try (RocksIterator it = engine.db().newIterator(family)) {
            for (it.seek(start); it.isValid() && RocksKeyspace.startsWith(it.key(), start); it.next()) {
                keys.add(it.key());
            }
        }
        return keys;
    }

    private Map<String, String> fields(HashValue hash) {
        Map<String, String> out = new TreeMap<>();
        hash.forEach((field, value) -> out.put(s(field), s(value)));
        return out;
    }

    @Test
    void slotCountersFollowPutsDeletesAndExpiryAndSurviveReopening() throws IOException {
        int slot = HashSlot.of(b("{t}a"));
        db.putString(b("{t}a"), b("1"), Keyspace.NO_EXPIRY);
        db.putString(b("{t}b"), b("2"), System.currentTimeMillis() + 60_000);
        db.hash(b("{t}h"), true).put(b("f"), b("v"));
        db.putString(b("{t}a"), b("again"), Keyspace.NO_EXPIRY);
        db.commit();
        assertThat(db.countKeysInSlot(slot)).isEqualTo(3);
        assertThat(db.size()).isEqualTo(3);
        assertThat(db.expiringKeys()).isEqualTo(1);

        assertThat(db.delete(b("{t}a"))).isTrue();
        assertThat(db.delete(b("{t}missing"))).isFalse();
        db.commit();
        assertThat(db.countKeysInSlot(slot)).isEqualTo(2);

        db.expireAt(b("{t}h"), System.currentTimeMillis() - 1);
        db.commit();
        assertThat(db.exists(b("{t}h"))).isFalse();
        db.commit();
        assertThat(db.countKeysInSlot(slot)).isEqualTo(1);
        assertThat(db.expiringKeys()).isEqualTo(1);

        reopen();
        assertThat(db.countKeysInSlot(slot)).isEqualTo(1);
        assertThat(db.size()).isEqualTo(1);
        assertThat(db.expiringKeys()).isEqualTo(1);
        assertThat(s(db.getString(b("{t}b")))).isEqualTo("2");
    }

    @Test
    void activeExpireDeletesExpiredKeysAndTheirCounts() throws Exception {
        long soon = System.currentTimeMillis() + 20;
        db.putString(b("gone"), b("x"), soon);
        db.set(b("gone-set"), true).add(b("m"));
        db.expireAt(b("gone-set"), soon);
        db.putString(b("kept"), b("y"), Keyspace.NO_EXPIRY);
        db.commit();
        TimeUnit.MILLISECONDS.sleep(40);
        assertThat(db.activeExpire(TimeUnit.SECONDS.toNanos(1))).isEqualTo(2);
        assertThat(db.size()).isEqualTo(1);
        assertThat(db.expiringKeys()).isZero();
        assertThat(stored(engine.meta, HashSlot.of(b("gone")))).isEmpty();
        assertThat(stored(engine.data, HashSlot.of(b("gone-set")))).isEmpty();
    }

    @Test
    void deleteSlotRemovesOnlyThatSlotsMetaDataAndScores() throws RocksDBException {
        int slot = HashSlot.of(b("{x}s"));
        int other = HashSlot.of(b("{y}s"));
        assertThat(slot).isNotEqualTo(other);
        for (String tag : List.of("{x}", "{y}")) {
            db.putString(b(tag + "s"), b("v"), System.currentTimeMillis() + 60_000);
            db.hash(b(tag + "h"), true).put(b("f"), b("v"));
            db.set(b(tag + "set"), true).add(b("m"));
        }
        db.commit();
        // The score family's layout shares the sub-key prefix: a raw entry stands for a sorted set's score.
        byte[] xScore = KeyCodec.concat(KeyCodec.subPrefix(0, b("{x}z"), 1), KeyCodec.sortableScore(1.5));
        byte[] yScore = KeyCodec.concat(KeyCodec.subPrefix(0, b("{y}z"), 1), KeyCodec.sortableScore(1.5));
        engine.db().put(engine.score, xScore, new byte[0]);
        engine.db().put(engine.score, yScore, new byte[0]);

        assertThat(db.deleteSlot(slot)).isEqualTo(3);
        assertThat(db.exists(b("{x}s"))).as("invisible in the same command").isFalse();
        db.commit();

        assertThat(db.countKeysInSlot(slot)).isZero();
        assertThat(db.countKeysInSlot(other)).isEqualTo(3);
        assertThat(db.size()).isEqualTo(3);
        assertThat(db.expiringKeys()).isEqualTo(1);
        for (ColumnFamilyHandle family : List.of(engine.meta, engine.data, engine.score)) {
            assertThat(stored(family, slot)).isEmpty();
            assertThat(stored(family, other)).isNotEmpty();
        }
        assertThat(fields(db.hash(b("{y}h"), false))).containsExactly(Map.entry("f", "v"));
        assertThat(db.set(b("{y}set"), false).contains(b("m"))).isTrue();
    }

    @Test
    void aKeyFoundAbsentIsSeenOnceWrittenInTheSameCommandOrLaterAndAbsentOnceDeleted() throws IOException {
        assertThat(db.exists(b("k"))).isFalse(); // now known absent
        assertThat(db.getString(b("k"))).isNull();
        db.putString(b("k"), b("1"), Keyspace.NO_EXPIRY);
        assertThat(s(db.getString(b("k")))).as("in the same command").isEqualTo("1");
        db.commit();
        assertThat(db.delete(b("k"))).isTrue();
        assertThat(db.exists(b("k"))).as("deleted in this command").isFalse();
        db.commit();
        assertThat(db.exists(b("k"))).isFalse();

        assertThat(db.hash(b("h"), false)).isNull();
        StagedValue staged = db.stage(b("h"), ValueType.HASH);
        staged.element(b("f"), b("v"), 0);
        staged.publish(Keyspace.NO_EXPIRY);
        db.commit();
        assertThat(fields(db.hash(b("h"), false))).as("published over a key known absent").containsEntry("f", "v");

        assertThat(db.exists(b("{x}gone"))).isFalse();
        db.putString(b("{x}gone"), b("v"), Keyspace.NO_EXPIRY);
        db.commit();
        db.deleteSlot(HashSlot.of(b("{x}gone")));
        db.commit();
        assertThat(db.exists(b("{x}gone"))).as("after a slot deletion").isFalse();
        reopen();
        assertThat(fields(db.hash(b("h"), false))).containsEntry("f", "v");
        assertThat(db.exists(b("k"))).isFalse();
    }

    @Test
    void keysInSlotListsKeysInByteOrderUpToTheCount() {
        for (String key : List.of("{k}c", "{k}a", "{k}b2", "{k}b")) {
            db.putString(b(key), b("v"), Keyspace.NO_EXPIRY);
        }
        db.putString(b("elsewhere"), b("v"), Keyspace.NO_EXPIRY);
        db.commit();
        int slot = HashSlot.of(b("{k}"));
        assertThat(db.keysInSlot(slot, 10).stream().map(RocksKeyspaceTest::s))
                .containsExactly("{k}a", "{k}b", "{k}b2", "{k}c");
        assertThat(db.keysInSlot(slot, 2).stream().map(RocksKeyspaceTest::s)).containsExactly("{k}a", "{k}b");
        assertThat(db.keysInSlot(HashSlot.of(b("{none}")), 10)).isEmpty();
    }

    @Test
    void aCommandsWritesReachRocksDbOnlyAtCommitAndAllTogether() throws RocksDBException {
        byte[] meta = KeyCodec.meta(0, b("s"));
        db.putString(b("s"), b("v"), Keyspace.NO_EXPIRY);
        HashValue hash = db.hash(b("h"), true);
        hash.put(b("f1"), b("v1"));
        hash.put(b("f2"), b("v2"));
        assertThat(s(db.getString(b("s")))).as("the command reads its own writes").isEqualTo("v");
        assertThat(fields(hash)).hasSize(2);
        assertThat(engine.db().get(engine.meta, meta)).isNull();
        assertThat(engine.db().get(engine.meta, KeyCodec.meta(0, b("h")))).isNull();
        assertThat(stored(engine.data, HashSlot.of(b("h")))).isEmpty();

        db.commit();
        assertThat(engine.db().get(engine.meta, meta)).isNotNull();
        assertThat(Metadata.decode(engine.db().get(engine.meta, KeyCodec.meta(0, b("h")))).count).isEqualTo(2);
        assertThat(stored(engine.data, HashSlot.of(b("h")))).hasSize(2);
    }

    @Test
    void deferredCommandsReachTheDiskTogetherOrNotAtAll() throws IOException {
        engine.deferCommits();
        db.putString(b("a"), b("1"), Keyspace.NO_EXPIRY);
        db.commit();
        db.hash(b("h"), true).put(b("f"), b("v"));
        db.commit();
        assertThat(db.getString(b("a"))).isNotNull(); // later commands read earlier ones
        reopen(); // a crash before the unit ends: closing does not write the held batch
        assertThat(db.exists(b("a"))).isFalse();
        assertThat(db.exists(b("h"))).isFalse();
        assertThat(db.countKeysInSlot(HashSlot.of(b("a")))).isZero();

        engine.deferCommits();
        db.putString(b("a"), b("1"), Keyspace.NO_EXPIRY);
        db.commit();
        db.hash(b("h"), true).put(b("f"), b("v"));
        db.commit();
        engine.commitDeferred();
        reopen();
        assertThat(s(db.getString(b("a")))).isEqualTo("1");
        assertThat(fields(db.hash(b("h"), false))).containsEntry("f", "v");
        assertThat(db.countKeysInSlot(HashSlot.of(b("h")))).isEqualTo(1);
    }

    @Test
    void aRangeDeletedBeforeALaterWriteOfTheSameUnitDoesNotEraseIt() throws IOException {
        var list = db.list(b("l"), true);
        for (int i = 0; i < 200; i++) {
            list.push(false, b("x" + i));
        }
        db.commit();
        int slot = HashSlot.of(b("{s}k"));
        db.putString(b("{s}k"), b("old"), Keyspace.NO_EXPIRY);
        db.set(b("{s}set"), true).add(b("old"));
        db.commit();

        engine.deferCommits();
        db.list(b("l"), false).trim(0, 9); // cuts the tail with a range deletion
        db.commit();
        db.list(b("l"), false).push(false, b("new")); // lands where the cut was
        db.commit();
        db.deleteSlot(slot);
        db.commit();
        db.putString(b("{s}k"), b("new"), Keyspace.NO_EXPIRY);
        db.set(b("{s}set"), true).add(b("new"));
        db.commit();
        engine.commitDeferred();
        reopen();

        var reread = db.list(b("l"), false);
        assertThat(reread.size()).isEqualTo(11);
        assertThat(s(reread.get(10))).isEqualTo("new");
        assertThat(s(db.getString(b("{s}k")))).isEqualTo("new");
        assertThat(db.set(b("{s}set"), false).contains(b("new"))).isTrue();
        assertThat(db.set(b("{s}set"), false).contains(b("old"))).isFalse();
        assertThat(db.countKeysInSlot(slot)).isEqualTo(2);
    }

    @Test
    void emptiedCollectionsAreDeletedAtCommit() {
        db.set(b("s"), true).add(b("m"));
        db.commit();
        SetValue set = db.set(b("s"), false);
        assertThat(set.remove(b("m"))).isTrue();
        assertThat(db.commit().stream().map(RocksKeyspaceTest::s)).containsExactly("s");
        assertThat(db.exists(b("s"))).isFalse();
        assertThat(db.size()).isZero();
        assertThat(stored(engine.data, HashSlot.of(b("s")))).isEmpty();
    }

    @Test
    void collectionsOfOtherDatabasesAreWrittenBackByTheCommit() throws IOException {
        RocksKeyspace db1 = (RocksKeyspace) engine.database(1);
        db1.hash(b("h"), true).put(b("f"), b("v"));
        db.commit();
        reopen();
        db1 = (RocksKeyspace) engine.database(1);
        assertThat(db1.hash(b("h"), false).size()).isEqualTo(1);
        assertThat(fields(db1.hash(b("h"), false))).containsExactly(Map.entry("f", "v"));
        assertThat(db.exists(b("h"))).isFalse();
    }

    @Test
    void copyAndRenameOfCollectionsMoveEveryElementAndTheExpiry() throws IOException {
        long when = System.currentTimeMillis() + 60_000;
        HashValue hash = db.hash(b("src"), true);
        for (int i = 0; i < 20; i++) {
            hash.put(b("f" + i), b("v" + i));
        }
        db.expireAt(b("src"), when);
        db.set(b("dst"), true).add(b("old"));
        db.commit();
        db.copy(b("src"), b("copy"));
        db.rename(b("src"), b("dst"));
        db.commit();
        reopen();
        assertThat(db.exists(b("src"))).isFalse();
        for (String key : List.of("copy", "dst")) {
            assertThat(db.type(b(key))).isEqualTo(ValueType.HASH);
            assertThat(db.hash(b(key), false).size()).isEqualTo(20);
            assertThat(fields(db.hash(b(key), false))).hasSize(20).containsEntry("f7", "v7");
            assertThat(db.expireAt(b(key))).isEqualTo(when);
        }
        assertThat(db.size()).isEqualTo(2);
        assertThat(db.expiringKeys()).isEqualTo(2);
    }

    @Test
    void flushEmptiesTheDatabaseOnly() {
        db.putString(b("a"), b("1"), System.currentTimeMillis() + 60_000);
        db.hash(b("h"), true).put(b("f"), b("v"));
        RocksKeyspace db1 = (RocksKeyspace) engine.database(1);
        db1.putString(b("a"), b("other"), Keyspace.NO_EXPIRY);
        db.commit();
        db.flush();
        db.commit();
        assertThat(db.size()).isZero();
        assertThat(db.expiringKeys()).isZero();
        assertThat(db.exists(b("a"))).isFalse();
        assertThat(db.scan(0, 100, key -> {})).isZero();
        assertThat(s(db1.getString(b("a")))).isEqualTo("other");
        assertThat(db1.size()).isEqualTo(1);
    }

    @Test
    void encodingsFollowRedisThresholds() {
        db.set(b("ints"), true).add(b("12"));
        db.set(b("words"), true).add(b("x"));
        db.hash(b("small"), true).put(b("f"), b("v"));
        db.hash(b("long"), true).put(b("f"), b("v".repeat(65)));
        db.putString(b("n"), b("123"), Keyspace.NO_EXPIRY);
        db.commit();
        assertThat(db.encoding(b("ints"))).isEqualTo("intset");
        assertThat(db.encoding(b("words"))).isEqualTo("hashtable");
        assertThat(db.encoding(b("small"))).isEqualTo("listpack");
        assertThat(db.encoding(b("long"))).isEqualTo("hashtable");
        assertThat(db.encoding(b("n"))).isEqualTo("int");
        assertThat(db.encoding(b("missing"))).isNull();
    }

    @Test
    void reopeningKeepsStringsHashesSetsAndAbsoluteExpiries() throws IOException {
        long when = System.currentTimeMillis() + 3_600_000;
        db.putString(b("str"), b("value"), when);
        HashValue hash = db.hash(b("hash"), true);
        hash.put(b("a"), b("1"));
        hash.put(b("b"), b("2"));
        SetValue set = db.set(b("set"), true);
        set.add(b("x"));
        set.add(b("y"));
        db.commit();
        hash = db.hash(b("hash"), false);
        hash.remove(b("a"));
        db.expireAt(b("set"), when + 1);
        db.commit();

        reopen();
        assertThat(s(db.getString(b("str")))).isEqualTo("value");
        assertThat(db.expireAt(b("str"))).isEqualTo(when);
        assertThat(fields(db.hash(b("hash"), false))).containsExactly(Map.entry("b", "2"));
        assertThat(db.hash(b("hash"), false).size()).isEqualTo(1);
        assertThat(db.expireAt(b("hash"))).isEqualTo(Keyspace.NO_EXPIRY);
        List<String> members = new ArrayList<>();
        db.set(b("set"), false).forEach(m -> members.add(s(m)));
        assertThat(members).containsExactly("x", "y");
        assertThat(db.expireAt(b("set"))).isEqualTo(when + 1);
        assertThat(db.size()).isEqualTo(3);
        assertThat(db.expiringKeys()).isEqualTo(2);
    }

    @Test
    void aRestartDropsTheElementsOfACollectionStagedAndNeverPublished() throws IOException {
        byte[] key = b("{staged}zset");
        int slot = HashSlot.of(key);
        StagedValue staged = db.stage(key, ValueType.ZSET);
        for (int i = 0; i < 1000; i++) {
            staged.element(b("m" + i), null, i);
        }
        db.commit();
        assertThat(stored(engine.data, slot)).hasSize(1000);
        assertThat(stored(engine.score, slot)).hasSize(1000);

        reopen();
        assertThat(stored(engine.data, slot)).isEmpty();
        assertThat(stored(engine.score, slot)).isEmpty();
        assertThat(stored(engine.staged, slot)).isEmpty();
        assertThat(db.exists(key)).isFalse();
        assertThat(db.countKeysInSlot(slot)).isZero();
    }

    @Test
    void aPublishedCollectionOutlivesARestartAndLeavesNoStagingMark() throws IOException {
        byte[] key = b("{staged}hash");
        int slot = HashSlot.of(key);
        db.putString(key, b("before"), Keyspace.NO_EXPIRY);
        db.commit();
        StagedValue staged = db.stage(key, ValueType.HASH);
        staged.element(b("f"), b("v"), 0);
        db.commit();
        staged.publish(Keyspace.NO_EXPIRY);
        db.commit();

        reopen();
        assertThat(stored(engine.staged, slot)).isEmpty();
        assertThat(fields(db.hash(key, false))).containsExactly(Map.entry("f", "v"));
        assertThat(db.countKeysInSlot(slot)).isEqualTo(1);
    }
}
