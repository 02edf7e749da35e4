package io.slotkv.store.memory;

import io.slotkv.protocol.HashSlot;
import io.slotkv.protocol.Numbers;
import io.slotkv.store.HashValue;
import io.slotkv.store.Keyspace;
import io.slotkv.store.ListValue;
import io.slotkv.store.SetValue;
import io.slotkv.store.SlotSnapshot;
import io.slotkv.store.StagedValue;
import io.slotkv.store.ValueType;
import io.slotkv.store.WrongTypeException;
import io.slotkv.store.ZSetValue;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * A database of the in-memory engine: a {@link SlotTable} per hash slot, created on first write and dropped when
 * it empties, so a slot's keys are found, counted and deleted without touching other slots.
 *
 * <p>Strings are stored as their {@code byte[]}; collections as the {@code Memory*} classes, which implement the
 * value views directly. The collections handed out during a command are remembered with their change counters, so
 * {@link #commit()} can delete the ones the command emptied and report the ones it changed; direct writes (store,
 * delete, expiry) are recorded as they happen.
 */
public final class MemoryKeyspace implements Keyspace {
    private final SlotTable[] slots = new SlotTable[HashSlot.COUNT];
    private final List<byte[]> touchedKeys = new ArrayList<>();
    private final List<MemoryCollection> touchedValues = new ArrayList<>();
    private final List<Integer> touchedModCounts = new ArrayList<>();
    private final List<byte[]> modified = new ArrayList<>();
    private boolean committed;
    private long size;
    private long expiring;
    private int expireCursor;

    private static long now() {
        return System.currentTimeMillis();
    }

    private static int nowSeconds() {
        return (int) (System.currentTimeMillis() / 1000);
    }

    /** The table and index of a live key, or {@code null} table when absent. Expired keys are deleted here. */
    private record Location(SlotTable table, int index) {}

    private Location locate(byte[] key) {
        SlotTable table = slots[HashSlot.of(key)];
        if (table == null) {
            return null;
        }
        int index = table.find(key, SlotTable.hash(key));
        if (index < 0) {
            return null;
        }
        long when = table.expireAt(index);
        if (when >= 0 && when <= now()) {
            removeAt(HashSlot.of(key), table, index);
            return null;
        }
        return new Location(table, index);
    }

    private Object lookup(byte[] key) {
        Location at = locate(key);
        if (at == null) {
            return null;
        }
        at.table.touch(at.index, nowSeconds());
        return at.table.valueAt(at.index);
    }

    /** Removes an entry; expiry and the commit's clean-up use it directly, commands through {@link #delete}. */
    private void removeAt(int slot, SlotTable table, int index) {
        if (table.expireAt(index) >= 0) {
            expiring--;
        }
        table.removeAt(index);
        size--;
        if (table.size() == 0) {
            slots[slot] = null;
        }
    }

    private int store(byte[] key, Object value, long expireAt) {
        modified(key);
        int slot = HashSlot.of(key);
        SlotTable table = slots[slot];
        if (table == null) {
            table = new SlotTable();
            slots[slot] = table;
        }
        int before = table.size();
        int index = table.put(key, SlotTable.hash(key), value, nowSeconds());
        size += table.size() - before;
        setExpire(table, index, expireAt);
        return index;
    }

    private void setExpire(SlotTable table, int index, long when) {
        modified(table.keyAt(index));
        boolean had = table.expireAt(index) >= 0;
        table.setExpire(index, when);
        expiring += (when >= 0 ? 1 : 0) - (had ? 1 : 0);
    }

    static ValueType typeOf(Object value) {
        if (value instanceof byte[]) {
            return ValueType.STRING;
        }
        return ((MemoryCollection) value).type();
    }

    @Override
    public ValueType type(byte[] key) {
        Object value = lookup(key);
        return value == null ? null : typeOf(value);
    }

    @Override
    public boolean exists(byte[] key) {
        return locate(key) != null;
    }

    @Override
    public byte[] getString(byte[] key) {
        Object value = lookup(key);
        if (value == null || value instanceof byte[]) {
            return (byte[]) value;
        }
        throw new WrongTypeException();
    }

    @Override
    public void putString(byte[] key, byte[] value, long expireAt) {
        store(key, value, expireAt);
    }

    @Override
    public void replaceString(byte[] key, byte[] value) {
        Location at = locate(key);
        if (at == null) {
            store(key, value, NO_EXPIRY);
        } else {
            modified(key);
            at.table.setValue(at.index, value);
        }
    }

    private <T extends MemoryCollection> T collection(
            byte[] key, boolean create, Class<T> type, java.util.function.Supplier<T> factory) {
        Object value = lookup(key);
        if (value == null) {
            if (!create) {
                return null;
            }
            T created = factory.get();
            store(key, created, NO_EXPIRY);
            touched(key, created);
            return created;
        }
        if (!type.isInstance(value)) {
            throw new WrongTypeException();
        }
        T collection = type.cast(value);
        touched(key, collection);
        return collection;
    }

    private void touched(byte[] key, MemoryCollection value) {
        startUnit();
        touchedKeys.add(key);
        touchedValues.add(value);
        touchedModCounts.add(value.modCount());
    }

    private void modified(byte[] key) {
        startUnit();
        modified.add(key);
    }

    /** The first write after a commit starts a new unit: forget what the previous command reported. */
    private void startUnit() {
        if (committed) {
            modified.clear();
            committed = false;
        }
    }

    @Override
    public HashValue hash(byte[] key, boolean create) {
        return collection(key, create, MemoryHash.class, MemoryHash::new);
    }

    @Override
    public ListValue list(byte[] key, boolean create) {
        return collection(key, create, MemoryList.class, MemoryList::new);
    }

    @Override
    public SetValue set(byte[] key, boolean create) {
        return collection(key, create, MemorySet.class, MemorySet::new);
    }

    @Override
    public ZSetValue zset(byte[] key, boolean create) {
        return collection(key, create, MemoryZSet.class, MemoryZSet::new);
    }

    @Override
    public boolean delete(byte[] key) {
        Location at = locate(key);
        if (at == null) {
            return false;
        }
        modified(key);
        removeAt(HashSlot.of(key), at.table, at.index);
        return true;
    }

    @Override
    public long expireAt(byte[] key) {
        Location at = locate(key);
        return at == null ? MISSING : at.table.expireAt(at.index);
    }

    @Override
    public boolean expireAt(byte[] key, long when) {
        Location at = locate(key);
        if (at == null) {
            return false;
        }
        setExpire(at.table, at.index, when);
        return true;
    }

    @Override
    public boolean persist(byte[] key) {
        Location at = locate(key);
        if (at == null || at.table.expireAt(at.index) < 0) {
            return false;
        }
        setExpire(at.table, at.index, NO_EXPIRY);
        return true;
    }

    @Override
    public void rename(byte[] from, byte[] to) {
        Location at = locate(from);
        Object value = at.table.valueAt(at.index);
        long when = at.table.expireAt(at.index);
        modified(from);
        removeAt(HashSlot.of(from), at.table, at.index);
        delete(to);
        store(to, value, when);
    }

    @Override
    public void copy(byte[] from, byte[] to) {
        Location at = locate(from);
        Object value = at.table.valueAt(at.index);
        long when = at.table.expireAt(at.index);
        Object copy = value instanceof byte[] bytes ? bytes : ((MemoryCollection) value).copy();
        delete(to);
        store(to, copy, when);
    }

    @Override
    public long idleSeconds(byte[] key) {
        Location at = locate(key);
        return at == null ? -1 : Math.max(0, nowSeconds() - at.table.accessSecondsAt(at.index));
    }

    @Override
    public String encoding(byte[] key) {
        Location at = locate(key);
        if (at == null) {
            return null;
        }
        Object value = at.table.valueAt(at.index);
        if (value instanceof byte[] bytes) {
            if (bytes.length <= 20 && Numbers.isLong(bytes)) {
                return "int";
            }
            return bytes.length <= 44 ? "embstr" : "raw";
        }
        return ((MemoryCollection) value).encoding();
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public long expiringKeys() {
        return expiring;
    }

    @Override
    public void flush() {
        java.util.Arrays.fill(slots, null);
        size = 0;
        expiring = 0;
        touchedKeys.clear();
        touchedValues.clear();
        touchedModCounts.clear();
    }

    @Override
    public byte[] randomKey() {
        for (int attempt = 0; attempt < 100 && size > 0; attempt++) {
            byte[] key = randomCandidate();
            if (key != null && exists(key)) {
                return key;
            }
        }
        return null;
    }

    private byte[] randomCandidate() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 64; attempt++) {
            SlotTable table = slots[random.nextInt(HashSlot.COUNT)];
            if (table != null) {
                return table.keyAt(table.randomIndex());
            }
        }
        int start = random.nextInt(HashSlot.COUNT);
        for (int i = 0; i < HashSlot.COUNT; i++) {
            SlotTable table = slots[(start + i) % HashSlot.COUNT];
            if (table != null) {
                return table.keyAt(table.randomIndex());
            }
        }
        return null;
    }

    @Override
    public long scan(long cursor, long count, Consumer<byte[]> visitor) {
        long visited = 0;
        if (cursor < 0 || cursor >= HashSlot.COUNT) {
            return 0;
        }
        int slot = (int) cursor;
        long now = now();
        while (slot < HashSlot.COUNT && visited < count) {
            SlotTable table = slots[slot];
            if (table != null) {
                for (int i = 0; i < table.capacity(); i++) {
                    byte[] key = table.keyAt(i);
                    if (key != null) {
                        long when = table.expireAt(i);
                        if (when < 0 || when > now) {
                            visitor.accept(key);
                            visited++;
                        }
                    }
                }
            }
            slot++;
        }
        return slot >= HashSlot.COUNT ? 0 : slot;
    }

    @Override
    public long countKeysInSlot(int slot) {
        SlotTable table = slots[slot];
        return table == null ? 0 : table.size();
    }

    @Override
    public List<byte[]> keysInSlot(int slot, int count) {
        List<byte[]> keys = new ArrayList<>();
        SlotTable table = slots[slot];
        if (table != null) {
            for (int i = 0; i < table.capacity() && keys.size() < count; i++) {
                if (table.keyAt(i) != null) {
                    keys.add(table.keyAt(i));
                }
            }
        }
        return keys;
    }

    @Override
    public byte[] scanSlot(int slot, byte[] cursor, int count, Consumer<byte[]> visitor) {
        SlotTable table = slots[slot];
        int visited = 0;
        for (int i = cursor == null ? 0 : ByteBuffer.wrap(cursor).getInt(); table != null && i < table.capacity();
                i++) {
            if (table.keyAt(i) != null) {
                if (visited == count) {
                    return ByteBuffer.allocate(Integer.BYTES).putInt(i).array();
                }
                visitor.accept(table.keyAt(i));
                visited++;
            }
        }
        return null;
    }

    @Override
    public SlotSnapshot snapshot(int fromSlot, int toSlot) {
        return new MemorySlotSnapshot(slots, fromSlot, toSlot, now());
    }

    @Override
    public SlotSnapshot read(List<byte[]> keys) {
        List<MemorySlotSnapshot.Entry> entries = new ArrayList<>(keys.size());
        for (byte[] key : keys) {
            Location at = locate(key);
            if (at != null) {
                entries.add(new MemorySlotSnapshot.Entry(HashSlot.of(key), key, at.table.valueAt(at.index),
                        at.table.expireAt(at.index)));
            }
        }
        return new MemorySlotSnapshot(entries);
    }

    @Override
    public StagedValue stage(byte[] key, ValueType type) {
        MemoryCollection value = switch (type) {
            case HASH -> new MemoryHash();
            case LIST -> new MemoryList();
            case SET -> new MemorySet();
            case ZSET -> new MemoryZSet();
            case STRING -> throw new IllegalArgumentException("only collections are staged");
        };
        return new StagedValue() { // built aside, then one table slot takes it
            @Override
            public ValueType type() {
                return type;
            }

            @Override
            public long size() {
                return value.size();
            }

            @Override
            public void element(byte[] element, byte[] field, double score) {
                StagedValue.add(value, element, field, score);
            }

            @Override
            public void publish(long expireAt) {
                store(key, value, expireAt);
            }

            @Override
            public void discard() {
                // nothing outside this object refers to it
            }
        };
    }

    @Override
    public long deleteSlot(int slot) {
        SlotTable table = slots[slot];
        if (table == null) {
            return 0;
        }
        slots[slot] = null;
        size -= table.size();
        expiring -= table.expiring();
        return table.size();
    }

    @Override
    public long activeExpire(long budgetNanos) {
        if (expiring == 0) {
            return 0;
        }
        long deadline = System.nanoTime() + budgetNanos;
        long now = now();
        long deleted = 0;
        for (int visited = 0; visited < HashSlot.COUNT; visited++) {
            int slot = expireCursor;
            expireCursor = (expireCursor + 1) % HashSlot.COUNT;
            SlotTable table = slots[slot];
            if (table != null && table.expiring() > 0) {
                for (int i = 0; i < table.capacity(); ) {
                    long when = table.keyAt(i) == null ? -1 : table.expireAt(i);
                    if (when >= 0 && when <= now) {
                        removeAt(slot, table, i);
                        deleted++;
                        if (slots[slot] == null) {
                            break;
                        }
                        // backward shift may have moved another entry into i: look at it again
                    } else {
                        i++;
                    }
                }
            }
            if ((visited & 15) == 15 && System.nanoTime() > deadline) {
                break;
            }
        }
        return deleted;
    }

    @Override
    public List<byte[]> commit() {
        startUnit();
        for (int i = 0; i < touchedKeys.size(); i++) {
            byte[] key = touchedKeys.get(i);
            MemoryCollection value = touchedValues.get(i);
            if (value.modCount() != touchedModCounts.get(i)) {
                modified.add(key);
            }
            if (value.size() == 0) {
                SlotTable table = slots[HashSlot.of(key)];
                int index = table == null ? -1 : table.find(key, SlotTable.hash(key));
                if (index >= 0 && table.valueAt(index) == value) {
                    removeAt(HashSlot.of(key), table, index);
                }
            }
        }
        touchedKeys.clear();
        touchedValues.clear();
        touchedModCounts.clear();
        committed = true;
        return modified;
    }
}
