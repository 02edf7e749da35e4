package io.slotkv.store.rocksdb;

import io.slotkv.protocol.HashSlot;
import io.slotkv.protocol.Numbers;
import io.slotkv.store.HashValue;
import io.slotkv.store.StorageException;
import io.slotkv.store.Keyspace;
import io.slotkv.store.ListValue;
import io.slotkv.store.SetValue;
import io.slotkv.store.SlotSnapshot;
import io.slotkv.store.StagedValue;
import io.slotkv.store.ValueType;
import io.slotkv.store.WrongTypeException;
import io.slotkv.store.ZSetValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * One database of the {@link RocksEngine}. Reads go through the engine's indexed write batch, so a command sees
 * its own writes; collections are reached through views that write their sub-keys into the same batch and whose
 * metadata this keyspace writes back (or deletes, when emptied) at {@link #commit()}.
 */
final class RocksKeyspace implements Keyspace {
    /** Redis 7's default thresholds of its compact encodings, for OBJECT ENCODING (as the memory engine answers). */
    private static final int MAX_INTSET_ENTRIES = 512;
    private static final int MAX_HASH_LISTPACK_ENTRIES = 512;
    private static final int MAX_ZSET_LISTPACK_ENTRIES = 128;
    private static final int MAX_LISTPACK_VALUE = 64;

    private final RocksEngine engine;
    private final int db;
    /** Metadata of collections handed out during the current command, by meta key (as a string of bytes). */
    private final Map<String, RocksCollection> touched = new LinkedHashMap<>();
    private final List<byte[]> modified = new ArrayList<>();
    private boolean committed;
    private byte[] expireCursor;

    RocksKeyspace(RocksEngine engine, int db) {
        this.engine = engine;
        this.db = db;
    }

    // ---------------------------------------------------------------- low level

    byte[] read(ColumnFamilyHandle family, byte[] key) {
        return engine.read(family, key);
    }

    void write(ColumnFamilyHandle family, byte[] key, byte[] value) {
        engine.put(family, key, value);
    }

    void remove(ColumnFamilyHandle family, byte[] key) {
        engine.delete(family, key);
    }

    /** An iterator over {@code family} that sees the current command's writes; the caller closes it. */
    RocksIterator iterator(ColumnFamilyHandle family) {
        return engine.batch.newIteratorWithBase(family, engine.db().newIterator(family, engine.readOptions));
    }

    RocksEngine engine() {
        return engine;
    }

    int db() {
        return db;
    }

    void modified(byte[] key) {
        if (committed) {
            modified.clear();
            committed = false;
        }
        modified.add(key);
    }

    /** Live metadata of {@code key}, or null; an expired key is deleted on the way. */
    private Metadata metadata(byte[] key) {
        RocksCollection open = touched.get(id(key));
        if (open != null) {
            return open.meta;
        }
        byte[] stored = read(engine.meta, KeyCodec.meta(db, key));
        if (stored == null) {
            return null;
        }
        Metadata meta = Metadata.decode(stored);
        if (meta.expired(System.currentTimeMillis())) {
            erase(key, meta);
            return null;
        }
        return meta;
    }

    private static String id(byte[] key) {
        return new String(key, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Removes a key and, for a collection, schedules the removal of its sub-keys. */
    private void erase(byte[] key, Metadata meta) {
        remove(engine.meta, KeyCodec.meta(db, key));
        engine.addToSlot(db, HashSlot.of(key), -1);
        if (meta.expireAt >= 0) {
            engine.addToExpiring(db, -1);
        }
        if (meta.type != ValueType.STRING) {
            byte[] prefix = KeyCodec.subPrefix(db, key, meta.version);
            engine.deleteRange(engine.data, prefix, KeyCodec.prefixEnd(prefix));
            engine.deleteRange(engine.score, prefix, KeyCodec.prefixEnd(prefix));
        }
        touched.remove(id(key));
    }

    private void store(byte[] key, Metadata meta, Metadata previous) {
        if (previous == null) {
            engine.addToSlot(db, HashSlot.of(key), 1);
        } else if (previous.type != ValueType.STRING) {
            byte[] prefix = KeyCodec.subPrefix(db, key, previous.version);
            engine.deleteRange(engine.data, prefix, KeyCodec.prefixEnd(prefix));
            engine.deleteRange(engine.score, prefix, KeyCodec.prefixEnd(prefix));
            touched.remove(id(key));
        }
        long wasExpiring = previous != null && previous.expireAt >= 0 ? 1 : 0;
        engine.addToExpiring(db, (meta.expireAt >= 0 ? 1 : 0) - wasExpiring);
        write(engine.meta, KeyCodec.meta(db, key), meta.encode());
        modified(key);
    }

    // ---------------------------------------------------------------- Keyspace

    @Override
    public ValueType type(byte[] key) {
        Metadata meta = metadata(key);
        return meta == null ? null : meta.type;
    }

    @Override
    public boolean exists(byte[] key) {
        return metadata(key) != null;
    }

    @Override
    public byte[] getString(byte[] key) {
        Metadata meta = metadata(key);
        if (meta == null) {
            return null;
        }
        if (meta.type != ValueType.STRING) {
            throw new WrongTypeException();
        }
        return meta.value;
    }

    @Override
    public void putString(byte[] key, byte[] value, long expireAt) {
        store(key, Metadata.string(value, expireAt), metadata(key));
    }

    @Override
    public void replaceString(byte[] key, byte[] value) {
        Metadata previous = metadata(key);
        store(key, Metadata.string(value, previous == null ? NO_EXPIRY : previous.expireAt), previous);
    }

    private <T extends RocksCollection> T collection(byte[] key, boolean create, ValueType type,
            CollectionFactory<T> factory) {
        RocksCollection open = touched.get(id(key));
        if (open != null) {
            if (open.meta.type != type) {
                throw new WrongTypeException();
            }
            @SuppressWarnings("unchecked")
            T same = (T) open;
            return same;
        }
        Metadata meta = metadata(key);
        if (meta == null) {
            if (!create) {
                return null;
            }
            meta = new Metadata(type, NO_EXPIRY, engine.nextVersion());
            store(key, meta, null);
        } else if (meta.type != type) {
            throw new WrongTypeException();
        }
        T view = factory.create(this, key, meta);
        touched.put(id(key), view);
        return view;
    }

    /** Creates the view of one collection type. */
    @FunctionalInterface
    interface CollectionFactory<T extends RocksCollection> {
        T create(RocksKeyspace keyspace, byte[] key, Metadata meta);
    }

    @Override
    public HashValue hash(byte[] key, boolean create) {
        return collection(key, create, ValueType.HASH, RocksHash::new);
    }

    @Override
    public ListValue list(byte[] key, boolean create) {
        return collection(key, create, ValueType.LIST, RocksList::new);
    }

    @Override
    public SetValue set(byte[] key, boolean create) {
        return collection(key, create, ValueType.SET, RocksSet::new);
    }

    @Override
    public ZSetValue zset(byte[] key, boolean create) {
        return collection(key, create, ValueType.ZSET, RocksZSet::new);
    }

    @Override
    public boolean delete(byte[] key) {
        Metadata meta = metadata(key);
        if (meta == null) {
            return false;
        }
        erase(key, meta);
        modified(key);
        return true;
    }

    @Override
    public long expireAt(byte[] key) {
        Metadata meta = metadata(key);
        return meta == null ? MISSING : meta.expireAt;
    }

    @Override
    public boolean expireAt(byte[] key, long when) {
        Metadata meta = metadata(key);
        if (meta == null) {
            return false;
        }
        engine.addToExpiring(db, (when >= 0 ? 1 : 0) - (meta.expireAt >= 0 ? 1 : 0));
        meta.expireAt = when;
        write(engine.meta, KeyCodec.meta(db, key), meta.encode());
        modified(key);
        return true;
    }

    @Override
    public boolean persist(byte[] key) {
        Metadata meta = metadata(key);
        return meta != null && meta.expireAt >= 0 && expireAt(key, NO_EXPIRY);
    }

    @Override
    public void rename(byte[] from, byte[] to) {
        copy(from, to);
        delete(from);
    }

    /** Copies the value; a collection's sub-keys are copied under a new version (O(n), unlike RENAME in Redis). */
    @Override
    public void copy(byte[] from, byte[] to) {
        Metadata source = metadata(from);
        Metadata previous = metadata(to);
        if (source.type == ValueType.STRING) {
            store(to, Metadata.string(source.value, source.expireAt), previous);
            return;
        }
        Metadata copy = new Metadata(source.type, source.expireAt, engine.nextVersion());
        copy.count = source.count;
        copy.head = source.head;
        byte[] sourcePrefix = KeyCodec.subPrefix(db, from, source.version);
        byte[] targetPrefix = KeyCodec.subPrefix(db, to, copy.version);
        for (ColumnFamilyHandle family : List.of(engine.data, engine.score)) {
            List<byte[][]> entries = new ArrayList<>();
            try (RocksIterator it = iterator(family)) {
                for (it.seek(sourcePrefix); it.isValid() && startsWith(it.key(), sourcePrefix); it.next()) {
                    entries.add(new byte[][] {KeyCodec.suffix(it.key(), sourcePrefix.length), it.value()});
                }
            }
            for (byte[][] entry : entries) {
                write(family, KeyCodec.concat(targetPrefix, entry[0]), entry[1]);
            }
        }
        store(to, copy, previous);
    }

    static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    @Override
    public long idleSeconds(byte[] key) {
        return exists(key) ? 0 : -1;
    }

    @Override
    public String encoding(byte[] key) {
        Metadata meta = metadata(key);
        if (meta == null) {
            return null;
        }
        return switch (meta.type) {
            case STRING -> meta.value.length <= 20 && Numbers.isLong(meta.value) ? "int"
                    : meta.value.length <= 44 ? "embstr" : "raw";
            case LIST -> "quicklist";
            case SET -> meta.count <= MAX_INTSET_ENTRIES
                    && everySub(key, meta, (member, value) -> Numbers.isLong(member)) ? "intset" : "hashtable";
            case ZSET -> compact(key, meta, MAX_ZSET_LISTPACK_ENTRIES) ? "listpack" : "skiplist";
            case HASH -> compact(key, meta, MAX_HASH_LISTPACK_ENTRIES) ? "listpack" : "hashtable";
        };
    }

    /** Whether Redis would keep the collection as a listpack: few entries, none longer than 64 bytes. */
    private boolean compact(byte[] key, Metadata meta, int maxEntries) {
        return meta.count <= maxEntries && everySub(key, meta,
                (sub, value) -> sub.length <= MAX_LISTPACK_VALUE && value.length <= MAX_LISTPACK_VALUE);
    }

    /** Whether every sub-key (suffix, value) of the collection's current version passes {@code test}. */
    private boolean everySub(byte[] key, Metadata meta, java.util.function.BiPredicate<byte[], byte[]> test) {
        byte[] prefix = KeyCodec.subPrefix(db, key, meta.version);
        try (RocksIterator it = iterator(engine.data)) {
            for (it.seek(prefix); it.isValid() && startsWith(it.key(), prefix); it.next()) {
                if (!test.test(KeyCodec.suffix(it.key(), prefix.length), it.value())) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public long size() {
        long total = 0;
        for (int slot = 0; slot < HashSlot.COUNT; slot++) {
            total += engine.slotCount(db, slot);
        }
        return total;
    }

    @Override
    public long expiringKeys() {
        return engine.expiringCount(db);
    }

    @Override
    public void flush() {
        for (int slot = 0; slot < HashSlot.COUNT; slot++) {
            if (engine.slotCount(db, slot) > 0) {
                deleteSlot(slot);
            }
        }
        engine.addToExpiring(db, -engine.expiringCount(db));
    }

    @Override
    public byte[] randomKey() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 64; attempt++) {
            int start = random.nextInt(HashSlot.COUNT);
            for (int i = 0; i < HashSlot.COUNT; i++) {
                int slot = (start + i) % HashSlot.COUNT;
                if (engine.slotCount(db, slot) > 0) {
                    List<byte[]> keys = keysInSlot(slot, 16);
                    if (!keys.isEmpty()) {
                        byte[] key = keys.get(random.nextInt(keys.size()));
                        if (exists(key)) {
                            return key;
                        }
                    }
                    break;
                }
            }
        }
        return null;
    }

    @Override
    public long scan(long cursor, long count, Consumer<byte[]> visitor) {
        if (cursor < 0 || cursor >= HashSlot.COUNT) {
            return 0;
        }
        long visited = 0;
        int slot = (int) cursor;
        long now = System.currentTimeMillis();
        for (; slot < HashSlot.COUNT && visited < count; slot++) {
            if (engine.slotCount(db, slot) == 0) {
                continue;
            }
            byte[] start = KeyCodec.slotStart(db, slot);
            try (RocksIterator it = iterator(engine.meta)) {
                for (it.seek(start); it.isValid() && startsWith(it.key(), start); it.next()) {
                    if (!Metadata.decode(it.value()).expired(now)) {
                        visitor.accept(KeyCodec.userKey(it.key()));
                        visited++;
                    }
                }
            }
        }
        return slot >= HashSlot.COUNT ? 0 : slot;
    }

    @Override
    public long countKeysInSlot(int slot) {
        return engine.slotCount(db, slot);
    }

    @Override
    public List<byte[]> keysInSlot(int slot, int count) {
        List<byte[]> keys = new ArrayList<>();
        if (engine.slotCount(db, slot) == 0) {
            return keys; // a reshard asks once more after the last keys left: no iterator for an empty slot
        }
        byte[] start = KeyCodec.slotStart(db, slot);
        try (RocksIterator it = engine.currentIterator(engine.meta, engine.readOptions)) {
            for (it.seek(start); it.isValid() && startsWith(it.key(), start) && keys.size() < count; it.next()) {
                keys.add(KeyCodec.userKey(it.key()));
            }
        }
        return keys;
    }

    @Override
    public byte[] scanSlot(int slot, byte[] cursor, int count, Consumer<byte[]> visitor) {
        byte[] start = KeyCodec.slotStart(db, slot);
        byte[] last = null;
        int visited = 0;
        try (RocksIterator it = iterator(engine.meta)) {
            for (it.seek(cursor == null ? start : KeyCodec.meta(db, slot, cursor));
                    it.isValid() && startsWith(it.key(), start); it.next()) {
                byte[] key = KeyCodec.userKey(it.key());
                if (cursor != null && last == null && Arrays.equals(key, cursor)) {
                    continue; // visited by the call that returned this cursor
                }
                if (visited == count) {
                    return last;
                }
                visitor.accept(key);
                last = key;
                visited++;
            }
        }
        return null;
    }

    @Override
    public SlotSnapshot snapshot(int fromSlot, int toSlot) {
        return engine.snapshot(db, fromSlot, toSlot);
    }

    @Override
    public SlotSnapshot read(List<byte[]> keys) {
        return new RocksSlotSnapshot(engine, db, keys, System.currentTimeMillis());
    }

    @Override
    public StagedValue stage(byte[] key, ValueType type) {
        Metadata meta = new Metadata(type, NO_EXPIRY, engine.nextVersion());
        RocksCollection view = switch (type) {
            case HASH -> new RocksHash(this, key, meta);
            case LIST -> new RocksList(this, key, meta);
            case SET -> new RocksSet(this, key, meta);
            case ZSET -> new RocksZSet(this, key, meta);
            case STRING -> throw new IllegalArgumentException("only collections are staged");
        };
        write(engine.staged, view.prefix, new byte[0]);
        return new StagedValue() { // sub-keys under a version no metadata names, until publish writes it
            @Override
            public ValueType type() {
                return type;
            }

            @Override
            public long size() {
                return meta.count;
            }

            @Override
            public void element(byte[] element, byte[] value, double score) {
                StagedValue.add(view, element, value, score);
            }

            @Override
            public void publish(long expireAt) {
                remove(engine.staged, view.prefix);
                meta.expireAt = expireAt;
                store(key, meta, metadata(key));
            }

            @Override
            public void discard() {
                remove(engine.staged, view.prefix);
                engine.deleteRange(engine.data, view.prefix, KeyCodec.prefixEnd(view.prefix));
                engine.deleteRange(engine.score, view.prefix, KeyCodec.prefixEnd(view.prefix));
            }
        };
    }

    /** Deletes a whole slot with range deletions: O(1) whatever the slot holds. */
    @Override
    public long deleteSlot(int slot) {
        long count = engine.slotCount(db, slot);
        byte[] start = KeyCodec.slotStart(db, slot);
        byte[] end = KeyCodec.slotEnd(db, slot);
        List<byte[]> metaKeys = new ArrayList<>();
        long expiring = 0;
        try (RocksIterator it = iterator(engine.meta)) {
            for (it.seek(start); it.isValid() && startsWith(it.key(), start); it.next()) {
                metaKeys.add(it.key());
                if (Metadata.decode(it.value()).expireAt >= 0) {
                    expiring++;
                }
            }
        }
        // Deleted in the batch too, so the rest of this command no longer sees them.
        metaKeys.forEach(metaKey -> remove(engine.meta, metaKey));
        engine.addToExpiring(db, -expiring);
        engine.deleteRange(engine.meta, start, end);
        engine.deleteRange(engine.data, start, end);
        engine.deleteRange(engine.score, start, end);
        engine.resetSlot(db, slot);
        touched.clear();
        return count;
    }

    @Override
    public long activeExpire(long budgetNanos) {
        if (engine.expiringCount(db) <= 0) {
            return 0;
        }
        long deadline = System.nanoTime() + budgetNanos;
        long now = System.currentTimeMillis();
        byte[] start = KeyCodec.slotStart(db, 0);
        Map<String, Metadata> expired = new LinkedHashMap<>();
        try (RocksIterator it = iterator(engine.meta)) {
            it.seek(expireCursor == null ? start : expireCursor);
            int checked = 0;
            for (; it.isValid() && it.key()[0] == (byte) db; it.next()) {
                Metadata meta = Metadata.decode(it.value());
                if (meta.expired(now)) {
                    expired.put(id(KeyCodec.userKey(it.key())), meta);
                }
                if ((++checked & 63) == 0 && System.nanoTime() > deadline) {
                    it.next();
                    break;
                }
            }
            expireCursor = it.isValid() && it.key()[0] == (byte) db ? it.key() : null;
        }
        expired.forEach((key, meta) -> erase(key.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), meta));
        engine.commit();
        return expired.size();
    }

    /**
     * Ends the command for every database of the engine, as their writes share one batch: each writes back the
     * views the command changed and deletes the emptied ones before the batch is written.
     */
    @Override
    public List<byte[]> commit() {
        if (committed) {
            modified.clear();
        }
        try {
            for (RocksKeyspace keyspace : engine.keyspaces()) {
                keyspace.writeBackViews(keyspace == this);
            }
            engine.commit();
        } finally {
            committed = true; // the next command starts afresh even when this write failed
        }
        return modified;
    }

    /** Writes back this database's changed views; {@code report}: add their keys to the modified keys. */
    private void writeBackViews(boolean report) {
        if (touched.isEmpty()) {
            return;
        }
        for (RocksCollection view : new ArrayList<>(touched.values())) {
            if (report && view.changed()) {
                modified.add(view.key);
            }
            if (view.meta.count == 0) {
                erase(view.key, view.meta);
            } else if (view.changed()) {
                write(engine.meta, KeyCodec.meta(db, view.key), view.meta.encode());
            }
        }
        touched.clear();
    }
}
