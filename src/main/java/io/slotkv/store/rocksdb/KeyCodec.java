package io.slotkv.store.rocksdb;

import io.slotkv.protocol.HashSlot;
import java.nio.ByteBuffer;

/**
 * Byte layouts of the engine's RocksDB keys. Every key starts with the database and the hash slot, big-endian, so
 * RocksDB's byte order keeps each slot of each database one contiguous range:
 *
 * <pre>
 * column family  key                                                       value
 * meta           db:1 | slot:2 | user key                                  {@link Metadata} (+ string value)
 * data           db:1 | slot:2 | keylen:4 | user key | version:8 | sub     element (hash value, list item, ...)
 * score          db:1 | slot:2 | keylen:4 | user key | version:8 | score:8 | member     (empty)
 * counts         db:1 | slot:2                                             keys in the slot:8
 * staged         db:1 | slot:2 | keylen:4 | user key | version:8           (empty)
 * </pre>
 *
 * The version in sub-keys is the collection's version in its metadata: replacing or deleting a collection gives
 * it a new version (or none) and removes the old version's sub-keys with one DeleteRange, so deleting a big key is
 * O(1). A collection being received from another node is written under a fresh version that no metadata names
 * yet (invisible), with its sub-key prefix recorded in {@code staged} until its metadata is written; a restart
 * removes the sub-keys of every prefix still recorded there. Scores are stored so that their bytes sort in numeric order (sign bit flipped, or all bits for negatives).
 */
final class KeyCodec {
    static final int PREFIX = 3;

    private KeyCodec() {}

    static byte[] meta(int db, byte[] key) {
        return meta(db, HashSlot.of(key), key);
    }

    static byte[] meta(int db, int slot, byte[] key) {
        byte[] out = new byte[PREFIX + key.length];
        out[0] = (byte) db;
        out[1] = (byte) (slot >>> 8);
        out[2] = (byte) slot;
        System.arraycopy(key, 0, out, PREFIX, key.length);
        return out;
    }

    /** The user key of a meta key. */
    static byte[] userKey(byte[] metaKey) {
        byte[] key = new byte[metaKey.length - PREFIX];
        System.arraycopy(metaKey, PREFIX, key, 0, key.length);
        return key;
    }

    /** First key of {@code slot} in database {@code db}, for meta and data ranges alike. */
    static byte[] slotStart(int db, int slot) {
        return new byte[] {(byte) db, (byte) (slot >>> 8), (byte) slot};
    }

    /** First key after {@code slot} of database {@code db} (exclusive end of its range). */
    static byte[] slotEnd(int db, int slot) {
        int next = (db << 16) + slot + 1;
        return new byte[] {(byte) (next >>> 16), (byte) (next >>> 8), (byte) next};
    }

    /** Prefix of every sub-key of one version of a collection: db | slot | keylen | key | version. */
    static byte[] subPrefix(int db, byte[] key, long version) {
        int slot = HashSlot.of(key);
        ByteBuffer b = ByteBuffer.allocate(PREFIX + 4 + key.length + 8);
        b.put((byte) db).put((byte) (slot >>> 8)).put((byte) slot).putInt(key.length).put(key).putLong(version);
        return b.array();
    }

    /** Exclusive end of the range of keys starting with {@code prefix}. */
    static byte[] prefixEnd(byte[] prefix) {
        byte[] end = prefix.clone();
        for (int i = end.length - 1; i >= 0; i--) {
            if (end[i] != (byte) 0xFF) {
                end[i]++;
                return java.util.Arrays.copyOf(end, i + 1);
            }
        }
        return null; // all 0xFF: no upper bound
    }

    static byte[] concat(byte[] prefix, byte[] suffix) {
        byte[] out = new byte[prefix.length + suffix.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(suffix, 0, out, prefix.length, suffix.length);
        return out;
    }

    /** The bytes after {@code prefixLength} bytes of {@code key}. */
    static byte[] suffix(byte[] key, int prefixLength) {
        byte[] out = new byte[key.length - prefixLength];
        System.arraycopy(key, prefixLength, out, 0, out.length);
        return out;
    }

    /** 8 bytes whose unsigned order is the numeric order of {@code score} (-0.0 and 0.0 map alike). */
    static byte[] sortableScore(double score) {
        long bits = Double.doubleToLongBits(score == 0.0 ? 0.0 : score);
        bits = bits < 0 ? ~bits : bits ^ Long.MIN_VALUE;
        return ByteBuffer.allocate(8).putLong(bits).array();
    }

    static double scoreFromSortable(byte[] bytes, int offset) {
        long bits = ByteBuffer.wrap(bytes, offset, 8).getLong();
        bits = bits < 0 ? bits ^ Long.MIN_VALUE : ~bits;
        return Double.longBitsToDouble(bits);
    }

    static byte[] longBytes(long value) {
        return ByteBuffer.allocate(8).putLong(value).array();
    }

    static long bytesLong(byte[] bytes) {
        return ByteBuffer.wrap(bytes).getLong();
    }
}
