package io.slotkv.store.rocksdb;

import java.util.Arrays;

/**
 * A direct-mapped cache of the meta column family in the Java heap: the hottest keys' metadata (and small strings,
 * which live inline in it) are answered without crossing into RocksDB, which costs several microseconds a read.
 * The engine is the only writer, so keeping the cache right is simple: every write and delete of a meta key goes
 * through it, a range deletion or a failed commit empties it. It reflects the batch being built, exactly as reads
 * through the indexed batch do.
 *
 * <p>Absent keys are cached too, as {@link #ABSENT}. Direct-mapped (a key has one possible place; a newcomer evicts the occupant) so that a hit allocates nothing
 * and needs no bookkeeping. Values above {@link #MAX_VALUE} bytes are not kept, bounding the heap it holds.
 */
final class MetaCache {
    static final int MAX_VALUE = 512;
    /**
     * Cached for a key known to be absent: a write path asks for a new key's metadata several times (routing, the
     * command's own checks, the write), and a miss costs RocksDB a search of every memtable and level.
     */
    static final byte[] ABSENT = new byte[0];

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

    /**
     * The cached value of {@code key}: {@link #ABSENT} when it is known to be absent, {@code null} when it is not
     * cached (which says nothing about RocksDB).
     */
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

    void clear() {
        Arrays.fill(keys, null);
        Arrays.fill(values, null);
    }
}
