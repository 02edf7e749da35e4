package io.slotkv.store.memory;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The keys of one hash slot: an open-addressing hash table with linear probing and backward-shift deletion (no
 * tombstones), kept in flat arrays instead of entry objects.
 *
 * <p>Why this layout: a {@code HashMap} costs a 32-byte node plus a key wrapper per key; here a key costs its
 * {@code byte[]}, its value, two references and one {@code long} of array cells, divided by the load factor.
 * The layout is also about cache misses, which dominate a lookup once the data outgrows the CPU caches: the key
 * and its value sit side by side in {@code entries} (one miss for both), and the cached hash shares one
 * {@code long} of {@code meta} with the access time that every read updates (one more). Expiry times live in a
 * {@code long[]} that exists only while the slot has expiring keys, as Redis keeps expiries apart.
 *
 * <p>Each table places keys with a salt of its own. Linear probing clusters badly when keys arrive in the order of
 * another table with the same placement (a slot moved from a node walking its table in order, into a table still
 * small): they fill one run of cells after another, and each insert probes the whole run. With the salt, one
 * table's order says nothing about where keys land in another.
 */
final class SlotTable {
    private static final int MIN_CAPACITY = 4;

    /** Key at {@code 2i}, value at {@code 2i + 1}; a null key marks a free cell. */
    private Object[] entries;
    /** Hash in the high 32 bits, last access in Unix seconds in the low 32. */
    private long[] meta;
    private long[] expires;
    private int capacity;
    private int size;
    private int expiring;
    private final int salt = ThreadLocalRandom.current().nextInt();

    SlotTable() {
        allocate(MIN_CAPACITY);
    }

    private void allocate(int cells) {
        capacity = cells;
        entries = new Object[cells * 2];
        meta = new long[cells];
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

    /** The cell where a key with {@code hash} would sit in an empty table. */
    private int home(int hash, int mask) {
        int h = (hash ^ salt) * 0x9E3779B9;
        return (h ^ (h >>> 16)) & mask;
    }

    private static long meta(int hash, int seconds) {
        return ((long) hash << 32) | (seconds & 0xFFFFFFFFL);
    }

    private int hashAt(int index) {
        return (int) (meta[index] >>> 32);
    }

    int size() {
        return size;
    }

    int expiring() {
        return expiring;
    }

    int capacity() {
        return capacity;
    }

    /** Index of {@code key}, or -1. */
    int find(byte[] key, int hash) {
        int mask = capacity - 1;
        for (int i = home(hash, mask); ; i = (i + 1) & mask) {
            Object k = entries[2 * i];
            if (k == null) {
                return -1;
            }
            if (hashAt(i) == hash && Arrays.equals((byte[]) k, key)) {
                return i;
            }
        }
    }

    byte[] keyAt(int index) {
        return (byte[]) entries[2 * index];
    }

    Object valueAt(int index) {
        return entries[2 * index + 1];
    }

    void setValue(int index, Object value) {
        entries[2 * index + 1] = value;
    }

    long expireAt(int index) {
        return expires == null ? -1 : expires[index];
    }

    int accessSecondsAt(int index) {
        return (int) meta[index];
    }

    void touch(int index, int nowSeconds) {
        meta[index] = meta(hashAt(index), nowSeconds);
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
            expires = new long[capacity];
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
            entries[2 * index + 1] = value;
            touch(index, nowSeconds);
            return index;
        }
        if ((size + 1) * 4 > capacity * 3) {
            resize(capacity * 2);
        }
        int mask = capacity - 1;
        int i = home(hash, mask);
        while (entries[2 * i] != null) {
            i = (i + 1) & mask;
        }
        entries[2 * i] = key;
        entries[2 * i + 1] = value;
        meta[i] = meta(hash, nowSeconds);
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
        int mask = capacity - 1;
        int gap = index;
        int i = (gap + 1) & mask;
        while (entries[2 * i] != null) {
            int home = home(hashAt(i), mask);
            // move entry i into the gap when its home position does not lie cyclically in (gap, i]
            boolean movable = gap <= i ? (home <= gap || home > i) : (home <= gap && home > i);
            if (movable) {
                moveEntry(i, gap);
                gap = i;
            }
            i = (i + 1) & mask;
        }
        entries[2 * gap] = null;
        entries[2 * gap + 1] = null;
        if (expires != null) {
            expires[gap] = -1;
        }
        size--;
        if (size == 0 && expiring == 0) {
            expires = null;
        }
        if (capacity > MIN_CAPACITY && size * 8 < capacity) {
            resize(Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(1, size) * 2) * 2));
        }
    }

    private void moveEntry(int from, int to) {
        entries[2 * to] = entries[2 * from];
        entries[2 * to + 1] = entries[2 * from + 1];
        meta[to] = meta[from];
        if (expires != null) {
            expires[to] = expires[from];
        }
    }

    private void resize(int cells) {
        Object[] oldEntries = entries;
        long[] oldMeta = meta;
        long[] oldExpires = expires;
        int oldCapacity = capacity;
        allocate(cells);
        if (oldExpires != null) {
            expires = new long[cells];
            Arrays.fill(expires, -1);
        }
        int mask = cells - 1;
        for (int j = 0; j < oldCapacity; j++) {
            if (oldEntries[2 * j] == null) {
                continue;
            }
            int i = home((int) (oldMeta[j] >>> 32), mask);
            while (entries[2 * i] != null) {
                i = (i + 1) & mask;
            }
            entries[2 * i] = oldEntries[2 * j];
            entries[2 * i + 1] = oldEntries[2 * j + 1];
            meta[i] = oldMeta[j];
            if (oldExpires != null) {
                expires[i] = oldExpires[j];
            }
        }
    }

    /** Index of a random occupied cell; the table must not be empty. */
    int randomIndex() {
        int mask = capacity - 1;
        int i = ThreadLocalRandom.current().nextInt(capacity);
        while (entries[2 * i] == null) {
            i = (i + 1) & mask;
        }
        return i;
    }
}
