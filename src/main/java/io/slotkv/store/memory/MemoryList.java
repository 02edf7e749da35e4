package io.slotkv.store.memory;

import io.slotkv.store.ListValue;
import io.slotkv.store.ValueType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A list in memory: a growable ring buffer, so pushes and pops at both ends are O(1) and LINDEX/LSET are O(1)
 * (Redis's quicklist makes those O(n)). Inserting or removing in the middle shifts the shorter side.
 */
final class MemoryList implements ListValue, MemoryCollection {
    private byte[][] items;
    private int head;
    private int size;
    private int modCount;

    MemoryList() {
        items = new byte[4][];
    }

    private MemoryList(byte[][] items, int size) {
        this.items = items;
        this.size = size;
    }

    @Override
    public ValueType type() {
        return ValueType.LIST;
    }

    @Override
    public long size() {
        return size;
    }

    private int slot(long index) {
        return (int) ((head + index) & (items.length - 1));
    }

    @Override
    public byte[] get(long index) {
        return items[slot(index)];
    }

    @Override
    public void set(long index, byte[] value) {
        modCount++;
        items[slot(index)] = value;
    }

    private void growIfFull() {
        if (size == items.length) {
            byte[][] grown = new byte[items.length * 2][];
            for (int i = 0; i < size; i++) {
                grown[i] = items[slot(i)];
            }
            items = grown;
            head = 0;
        }
    }

    private void shrinkIfSparse() {
        if (items.length > 16 && size * 4 < items.length) {
            byte[][] shrunk = new byte[items.length / 2][];
            for (int i = 0; i < size; i++) {
                shrunk[i] = items[slot(i)];
            }
            items = shrunk;
            head = 0;
        }
    }

    @Override
    public void push(boolean atHead, byte[] value) {
        modCount++;
        growIfFull();
        if (atHead) {
            head = (head - 1) & (items.length - 1);
            items[head] = value;
        } else {
            items[slot(size)] = value;
        }
        size++;
    }

    @Override
    public byte[] pop(boolean atHead) {
        modCount++;
        int at = atHead ? head : slot(size - 1);
        byte[] value = items[at];
        items[at] = null;
        if (atHead) {
            head = (head + 1) & (items.length - 1);
        }
        size--;
        shrinkIfSparse();
        return value;
    }

    @Override
    public void insert(long index, byte[] value) {
        modCount++;
        growIfFull();
        if (index < size / 2) {
            head = (head - 1) & (items.length - 1);
            for (long i = 0; i < index; i++) {
                items[slot(i)] = items[slot(i + 1)];
            }
        } else {
            for (long i = size; i > index; i--) {
                items[slot(i)] = items[slot(i - 1)];
            }
        }
        items[slot(index)] = value;
        size++;
    }

    @Override
    public byte[] remove(long index) {
        modCount++;
        byte[] removed = items[slot(index)];
        if (index < size / 2) {
            for (long i = index; i > 0; i--) {
                items[slot(i)] = items[slot(i - 1)];
            }
            items[head] = null;
            head = (head + 1) & (items.length - 1);
        } else {
            for (long i = index; i < size - 1; i++) {
                items[slot(i)] = items[slot(i + 1)];
            }
            items[slot(size - 1)] = null;
        }
        size--;
        shrinkIfSparse();
        return removed;
    }

    @Override
    public List<byte[]> range(long from, long to) {
        List<byte[]> out = new ArrayList<>((int) Math.max(0, to - from + 1));
        for (long i = from; i <= to; i++) {
            out.add(items[slot(i)]);
        }
        return out;
    }

    @Override
    public void trim(long from, long to) {
        modCount++;
        if (from > to || from >= size) {
            Arrays.fill(items, null);
            head = 0;
            size = 0;
            return;
        }
        for (long i = 0; i < from; i++) {
            items[slot(i)] = null;
        }
        for (long i = to + 1; i < size; i++) {
            items[slot(i)] = null;
        }
        head = slot(from);
        size = (int) (to - from + 1);
        shrinkIfSparse();
    }

    @Override
    public int modCount() {
        return modCount;
    }

    @Override
    public String encoding() {
        return "quicklist";
    }

    @Override
    public MemoryCollection copy() {
        byte[][] copy = new byte[items.length][];
        for (int i = 0; i < size; i++) {
            copy[i] = items[slot(i)];
        }
        return new MemoryList(copy, size);
    }
}
