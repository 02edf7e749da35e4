package io.slotkv.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.slotkv.protocol.HashSlot;
import io.slotkv.store.memory.MemoryEngine;
import io.slotkv.store.rocksdb.RocksEngine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link SlotSnapshot} on both engines: it shows the slots as they were when it was made, whatever is written
 * afterwards, key by key in slot order, and gives big collections back in bounded pieces that add up to the whole.
 */
class SlotSnapshotTest {
    @TempDir
    Path dir;

    private StorageEngine engine;
    private Keyspace db;

    private void open(String name) throws IOException {
        engine = name.equals("rocksdb") ? new RocksEngine(dir, 2, "no") : new MemoryEngine(2);
        db = engine.database(0);
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Everything a snapshot shows: key -> a text form of type, expiry and value, in visiting order. */
    private static Map<String, String> read(SlotSnapshot snapshot, int piece) {
        Map<String, String> out = new LinkedHashMap<>();
        while (snapshot.next()) {
            String value;
            if (snapshot.type() == ValueType.STRING) {
                value = s(snapshot.string());
            } else {
                List<String> elements = new ArrayList<>();
                boolean more;
                do {
                    int before = elements.size();
                    more = snapshot.elements(piece, (element, field, score) -> elements.add(s(element)
                            + (field == null ? "" : "=" + s(field)) + (Double.isNaN(score) ? "" : "@" + score)));
                    assertThat(elements.size() - before).isLessThanOrEqualTo(piece);
                } while (more);
                assertThat((long) elements.size()).isEqualTo(snapshot.size());
                if (snapshot.type() != ValueType.LIST) {
                    elements.sort(null); // hash and set order is the engine's
                }
                value = String.join(",", elements);
            }
            out.put(snapshot.slot() + ":" + s(snapshot.key()),
                    snapshot.type() + " " + (snapshot.expireAt() >= 0 ? "ttl " : "") + value);
        }
        return out;
    }

    private void fill() {
        long later = System.currentTimeMillis() + 600_000;
        db.putString(b("{a}s"), b("v"), later);
        HashValue hash = db.hash(b("{a}h"), true);
        for (int i = 0; i < 10; i++) {
            hash.put(b("f" + i), b("v" + i));
        }
        ListValue list = db.list(b("{b}l"), true);
        for (int i = 0; i < 7; i++) {
            list.push(false, b("e" + i));
        }
        db.set(b("{b}set"), true).add(b("m"));
        ZSetValue zset = db.zset(b("{c}z"), true);
        zset.put(b("x"), 2.5);
        zset.put(b("y"), -1);
        db.putString(b("{c}gone"), b("v"), System.currentTimeMillis() - 1);
        db.putString(b("{outside}k"), b("v"), Keyspace.NO_EXPIRY);
        db.commit();
    }

    private static int slot(String tag) {
        return HashSlot.of(b("{" + tag + "}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "rocksdb"})
    void showsTheSlotsAsTheyWereWhenItWasMade(String name) throws IOException {
        open(name);
        fill();
        int from = Math.min(slot("a"), Math.min(slot("b"), slot("c")));
        int to = Math.max(slot("a"), Math.max(slot("b"), slot("c")));
        assertThat(slot("outside") < from || slot("outside") > to).as("{outside} lies outside the range").isTrue();
        Map<String, String> expected;
        try (SlotSnapshot first = db.snapshot(from, to)) {
            expected = read(first, 1000);
        }
        assertThat(expected).hasSize(5).containsEntry(slot("a") + ":{a}s", "STRING ttl v")
                .containsEntry(slot("b") + ":{b}l", "LIST e0,e1,e2,e3,e4,e5,e6")
                .containsEntry(slot("c") + ":{c}z", "ZSET x@2.5,y@-1.0");
        List<Integer> slots = expected.keySet().stream().map(k -> Integer.parseInt(k.split(":")[0])).toList();
        assertThat(slots).isSorted();

        try (SlotSnapshot snapshot = db.snapshot(from, to)) {
            db.delete(b("{a}s"));
            db.hash(b("{a}h"), false).put(b("f0"), b("changed"));
            db.list(b("{b}l"), false).pop(true);
            db.zset(b("{c}z"), false).put(b("w"), 0);
            db.putString(b("{b}new"), b("v"), Keyspace.NO_EXPIRY);
            db.commit();
            assertThat(read(snapshot, 3)).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "rocksdb"})
    void resumesWhereItStoppedAndEndsAtTheRange(String name) throws IOException {
        open(name);
        fill();
        try (SlotSnapshot snapshot = db.snapshot(slot("a"), slot("a"))) {
            Map<String, String> seen = new TreeMap<>();
            while (snapshot.next()) {
                if (snapshot.type() == ValueType.HASH) {
                    List<String> fields = new ArrayList<>();
                    assertThat(snapshot.elements(4, (f, v, score) -> fields.add(s(f)))).isTrue();
                    assertThat(snapshot.elements(4, (f, v, score) -> fields.add(s(f)))).isTrue();
                    assertThat(snapshot.elements(4, (f, v, score) -> fields.add(s(f)))).isFalse();
                    assertThat(fields).hasSize(10).doesNotHaveDuplicates();
                }
                seen.put(s(snapshot.key()), snapshot.type().toString());
            }
            assertThat(seen).containsOnlyKeys("{a}h", "{a}s");
            assertThat(snapshot.next()).isFalse();
        }
        try (SlotSnapshot empty = db.snapshot(0, 0)) {
            assertThat(slot("a")).isNotZero();
            assertThat(empty.next()).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "rocksdb"})
    void anUnclosedSnapshotDoesNotStopTheEngineClosing(String name) throws IOException {
        open(name);
        fill();
        SlotSnapshot open = db.snapshot(0, HashSlot.COUNT - 1);
        assertThat(open.next()).isTrue();
        engine.close();
        engine = name.equals("rocksdb") ? new RocksEngine(dir, 2, "no") : new MemoryEngine(2);
        assertThat(engine.database(0).exists(b("{outside}k"))).isEqualTo(name.equals("rocksdb"));
    }
}
