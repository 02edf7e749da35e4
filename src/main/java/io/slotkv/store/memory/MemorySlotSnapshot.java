package io.slotkv.store.memory;

import io.slotkv.store.HashValue;
import io.slotkv.store.ListValue;
import io.slotkv.store.ScoredMember;
import io.slotkv.store.SetValue;
import io.slotkv.store.SlotSnapshot;
import io.slotkv.store.ValueType;
import io.slotkv.store.ZSetValue;
import java.util.ArrayList;
import java.util.List;

/**
 * The memory engine's {@link SlotSnapshot}: a copy taken when it is made. Strings are shared (a stored string
 * array is never written again: every command stores a new one), collections are deep-copied, so the snapshot
 * costs memory in proportion to the collections of the slots it covers. The keyspace has no versions to pin, and
 * a copy is what gives the consistency the contract promises. A reader of given keys ({@link
 * io.slotkv.store.Keyspace#read}) is the same walk over the live values, uncopied.
 */
final class MemorySlotSnapshot implements SlotSnapshot {
    record Entry(int slot, byte[] key, Object value, long expireAt) {}

    private final List<Entry> entries;
    private int current = -1;
    /** Position of the next element of the current collection. */
    private long position;

    /** A reader of the live values of {@code entries}. */
    MemorySlotSnapshot(List<Entry> entries) {
        this.entries = entries;
    }

    MemorySlotSnapshot(SlotTable[] slots, int fromSlot, int toSlot, long now) {
        entries = new ArrayList<>();
        for (int slot = fromSlot; slot <= toSlot; slot++) {
            SlotTable table = slots[slot];
            for (int i = 0; table != null && i < table.capacity(); i++) {
                byte[] key = table.keyAt(i);
                long expireAt = key == null ? 0 : table.expireAt(i);
                if (key != null && (expireAt < 0 || expireAt > now)) {
                    Object value = table.valueAt(i);
                    Object copy = value instanceof MemoryCollection collection ? collection.copy() : value;
                    entries.add(new Entry(slot, key, copy, expireAt));
                }
            }
        }
    }

    private Entry entry() {
        return entries.get(current);
    }

    @Override
    public boolean next() {
        if (current < entries.size()) {
            current++;
        }
        position = 0;
        return current < entries.size();
    }

    @Override
    public int slot() {
        return entry().slot();
    }

    @Override
    public byte[] key() {
        return entry().key();
    }

    @Override
    public ValueType type() {
        return MemoryKeyspace.typeOf(entry().value());
    }

    @Override
    public long expireAt() {
        return entry().expireAt();
    }

    @Override
    public long size() {
        return entry().value() instanceof MemoryCollection collection ? collection.size() : 0;
    }

    @Override
    public byte[] string() {
        return (byte[]) entry().value();
    }

    @Override
    public boolean elements(int max, ElementVisitor visitor) {
        long end = Math.min(size(), position + max);
        switch (entry().value()) {
            case HashValue hash -> {
                for (; position < end; position++) {
                    byte[] field = hash.fieldAt(position);
                    visitor.element(field, hash.get(field), Double.NaN);
                }
            }
            case SetValue set -> {
                for (; position < end; position++) {
                    visitor.element(set.memberAt(position), null, Double.NaN);
                }
            }
            case ListValue list -> {
                if (position < end) {
                    list.range(position, end - 1).forEach(element -> visitor.element(element, null, Double.NaN));
                    position = end;
                }
            }
            case ZSetValue zset -> {
                if (position < end) {
                    for (ScoredMember member : zset.rangeByRank(position, end - 1)) {
                        visitor.element(member.member(), null, member.score());
                    }
                    position = end;
                }
            }
            default -> throw new IllegalStateException("not a collection: " + type());
        }
        return position < size();
    }

    @Override
    public void close() {
        entries.clear();
    }
}
