package io.slotkv.store.rocksdb;

import java.util.Arrays;

/**
 * A direct-mapped cache of the meta column family in the Java heap: the hottest keys' metadata (and small strings,
 * which live inline in it) are answered without crossing into RocksDB, which costs several microseconds a read.
 * The engine is the only writer, so keeping the cache right is simple: every write and delete of a meta key goes
 * through it, a range deletion or a failed commit empties it. It reflects the batch being built, exactly as reads
 * through the indexed batch do.
 *
 * <p>Direct-mapped (a key has one possible place; a newcomer evicts the occupant) so that a hit allocates nothing
 * and needs no bookkeeping. Values above {@link #MAX_VALUE} bytes are not kept, bounding the heap it holds.
 */
final class MetaCache {
    static final int MAX_VALUE = 512;

    private final byte[][] keys;
    private final byte[][] values;
    private final int mask;

    /** @param capacity number of entries, rounded up to a power of two */
    MetaCache(int capacity) {
        int size = Integer.highestOneBit(Math.max(1, capacity - 1)) << 1;
        keys = new byte[size][];
        values = new byte[size][];
        mask = size - 1;
    }

    private int index(byte[] key) {
        int h = Arrays.hashCode(key);
        return (h ^ (h >>> 16)) & mask;
    }

    /** The cached value of {@code key}, or {@code null} when it is not cached (which says nothing about RocksDB). */
    byte[] get(byte[] key) {
        int i = index(key);
        return Arrays.equals(keys[i], key) ? values[i] : null;
    }

    void put(byte[] key, byte[] value) {
        int i = index(key);
        if (value.length > MAX_VALUE) {
            if (Arrays.equals(keys[i], key)) {
                keys[i] = null;
                values[i] = null;
            }
            return;
        }
        keys[i] = key;
        values[i] = value;
    }

    void remove(byte[] key) {
        int i = index(key);
        if (Arrays.equals(keys[i], key)) {
            keys[i] = null;
            values[i] = null;
        }
    }

    void clear() {
        Arrays.fill(keys, null);
        Arrays.fill(values, null);
    }
}
