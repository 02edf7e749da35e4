package io.slotkv.store.rocksdb;

import java.util.function.BiConsumer;
import org.rocksdb.RocksIterator;

/**
 * What every collection view shares: the metadata (count, version) and the sub-keys under
 * {@code db | slot | keylen | key | version} in the data column family. Writes go into the command's batch; the
 * keyspace writes the metadata back at commit.
 */
abstract class RocksCollection {
    final RocksKeyspace keyspace;
    final byte[] key;
    final Metadata meta;
    final byte[] prefix;
    private boolean changed;

    RocksCollection(RocksKeyspace keyspace, byte[] key, Metadata meta) {
        this.keyspace = keyspace;
        this.key = key;
        this.meta = meta;
        this.prefix = KeyCodec.subPrefix(keyspace.db(), key, meta.version);
    }

    /** Whether the command changed this collection (then its metadata is written back and watchers touched). */
    boolean changed() {
        return changed;
    }

    void markChanged() {
        changed = true;
    }

    public long size() {
        return meta.count;
    }

    byte[] getSub(byte[] suffix) {
        return keyspace.read(keyspace.engine().data, KeyCodec.concat(prefix, suffix));
    }

    void putSub(byte[] suffix, byte[] value) {
        keyspace.write(keyspace.engine().data, KeyCodec.concat(prefix, suffix), value);
        markChanged();
    }

    void deleteSub(byte[] suffix) {
        keyspace.remove(keyspace.engine().data, KeyCodec.concat(prefix, suffix));
        markChanged();
    }

    /** Visits the sub-keys in byte order: (suffix after the prefix, value). */
    void forEachSub(BiConsumer<byte[], byte[]> action) {
        try (RocksIterator it = keyspace.iterator(keyspace.engine().data)) {
            for (it.seek(prefix); it.isValid() && RocksKeyspace.startsWith(it.key(), prefix); it.next()) {
                action.accept(KeyCodec.suffix(it.key(), prefix.length), it.value());
            }
        }
    }

    /** The sub-key suffix at position {@code index} in byte order (O(index)). */
    byte[] suffixAt(long index) {
        try (RocksIterator it = keyspace.iterator(keyspace.engine().data)) {
            it.seek(prefix);
            for (long i = 0; i < index && it.isValid(); i++) {
                it.next();
            }
            return KeyCodec.suffix(it.key(), prefix.length);
        }
    }
}
