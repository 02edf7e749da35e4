package io.slotkv.store.rocksdb;

import io.slotkv.store.HashValue;
import java.util.function.BiConsumer;

/** A hash on RocksDB: one sub-key per field, the field's bytes as suffix, its value as value. */
final class RocksHash extends RocksCollection implements HashValue {
    RocksHash(RocksKeyspace keyspace, byte[] key, Metadata meta) {
        super(keyspace, key, meta);
    }

    @Override
    public byte[] get(byte[] field) {
        return getSub(field);
    }

    @Override
    public boolean put(byte[] field, byte[] value) {
        boolean added = getSub(field) == null;
        putSub(field, value);
        if (added) {
            meta.count++;
        }
        return added;
    }

    @Override
    public boolean remove(byte[] field) {
        if (getSub(field) == null) {
            return false;
        }
        deleteSub(field);
        meta.count--;
        return true;
    }

    @Override
    public void forEach(BiConsumer<byte[], byte[]> action) {
        forEachSub(action);
    }

    @Override
    public byte[] fieldAt(long index) {
        return suffixAt(index);
    }
}
