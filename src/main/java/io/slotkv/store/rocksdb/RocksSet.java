package io.slotkv.store.rocksdb;

import io.slotkv.store.SetValue;
import java.util.function.Consumer;

/** A set on RocksDB: one sub-key per member, with an empty value. */
final class RocksSet extends RocksCollection implements SetValue {
    private static final byte[] EMPTY = new byte[0];

    RocksSet(RocksKeyspace keyspace, byte[] key, Metadata meta) {
        super(keyspace, key, meta);
    }

    @Override
    public boolean contains(byte[] member) {
        return getSub(member) != null;
    }

    @Override
    public boolean add(byte[] member) {
        if (contains(member)) {
            return false;
        }
        putSub(member, EMPTY);
        meta.count++;
        return true;
    }

    @Override
    public boolean remove(byte[] member) {
        if (!contains(member)) {
            return false;
        }
        deleteSub(member);
        meta.count--;
        return true;
    }

    @Override
    public void forEach(Consumer<byte[]> action) {
        forEachSub((member, value) -> action.accept(member));
    }

    @Override
    public byte[] memberAt(long index) {
        return suffixAt(index);
    }
}
