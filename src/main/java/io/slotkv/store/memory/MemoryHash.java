package io.slotkv.store.memory;

import io.slotkv.store.HashValue;
import io.slotkv.store.ValueType;
import java.util.function.BiConsumer;

/** A hash in memory. Reports Redis's "listpack" encoding while it is within hash-max-listpack limits. */
final class MemoryHash implements HashValue, MemoryCollection {
    private final IndexedTable<byte[]> fields;

    MemoryHash() {
        this(new IndexedTable<>());
    }

    private MemoryHash(IndexedTable<byte[]> fields) {
        this.fields = fields;
    }

    @Override
    public ValueType type() {
        return ValueType.HASH;
    }

    @Override
    public long size() {
        return fields.size();
    }

    @Override
    public byte[] get(byte[] field) {
        return fields.get(field);
    }

    @Override
    public boolean put(byte[] field, byte[] value) {
        return fields.put(field, value);
    }

    @Override
    public boolean remove(byte[] field) {
        return fields.remove(field);
    }

    @Override
    public int modCount() {
        return fields.modCount();
    }

    @Override
    public void forEach(BiConsumer<byte[], byte[]> action) {
        for (int i = 0; i < fields.size(); i++) {
            action.accept(fields.keyAt(i), fields.valueAt(i));
        }
    }

    @Override
    public byte[] fieldAt(long index) {
        return fields.keyAt((int) index);
    }

    @Override
    public String encoding() {
        if (fields.size() > Encodings.MAX_HASH_LISTPACK_ENTRIES) {
            return "hashtable";
        }
        for (int i = 0; i < fields.size(); i++) {
            if (fields.keyAt(i).length > Encodings.MAX_LISTPACK_VALUE
                    || fields.valueAt(i).length > Encodings.MAX_LISTPACK_VALUE) {
                return "hashtable";
            }
        }
        return "listpack";
    }

    @Override
    public MemoryCollection copy() {
        return new MemoryHash(fields.copy());
    }
}
