package io.slotkv.store.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IndexedTableTest {
    private static byte[] b(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void putReportsNewKeysAndReplacesValues() {
        IndexedTable<String> table = new IndexedTable<>();
        assertThat(table.put(b("a"), "1")).isTrue();
        assertThat(table.put(b("b"), "2")).isTrue();
        assertThat(table.put(b("a"), "3")).isFalse();
        assertThat(table.size()).isEqualTo(2);
        assertThat(table.get(b("a"))).isEqualTo("3");
        assertThat(table.get(b("c"))).isNull();
        assertThat(table.contains(b("b"))).isTrue();
        assertThat(table.contains(b("c"))).isFalse();
        // replacing keeps the position
        assertThat(s(table.keyAt(0))).isEqualTo("a");
        assertThat(table.valueAt(0)).isEqualTo("3");
    }

    @Test
    void keysCompareByContentIncludingZeroBytes() {
        IndexedTable<String> table = new IndexedTable<>();
        table.put(new byte[] {0, 1, 0}, "x");
        table.put(new byte[] {0, 1}, "y");
        table.put(new byte[0], "empty");
        assertThat(table.get(new byte[] {0, 1, 0})).isEqualTo("x");
        assertThat(table.get(new byte[] {0, 1})).isEqualTo("y");
        assertThat(table.get(new byte[0])).isEqualTo("empty");
        assertThat(table.size()).isEqualTo(3);
    }

    @Test
    void removeMovesTheLastEntryIntoTheHole() {
        IndexedTable<String> table = new IndexedTable<>();
        for (String key : new String[] {"a", "b", "c", "d"}) {
            table.put(b(key), key.toUpperCase());
        }
        assertThat(table.remove(b("b"))).isTrue();
        assertThat(table.size()).isEqualTo(3);
        assertThat(s(table.keyAt(1))).isEqualTo("d");
        assertThat(table.valueAt(1)).isEqualTo("D");
        assertThat(table.get(b("d"))).isEqualTo("D");
        assertThat(table.get(b("b"))).isNull();

        // removing the last entry moves nothing
        assertThat(table.remove(b("c"))).isTrue();
        assertThat(s(table.keyAt(0))).isEqualTo("a");
        assertThat(s(table.keyAt(1))).isEqualTo("d");
        assertThat(table.remove(b("c"))).isFalse();

        // the moved entry can itself be replaced and removed
        assertThat(table.put(b("d"), "D2")).isFalse();
        assertThat(table.valueAt(1)).isEqualTo("D2");
        assertThat(table.remove(b("a"))).isTrue();
        assertThat(s(table.keyAt(0))).isEqualTo("d");
        assertThat(table.get(b("d"))).isEqualTo("D2");
        assertThat(table.remove(b("d"))).isTrue();
        assertThat(table.size()).isZero();
        assertThat(table.keys()).isEmpty();
        assertThat(table.put(b("a"), "again")).isTrue();
        assertThat(table.get(b("a"))).isEqualTo("again");
    }

    @Test
    void copyIsIndependentOfTheOriginal() {
        IndexedTable<String> original = new IndexedTable<>();
        original.put(b("a"), "1");
        original.put(b("b"), "2");
        original.put(b("c"), "3");
        IndexedTable<String> copy = original.copy();

        original.remove(b("a"));
        original.put(b("b"), "changed");
        original.put(b("d"), "4");
        copy.put(b("e"), "5");

        assertThat(copy.size()).isEqualTo(4);
        assertThat(copy.get(b("a"))).isEqualTo("1");
        assertThat(copy.get(b("b"))).isEqualTo("2");
        assertThat(copy.get(b("d"))).isNull();
        assertThat(original.get(b("e"))).isNull();
        assertThat(original.size()).isEqualTo(3);
        assertInvariants(copy, Map.of("a", 1, "b", 2, "c", 3, "e", 5), String::valueOf);
    }

    @Test
    void matchesAHashMapUnderRandomOperations() {
        Random random = new Random(20261121L);
        IndexedTable<Integer> table = new IndexedTable<>();
        Map<String, Integer> model = new HashMap<>();
        for (int step = 0; step < 20_000; step++) {
            String key = "k" + random.nextInt(64);
            int op = random.nextInt(10);
            if (op < 5) {
                int value = random.nextInt();
                assertThat(table.put(b(key), value)).isEqualTo(model.put(key, value) == null);
            } else if (op < 9) {
                assertThat(table.remove(b(key))).isEqualTo(model.remove(key) != null);
            } else if (random.nextInt(50) == 0) {
                table = table.copy();
            }
            assertThat(table.size()).isEqualTo(model.size());
            assertThat(table.get(b(key))).isEqualTo(model.get(key));
            assertThat(table.contains(b(key))).isEqualTo(model.containsKey(key));
            if (step % 500 == 0) {
                assertInvariants(table, model, value -> value);
            }
        }
        assertInvariants(table, model, value -> value);
    }

    /**
     * Every position holds a distinct key whose lookup finds the value at that position, and the keys are exactly
     * the model's.
     */
    private static <V, M> void assertInvariants(
            IndexedTable<V> table, Map<String, M> model, java.util.function.Function<M, V> toValue) {
        assertThat(table.size()).isEqualTo(model.size());
        assertThat(table.keys()).hasSize(model.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < table.size(); i++) {
            String key = s(table.keyAt(i));
            assertThat(seen.add(key)).as("duplicate key %s", key).isTrue();
            assertThat(table.get(table.keyAt(i))).isEqualTo(table.valueAt(i));
            assertThat(table.valueAt(i)).isEqualTo(toValue.apply(model.get(key)));
        }
        assertThat(seen).isEqualTo(model.keySet());
    }
}
