package io.slotkv.store.memory;

import static io.slotkv.store.ListModel.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.slotkv.store.ListModel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ring buffer behind lists, checked against {@link ArrayList}: seeded random operations at both ends and in
 * the middle, through growth, wrap-around and shrinking.
 */
class MemoryListTest {
    private int counter;

    private byte[] next() {
        return ("v" + counter++).getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> contents(MemoryList list) {
        List<String> out = new ArrayList<>();
        for (byte[] value : list.range(0, list.size() - 1)) {
            out.add(new String(value, StandardCharsets.UTF_8));
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 20240601})
    void randomOperationsMatchArrayList(long seed) {
        Random random = new Random(seed);
        MemoryList list = new MemoryList();
        List<String> model = new ArrayList<>();
        for (int step = 0; step < 4000; step++) {
            // Bias towards growth in the first half and towards shrinking in the second, to cross both resizes.
            boolean grow = random.nextInt(100) < (step < 2000 ? 65 : 35);
            int op = random.nextInt(4);
            if (grow || model.isEmpty()) {
                ListModel.grow(list, model, op, next(), random);
            } else {
                switch (op) {
                    case 0 -> assertThat(text(list.pop(true))).isEqualTo(model.removeFirst());
                    case 1 -> assertThat(text(list.pop(false))).isEqualTo(model.removeLast());
                    case 2 -> {
                        int index = random.nextInt(model.size());
                        assertThat(text(list.remove(index))).isEqualTo(model.remove(index));
                    }
                    default -> {
                        int index = random.nextInt(model.size());
                        byte[] value = next();
                        list.set(index, value);
                        model.set(index, text(value));
                    }
                }
            }
            if (random.nextInt(200) == 0 && !model.isEmpty()) {
                int from = random.nextInt(model.size());
                int to = from + random.nextInt(model.size() - from);
                list.trim(from, to);
                model = new ArrayList<>(model.subList(from, to + 1));
            }
            assertThat(list.size()).isEqualTo(model.size());
            if (!model.isEmpty()) {
                int index = random.nextInt(model.size());
                assertThat(text(list.get(index))).isEqualTo(model.get(index));
            }
            if (step % 50 == 0) {
                assertThat(contents(list)).as("step %d", step).isEqualTo(model);
            }
        }
        assertThat(contents(list)).isEqualTo(model);
    }

    @Test
    void insertAndRemoveInTheMiddleShiftTheShorterSideAcrossTheWrap() {
        MemoryList list = new MemoryList();
        List<String> model = new ArrayList<>();
        // Head pushes make the buffer wrap, so shifts cross the physical end of the array.
        for (int i = 0; i < 6; i++) {
            byte[] value = next();
            list.push(i % 2 == 0, value);
            if (i % 2 == 0) {
                model.addFirst(text(value));
            } else {
                model.addLast(text(value));
            }
        }
        for (int index : new int[] {1, 5, 3, 0, 8}) {
            byte[] value = next();
            list.insert(index, value);
            model.add(index, text(value));
            assertThat(contents(list)).isEqualTo(model);
        }
        for (int index : new int[] {1, 8, 4, 0, 3}) {
            assertThat(text(list.remove(index))).isEqualTo(model.remove(index));
            assertThat(contents(list)).isEqualTo(model);
        }
    }

    @Test
    void trimKeepsAnInnerRangeOrEmptiesTheList() {
        MemoryList list = new MemoryList();
        for (int i = 0; i < 40; i++) {
            list.push(false, ("e" + i).getBytes(StandardCharsets.UTF_8));
        }
        list.trim(10, 12);
        assertThat(contents(list)).containsExactly("e10", "e11", "e12");
        list.push(true, "h".getBytes(StandardCharsets.UTF_8));
        list.push(false, "t".getBytes(StandardCharsets.UTF_8));
        assertThat(contents(list)).containsExactly("h", "e10", "e11", "e12", "t");
        list.trim(3, 2);
        assertThat(list.size()).isZero();
        list.push(false, "again".getBytes(StandardCharsets.UTF_8));
        assertThat(contents(list)).containsExactly("again");
    }

    @Test
    void copyIsIndependent() {
        MemoryList list = new MemoryList();
        for (int i = 0; i < 5; i++) {
            list.push(true, next());
        }
        MemoryList copy = (MemoryList) list.copy();
        list.pop(true);
        list.set(0, "changed".getBytes(StandardCharsets.UTF_8));
        assertThat(contents(copy)).containsExactly("v4", "v3", "v2", "v1", "v0");
        copy.push(true, "x".getBytes(StandardCharsets.UTF_8));
        copy.push(false, "y".getBytes(StandardCharsets.UTF_8));
        assertThat(contents(copy)).containsExactly("x", "v4", "v3", "v2", "v1", "v0", "y");
        assertThat(contents(list)).containsExactly("changed", "v2", "v1", "v0");
        assertThat(copy.encoding()).isEqualTo("quicklist");
    }
}
