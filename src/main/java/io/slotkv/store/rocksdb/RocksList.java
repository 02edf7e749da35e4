package io.slotkv.store.rocksdb;

import io.slotkv.store.ListValue;
import java.util.List;

/** A list on RocksDB (being written). */
final class RocksList extends RocksCollection implements ListValue {
    RocksList(RocksKeyspace keyspace, byte[] key, Metadata meta) {
        super(keyspace, key, meta);
    }

    @Override
    public byte[] get(long index) {
        throw new UnsupportedOperationException("lists on rocksdb");
    }

    @Override
    public void set(long index, byte[] value) {
        throw new UnsupportedOperationException("lists on rocksdb");
    }

    @Override
    public void push(boolean head, byte[] value) {
        throw new UnsupportedOperationException("lists on rocksdb");
    }

    @Override
    public byte[] pop(boolean head) {
        throw new UnsupportedOperationException("lists on rocksdb");
    }

    @Override
    public void insert(long index, byte[] value) {
        throw new UnsupportedOperationException("lists on rocksdb");
    }

    @Override
    public byte[] remove(long index) {
        throw new UnsupportedOperationException("lists on rocksdb");
    }

    @Override
    public List<byte[]> range(long from, long to) {
        throw new UnsupportedOperationException("lists on rocksdb");
    }

    @Override
    public void trim(long from, long to) {
        throw new UnsupportedOperationException("lists on rocksdb");
    }
}
