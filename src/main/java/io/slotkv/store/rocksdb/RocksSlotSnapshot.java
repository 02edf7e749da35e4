package io.slotkv.store.rocksdb;

import io.slotkv.store.SlotSnapshot;
import io.slotkv.store.ValueType;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;

/**
 * The rocksdb engine's {@link SlotSnapshot}: a RocksDB snapshot and iterators reading through it. The slot range
 * is one contiguous range of the meta column family, and a collection's elements one prefix of the data column
 * family, so walking a slot costs one seek per collection and nothing is copied. Everything is read as of the
 * moment the snapshot was made, whatever commands write afterwards. A reader of given keys ({@link
 * io.slotkv.store.Keyspace#read}) pins nothing: it looks each key up as the current batch leaves it.
 */
final class RocksSlotSnapshot implements SlotSnapshot {
    private final RocksEngine engine;
    private final int db;
    private final Snapshot snapshot;
    private final ReadOptions options;
    private final RocksIterator keys;
    private final byte[] end;
    /** The keys a reader of given keys visits, or {@code null} for a slot range. */
    private final java.util.Iterator<byte[]> wanted;
    private final long now;
    private boolean started;
    private byte[] metaKey;
    private Metadata meta;
    /** The element iterator of the current collection, opened by the first {@link #elements} call. */
    private RocksIterator elements;
    private byte[] elementPrefix;

    RocksSlotSnapshot(RocksEngine engine, int db, int fromSlot, int toSlot, long now) {
        this.engine = engine;
        this.db = db;
        this.now = now;
        snapshot = engine.db().getSnapshot();
        options = new ReadOptions().setSnapshot(snapshot);
        keys = engine.db().newIterator(engine.meta, options);
        keys.seek(KeyCodec.slotStart(db, fromSlot));
        end = KeyCodec.slotEnd(db, toSlot);
        wanted = null;
    }

    /** A reader of {@code wanted}, in place. */
    RocksSlotSnapshot(RocksEngine engine, int db, java.util.List<byte[]> wanted, long now) {
        this.engine = engine;
        this.db = db;
        this.now = now;
        this.wanted = wanted.iterator();
        snapshot = null;
        options = new ReadOptions();
        keys = null;
        end = null;
    }

    @Override
    public boolean next() {
        closeElements();
        if (wanted != null) {
            return nextWanted();
        }
        if (started && keys.isValid()) {
            keys.next();
        }
        started = true;
        for (; keys.isValid() && java.util.Arrays.compareUnsigned(keys.key(), end) < 0; keys.next()) {
            Metadata candidate = Metadata.decode(keys.value());
            if (!candidate.expired(now)) {
                metaKey = keys.key();
                meta = candidate;
                return true;
            }
        }
        metaKey = null;
        meta = null;
        return false;
    }

    private boolean nextWanted() {
        while (wanted.hasNext()) {
            byte[] candidateKey = KeyCodec.meta(db, wanted.next());
            byte[] value = engine.read(engine.meta, candidateKey);
            Metadata candidate = value == null ? null : Metadata.decode(value);
            if (candidate != null && !candidate.expired(now)) {
                metaKey = candidateKey;
                meta = candidate;
                return true;
            }
        }
        metaKey = null;
        meta = null;
        return false;
    }

    private Metadata meta() {
        if (meta == null) {
            throw new IllegalStateException("no current key: call next() first");
        }
        return meta;
    }

    @Override
    public int slot() {
        return ((metaKey[1] & 0xFF) << 8) | (metaKey[2] & 0xFF);
    }

    @Override
    public byte[] key() {
        meta();
        return KeyCodec.userKey(metaKey);
    }

    @Override
    public ValueType type() {
        return meta().type;
    }

    @Override
    public long expireAt() {
        return meta().expireAt;
    }

    @Override
    public long size() {
        return meta().type == ValueType.STRING ? 0 : meta.count;
    }

    @Override
    public byte[] string() {
        return meta().value;
    }

    @Override
    public boolean elements(int max, ElementVisitor visitor) {
        if (elements == null) {
            elementPrefix = KeyCodec.subPrefix(db, key(), meta().version);
            elements = wanted != null ? engine.currentIterator(engine.data, options)
                    : engine.db().newIterator(engine.data, options);
            elements.seek(elementPrefix);
        }
        for (int visited = 0; visited < max && hasElement(); visited++, elements.next()) {
            byte[] sub = KeyCodec.suffix(elements.key(), elementPrefix.length);
            switch (meta.type) {
                case HASH -> visitor.element(sub, elements.value(), Double.NaN);
                case SET -> visitor.element(sub, null, Double.NaN);
                case LIST -> visitor.element(elements.value(), null, Double.NaN);
                case ZSET -> visitor.element(sub, null,
                        Double.longBitsToDouble(KeyCodec.bytesLong(elements.value())));
                default -> throw new IllegalStateException("not a collection: " + meta.type);
            }
        }
        return hasElement();
    }

    private boolean hasElement() {
        return elements.isValid() && RocksKeyspace.startsWith(elements.key(), elementPrefix);
    }

    private void closeElements() {
        if (elements != null) {
            elements.close();
            elements = null;
        }
    }

    @Override
    public void close() {
        closeElements();
        options.close();
        if (keys != null) {
            keys.close();
            engine.db().releaseSnapshot(snapshot);
            engine.forget(this);
        }
    }
}
