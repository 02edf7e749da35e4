package io.slotkv.store.rocksdb;

import java.util.Arrays;

/**
 * A cache of the meta column family in the Java heap: the hottest keys' metadata (and small strings, which live
 * inline in it) are answered without crossing into RocksDB, which costs several microseconds a read (a search of
 * the memtable's skip list, whose nodes are cache misses, when the key is not in the block cache's way).
 * The engine is the only writer, so keeping the cache right is simple: every write and delete of a meta key goes
 * through it, a range deletion or a failed commit empties it. It reflects the batch being built, exactly as reads
 * through the indexed batch do.
 *
 * <p>Absent keys are cached too, as {@link #ABSENT}. Two-way set-associative: a key has two possible places, the
 * one used last first; a newcomer evicts the one used least recently. A hit allocates nothing and needs no
 * bookkeeping beyond swapping two references; compared with one place per key (direct-mapped), it keeps about
 * 93 % instead of 83 % of a working set that fills 40 % of the entries. Values above {@link #MAX_VALUE} bytes are
 * not kept, bounding the heap it holds.
 */
final class MetaCache {
    static final int MAX_VALUE = 512;
    /**
     * Cached for a key known to be absent: a write path asks for a new key's metadata several times (routing, the
     * command's own checks, the write), and a miss costs RocksDB a search of every memtable and level.
     */
    static final byte[] ABSENT = new byte[0];

    /** Entry {@code 2s} is set s's most recently used, entry {@code 2s + 1} the other. */
    private final byte[][] keys;
    private final byte[][] values;
    private final int setMask;

    /** @param capacity number of entries, rounded up to a power of two (at least 2) */
    MetaCache(int capacity) {
        int size = Math.max(2, Integer.highestOneBit(Math.max(1, capacity - 1)) << 1);
        keys = new byte[size][];
        values = new byte[size][];
        setMask = size / 2 - 1;
    }

    private int set(byte[] key) {
        int h = Arrays.hashCode(key);
        return ((h ^ (h >>> 16)) & setMask) << 1;
    }

    /**
     * The cached value of {@code key}: {@link #ABSENT} when it is known to be absent, {@code null} when it is not
     * cached (which says nothing about RocksDB).
     */
    byte[] get(byte[] key) {
        int i = set(key);
        if (Arrays.equals(keys[i], key)) {
            return values[i];
        }
        if (Arrays.equals(keys[i + 1], key)) {
            promote(i);
            return values[i];
        }
        return null;
    }

    void put(byte[] key, byte[] value) {
        int i = set(key);
        if (value.length > MAX_VALUE) { // not kept, and no longer answered with an older value
            if (Arrays.equals(keys[i], key)) {
                promote(i);
            }
            if (Arrays.equals(keys[i + 1], key)) {
                keys[i + 1] = null;
                values[i + 1] = null;
            }
            return;
        }
        if (Arrays.equals(keys[i + 1], key)) {
            promote(i);
        } else if (!Arrays.equals(keys[i], key)) { // a newcomer: the least recently used of the set goes
            keys[i + 1] = keys[i];
            values[i + 1] = values[i];
        }
        keys[i] = key;
        values[i] = value;
    }

    /** Swaps the two entries of the set at {@code i}, making the second the most recently used. */
    private void promote(int i) {
        byte[] key = keys[i];
        byte[] value = values[i];
        keys[i] = keys[i + 1];
        values[i] = values[i + 1];
        keys[i + 1] = key;
        values[i + 1] = value;
    }

    void clear() {
        Arrays.fill(keys, null);
        Arrays.fill(values, null);
    }
}
