package io.slotkv.store.memory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * Entries kept both in a dense array and in a hash index, so that lookups are O(1) and so is picking the entry at
 * a random position (SPOP, SRANDMEMBER, HRANDFIELD). Removal moves the last entry into the hole.
 *
 * @param <V> the value type ({@code Boolean} placeholder for sets)
 */
final class IndexedTable<V> {
    private final ArrayList<byte[]> keys;
    private final ArrayList<V> values;
    private final HashMap<ByteKey, Integer> index;
    private int modCount;

    IndexedTable() {
        this(4);
    }

    private IndexedTable(int capacity) {
        keys = new ArrayList<>(capacity);
        values = new ArrayList<>(capacity);
        index = new HashMap<>();
    }

    int size() {
        return keys.size();
    }

    V get(byte[] key) {
        Integer at = index.get(ByteKey.of(key));
        return at == null ? null : values.get(at);
    }

    boolean contains(byte[] key) {
        return index.containsKey(ByteKey.of(key));
    }

    /** Sets the value of {@code key}; true when the key is new. Replacing a value counts as a change. */
    boolean put(byte[] key, V value) {
        modCount++;
        Integer at = index.putIfAbsent(ByteKey.of(key), keys.size());
        if (at != null) {
            values.set(at, value);
            return false;
        }
        keys.add(key);
        values.add(value);
        return true;
    }

    /** Adds {@code key} only when absent; true when it was added. */
    boolean add(byte[] key, V value) {
        return !contains(key) && put(key, value);
    }

    boolean remove(byte[] key) {
        Integer at = index.remove(ByteKey.of(key));
        if (at == null) {
            return false;
        }
        modCount++;
        int last = keys.size() - 1;
        if (at != last) {
            byte[] moved = keys.get(last);
            keys.set(at, moved);
            values.set(at, values.get(last));
            index.put(ByteKey.of(moved), at);
        }
        keys.remove(last);
        values.remove(last);
        return true;
    }

    /** Counts changes (see {@link MemoryCollection#modCount()}). */
    int modCount() {
        return modCount;
    }

    byte[] keyAt(int position) {
        return keys.get(position);
    }

    V valueAt(int position) {
        return values.get(position);
    }

    List<byte[]> keys() {
        return keys;
    }

    IndexedTable<V> copy() {
        IndexedTable<V> copy = new IndexedTable<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            copy.put(keys.get(i), values.get(i));
        }
        return copy;
    }
}
