package io.slotkv.store.memory;

import io.slotkv.protocol.Numbers;
import io.slotkv.store.SetValue;
import io.slotkv.store.ValueType;
import java.util.function.Consumer;

/** A set in memory. Reports "intset" while every member is an integer and the set is small, as Redis does. */
final class MemorySet implements SetValue, MemoryCollection {
    private final IndexedTable<Boolean> members;

    MemorySet() {
        this(new IndexedTable<>());
    }

    private MemorySet(IndexedTable<Boolean> members) {
        this.members = members;
    }

    @Override
    public ValueType type() {
        return ValueType.SET;
    }

    @Override
    public long size() {
        return members.size();
    }

    @Override
    public boolean contains(byte[] member) {
        return members.contains(member);
    }

    @Override
    public boolean add(byte[] member) {
        return members.add(member, Boolean.TRUE);
    }

    @Override
    public boolean remove(byte[] member) {
        return members.remove(member);
    }

    @Override
    public int modCount() {
        return members.modCount();
    }

    @Override
    public void forEach(Consumer<byte[]> action) {
        members.keys().forEach(action);
    }

    @Override
    public byte[] memberAt(long index) {
        return members.keyAt((int) index);
    }

    @Override
    public String encoding() {
        if (members.size() > Encodings.MAX_INTSET_ENTRIES) {
            return "hashtable";
        }
        for (byte[] member : members.keys()) {
            if (!Numbers.isLong(member)) {
                return "hashtable";
            }
        }
        return "intset";
    }

    @Override
    public MemoryCollection copy() {
        return new MemorySet(members.copy());
    }
}
