package io.slotkv.store.memory;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The keys of one hash slot: an open-addressing hash table with linear probing and backward-shift deletion (no
 * tombstones), kept in parallel arrays instead of entry objects.
 *
 * <p>Why parallel arrays: a {@code HashMap} costs a 32-byte node plus a key wrapper per key; here a key costs its
 * {@code byte[]}, its value and 12 bytes of array cells (reference, reference, cached hash) plus 4 bytes of access
 * time, divided by the load factor. Expiry times live in a {@code long[]} that exists only while the slot has
 * expiring keys, as Redis keeps expiries in a separate dictionary.
 */
final class SlotTable {
    private static final int MIN_CAPACITY = 4;

    private byte[][] keys;
    private Object[] values;
    private int[] hashes;
    private int[] accessSeconds;
    private long[] expires;
    private int size;
    private int expiring;

    SlotTable() {
        allocate(MIN_CAPACITY);
    }

    private void allocate(int capacity) {
        keys = new byte[capacity][];
        values = new Object[capacity];
        hashes = new int[capacity];
        accessSeconds = new int[capacity];
        expires = null;
    }

    static int hash(byte[] key) {
        int h = 0x9747b28c;
        for (byte b : key) {
            h = (h ^ b) * 0x01000193;
        }
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        return h ^ (h >>> 13);
    }

    int size() {
        return size;
    }

    int expiring() {
        return expiring;
    }

    int capacity() {
        return keys.length;
    }

    /** Index of {@code key}, or -1. */
    int find(byte[] key, int hash) {
        int mask = keys.length - 1;
        for (int i = hash & mask; ; i = (i + 1) & mask) {
            byte[] k = keys[i];
            if (k == null) {
                return -1;
            }
            if (hashes[i] == hash && Arrays.equals(k, key)) {
                return i;
            }
        }
    }

    byte[] keyAt(int index) {
        return keys[index];
    }

    Object valueAt(int index) {
        return values[index];
    }

    void setValue(int index, Object value) {
        values[index] = value;
    }

    long expireAt(int index) {
        return expires == null ? -1 : expires[index];
    }

    int accessSecondsAt(int index) {
        return accessSeconds[index];
    }

    void touch(int index, int nowSeconds) {
        accessSeconds[index] = nowSeconds;
    }

    void setExpire(int index, long when) {
        if (when < 0) {
            if (expires != null && expires[index] >= 0) {
                expires[index] = -1;
                expiring--;
            }
            return;
        }
        if (expires == null) {
            expires = new long[keys.length];
            Arrays.fill(expires, -1);
        }
        if (expires[index] < 0) {
            expiring++;
        }
        expires[index] = when;
    }

    /** Inserts or replaces; returns the index the key now has. Replacing keeps the expiry. */
    int put(byte[] key, int hash, Object value, int nowSeconds) {
        int index = find(key, hash);
        if (index >= 0) {
            values[index] = value;
            accessSeconds[index] = nowSeconds;
            return index;
        }
        if ((size + 1) * 4 > keys.length * 3) {
            resize(keys.length * 2);
        }
        int mask = keys.length - 1;
        int i = hash & mask;
        while (keys[i] != null) {
            i = (i + 1) & mask;
        }
        keys[i] = key;
        hashes[i] = hash;
        values[i] = value;
        accessSeconds[i] = nowSeconds;
        if (expires != null) {
            expires[i] = -1;
        }
        size++;
        return i;
    }

    /** Removes the entry at {@code index}, shifting later entries of the probe run back into the gap. */
    void removeAt(int index) {
        if (expires != null && expires[index] >= 0) {
            expiring--;
        }
        int mask = keys.length - 1;
        int gap = index;
        int i = (gap + 1) & mask;
        while (keys[i] != null) {
            int home = hashes[i] & mask;
            // move entry i into the gap when its home position does not lie cyclically in (gap, i]
            boolean movable = gap <= i ? (home <= gap || home > i) : (home <= gap && home > i);
            if (movable) {
                moveEntry(i, gap);
                gap = i;
            }
            i = (i + 1) & mask;
        }
        keys[gap] = null;
        values[gap] = null;
        if (expires != null) {
            expires[gap] = -1;
        }
        size--;
        if (size == 0 && expiring == 0) {
            expires = null;
        }
        if (keys.length > MIN_CAPACITY && size * 8 < keys.length) {
            resize(Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(1, size) * 2) * 2));
        }
    }

    private void moveEntry(int from, int to) {
        keys[to] = keys[from];
        values[to] = values[from];
        hashes[to] = hashes[from];
        accessSeconds[to] = accessSeconds[from];
        if (expires != null) {
            expires[to] = expires[from];
        }
    }

    private void resize(int capacity) {
        byte[][] oldKeys = keys;
        Object[] oldValues = values;
        int[] oldHashes = hashes;
        int[] oldAccess = accessSeconds;
        long[] oldExpires = expires;
        allocate(capacity);
        if (oldExpires != null) {
            expires = new long[capacity];
            Arrays.fill(expires, -1);
        }
        int mask = capacity - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] == null) {
                continue;
            }
            int i = oldHashes[j] & mask;
            while (keys[i] != null) {
                i = (i + 1) & mask;
            }
            keys[i] = oldKeys[j];
            values[i] = oldValues[j];
            hashes[i] = oldHashes[j];
            accessSeconds[i] = oldAccess[j];
            if (oldExpires != null) {
                expires[i] = oldExpires[j];
            }
        }
    }

    /** Index of a random occupied cell; the table must not be empty. */
    int randomIndex() {
        int mask = keys.length - 1;
        int i = ThreadLocalRandom.current().nextInt(keys.length);
        while (keys[i] == null) {
            i = (i + 1) & mask;
        }
        return i;
    }
}
