package io.slotkv.store.rocksdb;

import static io.slotkv.store.ListModel.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slotkv.store.Keyspace;
import io.slotkv.store.ListModel;
import io.slotkv.store.ListValue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lists on a real RocksDB checked against {@link ArrayList}: seeded random operations at both ends and in the
 * middle, one commit per operation as the server does per command, with the stored sub-keys checked to be exactly
 * the elements (no leftovers from pops, removals or trims) and the list surviving a reopen.
 */
class RocksListTest {
    private static final byte[] KEY = "mylist".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;
    private RocksEngine engine;
    private Keyspace db;
    private int counter;

    @BeforeEach
    void open() throws Exception {
        engine = new RocksEngine(dir, 1, "no");
        db = engine.database(0);
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private void reopen() throws Exception {
        engine.close();
        open();
    }

    private byte[] next() {
        return bytes("v" + counter++);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private ListValue list() {
        return db.list(KEY, true);
    }

    /** Asserts that the stored list is {@code model}: its size, its range, every element, and its sub-keys. */
    private void assertContents(List<String> model) {
        ListValue list = db.list(KEY, false);
        if (model.isEmpty()) {
            assertThat(list).isNull();
            assertThat(db.exists(KEY)).isFalse();
            return;
        }
        assertThat(list.size()).isEqualTo(model.size());
        assertThat(list.range(0, list.size() - 1)).map(ListModel::text).containsExactlyElementsOf(model);
        for (int i = 0; i < model.size(); i++) {
            assertThat(text(list.get(i))).isEqualTo(model.get(i));
        }
        RocksList view = (RocksList) list;
        List<Long> indexes = new ArrayList<>();
        List<String> stored = new ArrayList<>();
        view.forEachSub((suffix, value) -> {
            indexes.add(KeyCodec.bytesLong(suffix));
            stored.add(text(value));
        });
        assertThat(stored).containsExactlyElementsOf(model);
        assertThat(indexes.getFirst()).isEqualTo(view.meta.head);
        assertThat(indexes.getLast()).isEqualTo(view.meta.head + model.size() - 1);
        db.commit();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 7, 42, 20240601})
    void randomOperationsMatchArrayList(long seed) throws Exception {
        Random random = new Random(seed);
        List<String> model = new ArrayList<>();
        for (int step = 0; step < 1500; step++) {
            // Grow in the first half, shrink in the second, so that big trims cut with DeleteRange as well.
            boolean grow = random.nextInt(100) < (step < 750 ? 75 : 35);
            int op = random.nextInt(10);
            ListValue list = list();
            if (model.isEmpty() || grow) {
                ListModel.grow(list, model, op % 3, next(), random);
            } else {
                int size = model.size();
                int a = random.nextInt(size);
                int b = random.nextInt(size);
                switch (op) {
                    case 0, 5 -> assertThat(text(list.pop(true))).isEqualTo(model.removeFirst());
                    case 1, 6 -> assertThat(text(list.pop(false))).isEqualTo(model.removeLast());
                    case 2, 7 -> assertThat(text(list.remove(a))).isEqualTo(model.remove(a));
                    case 3 -> assertThat(text(list.get(a))).isEqualTo(model.get(a));
                    case 4 -> {
                        byte[] value = next();
                        list.set(a, value);
                        model.set(a, text(value));
                    }
                    case 8 -> assertThat(list.range(Math.min(a, b), Math.max(a, b))).map(ListModel::text)
                            .containsExactlyElementsOf(model.subList(Math.min(a, b), Math.max(a, b) + 1));
                    default -> {
                        // Mostly small trims, sometimes big ones; from > to empties the list.
                        int from = random.nextInt(4) == 0 ? a : Math.min(random.nextInt(3), size - 1);
                        int to = random.nextInt(4) == 0 ? b : size - 1 - random.nextInt(Math.min(3, size));
                        list.trim(from, to);
                        List<String> kept = from > to ? List.of() : new ArrayList<>(model.subList(from, to + 1));
                        model.clear();
                        model.addAll(kept);
                    }
                }
            }
            db.commit();
            if (step % 50 == 0) {
                assertContents(model);
            }
            if (step % 500 == 499) {
                reopen();
                assertContents(model);
            }
        }
        assertContents(model);
        reopen();
        assertContents(model);
    }

    @Test
    void newListStartsInTheMiddleAndGrowsBothWays() {
        ListValue list = list();
        list.push(true, bytes("b"));
        list.push(false, bytes("c"));
        list.push(true, bytes("a"));
        db.commit();
        assertThat(((RocksList) db.list(KEY, false)).meta.head).isEqualTo(RocksList.MIDDLE - 2);
        assertContents(List.of("a", "b", "c"));
    }

    @Test
    void emptiedListIsDeletedAndStartsAfreshWhenPushedAgain() throws Exception {
        for (int i = 0; i < 200; i++) {
            list().push(false, bytes("x" + i));
            db.commit();
        }
        list().trim(5, 4);
        assertThat(db.commit()).hasSize(1);
        assertContents(List.of());
        list().push(false, bytes("again"));
        db.commit();
        reopen();
        assertContents(List.of("again"));
        assertThat(((RocksList) db.list(KEY, false)).meta.head).isEqualTo(RocksList.MIDDLE);
    }

    @Test
    void bigTrimKeepsTheMiddleAndLeavesNoSubKeysBehind() throws Exception {
        List<String> model = new ArrayList<>();
        ListValue list = list();
        for (int i = 0; i < 500; i++) {
            list.push(false, bytes("e" + i));
            model.add("e" + i);
        }
        db.commit();
        list().trim(100, 349);
        db.commit();
        assertContents(model.subList(100, 350));
        reopen();
        assertContents(model.subList(100, 350));
    }

    @Test
    void trimBeyondTheEndKeepsTheTail() {
        ListValue list = list();
        for (String value : List.of("a", "b", "c", "d")) {
            list.push(false, bytes(value));
        }
        db.commit();
        list().trim(2, 10);
        db.commit();
        assertContents(List.of("c", "d"));
        list().trim(5, 10);
        db.commit();
        assertContents(List.of());
    }

    @Test
    void writingIntoARangeCutOfTheSameCommandIsRefused() {
        ListValue list = list();
        for (int i = 0; i < 200; i++) {
            list.push(false, bytes("e" + i));
        }
        db.commit();
        ListValue cut = list();
        cut.trim(0, 9);
        assertThatThrownBy(() -> cut.push(false, bytes("lost"))).isInstanceOf(IllegalStateException.class);
        db.commit();
        assertContents(List.of("e0", "e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8", "e9"));
    }

    @Test
    void unchangedListIsNotReportedModified() {
        list().push(false, bytes("a"));
        db.commit();
        assertThat(text(list().get(0))).isEqualTo("a");
        assertThat(list().range(0, 0)).hasSize(1);
        assertThat(db.commit()).isEmpty();
        list().set(0, bytes("b"));
        assertThat(db.commit()).hasSize(1);
    }
}
