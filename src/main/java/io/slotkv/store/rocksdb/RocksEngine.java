package io.slotkv.store.rocksdb;

import io.slotkv.protocol.HashSlot;
import io.slotkv.store.Keyspace;
import io.slotkv.store.StorageEngine;
import io.slotkv.store.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteBatchWithIndex;
import org.rocksdb.WriteOptions;

/**
 * The durable engine: one RocksDB instance under {@code dir/rocksdb} holding every database, laid out as
 * {@link KeyCodec} draws it. Each command's writes collect in one indexed write batch (so the command reads its own
 * writes) that {@link #commit} writes atomically; {@code appendfsync} decides when the WAL reaches the disk:
 * {@code always} syncs every commit, {@code everysec} syncs from a background thread once a second, {@code no}
 * leaves it to the operating system.
 *
 * <p>Keys per slot are counted in memory and persisted in the same batch as the change that moved them, so
 * COUNTKEYSINSLOT is O(1) and stays right across restarts.
 */
public final class RocksEngine implements StorageEngine {
    static {
        RocksDB.loadLibrary();
    }

    /** Slot id under which a database's count of keys with an expiry is kept (beyond the real slots). */
    static final int EXPIRES_SLOT = 0xFFFF;

    private final RocksDB db;
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions cfOptions;
    private final List<ColumnFamilyHandle> handles = new ArrayList<>();
    final ColumnFamilyHandle meta;
    final ColumnFamilyHandle data;
    final ColumnFamilyHandle score;
    private final ColumnFamilyHandle counts;
    final WriteBatchWithIndex batch = new WriteBatchWithIndex(true);
    private final List<OrderedBatch.RangeDelete> rangeDeletes = new ArrayList<>();
    private final Map<Integer, ColumnFamilyHandle> familiesById = new HashMap<>();
    final ReadOptions readOptions = new ReadOptions();
    private final WriteOptions writeOptions = new WriteOptions();
    private final RocksKeyspace[] databases;
    private final long[][] slotCounts;
    private final boolean[][] dirtyCounts;
    /** The (db, slot) counters the current command changed, so commit writes only those. */
    private final List<int[]> dirtyList = new ArrayList<>();
    private final ScheduledExecutorService syncer;
    private long lastVersion;
    /** Slot snapshots not closed yet: closing the engine releases them before RocksDB goes. */
    private final Set<RocksSlotSnapshot> snapshots = new HashSet<>();
    /** While above zero, commits keep collecting into the batch; see {@link #deferCommits()}. */
    private int deferred;
    /**
     * A one-sided filter of the keys the batch holds (bit {@code hash & (bits - 1)} set for every key written):
     * a read of a key whose bit is clear goes straight to RocksDB, which costs half of reading through the
     * indexed batch.
     */
    private final long[] pending = new long[PENDING_WORDS];
    private boolean anyPending;
    private final MetaCache metaCache = new MetaCache(META_CACHE_ENTRIES);
    private static final int META_CACHE_ENTRIES = 1 << 18;
    private static final int PENDING_WORDS = 1024;

    /**
     * Opens (or creates) the engine's files under {@code dir}.
     *
     * @param appendfsync always, everysec or no
     * @throws IOException when the directory cannot be used: locked by another process, unreadable, or corrupt
     */
    public RocksEngine(Path dir, int databases, String appendfsync) throws IOException {
        if (databases > 256) {
            throw new IOException("the rocksdb engine supports at most 256 databases (databases " + databases + ")");
        }
        Path path = dir.resolve("rocksdb");
        Files.createDirectories(path);
        dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
        cfOptions = new ColumnFamilyOptions();
        List<ColumnFamilyDescriptor> descriptors = List.of(
                new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions),
                new ColumnFamilyDescriptor("meta".getBytes(), cfOptions),
                new ColumnFamilyDescriptor("data".getBytes(), cfOptions),
                new ColumnFamilyDescriptor("score".getBytes(), cfOptions),
                new ColumnFamilyDescriptor("counts".getBytes(), cfOptions));
        try {
            db = RocksDB.open(dbOptions, path.toString(), descriptors, handles);
        } catch (RocksDBException e) {
            dbOptions.close();
            cfOptions.close();
            String reason = e.getMessage() != null && e.getMessage().contains("lock file")
                    ? "it is locked, probably by another running server (" + e.getMessage() + ")" : e.getMessage();
            throw new IOException("cannot open the rocksdb data directory " + path + ": " + reason, e);
        }
        meta = handles.get(1);
        data = handles.get(2);
        score = handles.get(3);
        counts = handles.get(4);
        handles.forEach(handle -> familiesById.put(handle.getID(), handle));
        writeOptions.setSync(appendfsync.equals("always"));
        slotCounts = new long[databases][HashSlot.COUNT + 1];
        dirtyCounts = new boolean[databases][HashSlot.COUNT + 1];
        loadCounts();
        this.databases = new RocksKeyspace[databases];
        for (int i = 0; i < databases; i++) {
            this.databases[i] = new RocksKeyspace(this, i);
        }
        lastVersion = System.currentTimeMillis() << 20;
        if (appendfsync.equals("everysec")) {
            syncer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "slotkv-wal-sync"));
            syncer.scheduleAtFixedRate(this::syncWal, 1, 1, TimeUnit.SECONDS);
        } else {
            syncer = null;
        }
    }

    private void loadCounts() {
        try (RocksIterator it = db.newIterator(counts)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] key = it.key();
                int dbIndex = key[0] & 0xFF;
                int slot = ((key[1] & 0xFF) << 8) | (key[2] & 0xFF);
                if (dbIndex < slotCounts.length) {
                    slotCounts[dbIndex][slot == EXPIRES_SLOT ? HashSlot.COUNT : slot] = KeyCodec.bytesLong(it.value());
                }
            }
        }
    }

    private void syncWal() {
        try {
            db.syncWal();
        } catch (RocksDBException e) {
            // the next commit reports a failing disk; nothing to do on this thread
        }
    }

    @Override
    public String name() {
        return "rocksdb";
    }

    @Override
    public int databases() {
        return databases.length;
    }

    @Override
    public Keyspace database(int index) {
        return databases[index];
    }

    RocksDB db() {
        return db;
    }

    /** A version no collection has had: increasing across restarts as long as the clock does not go back. */
    long nextVersion() {
        lastVersion = Math.max(lastVersion + 1, System.currentTimeMillis() << 20);
        return lastVersion;
    }

    long slotCount(int db, int slot) {
        return slotCounts[db][slot];
    }

    long expiringCount(int db) {
        return slotCounts[db][HashSlot.COUNT];
    }

    void addToSlot(int db, int slot, long delta) {
        slotCounts[db][slot] += delta;
        markDirty(db, slot);
    }

    void addToExpiring(int db, long delta) {
        addToSlot(db, HashSlot.COUNT, delta);
    }

    void resetSlot(int db, int slot) {
        slotCounts[db][slot] = 0;
        markDirty(db, slot);
    }

    private void markDirty(int db, int slot) {
        if (!dirtyCounts[db][slot]) {
            dirtyCounts[db][slot] = true;
            dirtyList.add(new int[] {db, slot});
        }
    }

    /**
     * Schedules removal of every key in {@code [from, to)} of {@code family} at the next commit, after the writes
     * made so far and before those made later.
     */
    void deleteRange(ColumnFamilyHandle family, byte[] from, byte[] to) {
        if (family == meta) {
            metaCache.clear();
        }
        rangeDeletes.add(new OrderedBatch.RangeDelete(family, from, to, batch.count()));
    }

    /**
     * Holds commits until {@link #commitDeferred()}: the writes of every command in between reach the disk as one
     * write batch, so a crash never leaves half a MULTI/EXEC transaction. Commands still read each other's writes
     * through the indexed batch.
     */
    @Override
    public void deferCommits() {
        deferred++;
    }

    @Override
    public void commitDeferred() {
        if (--deferred == 0) {
            commit();
        }
    }

    /** The value of {@code key} as the current batch leaves it: the batch's if it wrote the key, else RocksDB's. */
    byte[] read(ColumnFamilyHandle family, byte[] key) {
        if (family == meta) {
            byte[] cached = metaCache.get(key);
            if (cached != null) {
                return cached;
            }
        }
        try {
            byte[] value = !anyPending || !maybePending(key)
                    ? db.get(family, readOptions, key) : batch.getFromBatchAndDB(db, family, readOptions, key);
            if (family == meta && value != null) {
                metaCache.put(key, value);
            }
            return value;
        } catch (RocksDBException e) {
            throw new StorageException("read failed: " + e.getMessage(), e);
        }
    }

    void put(ColumnFamilyHandle family, byte[] key, byte[] value) {
        try {
            batch.put(family, key, value);
            markPending(key);
            if (family == meta) {
                metaCache.put(key, value);
            }
        } catch (RocksDBException e) {
            throw new StorageException("write failed: " + e.getMessage(), e);
        }
    }

    void delete(ColumnFamilyHandle family, byte[] key) {
        try {
            batch.delete(family, key);
            markPending(key);
            if (family == meta) {
                metaCache.remove(key);
            }
        } catch (RocksDBException e) {
            throw new StorageException("write failed: " + e.getMessage(), e);
        }
    }

    private static int pendingBit(byte[] key) {
        int h = java.util.Arrays.hashCode(key);
        return (h ^ (h >>> 16)) & (PENDING_WORDS * 64 - 1);
    }

    private void markPending(byte[] key) {
        int bit = pendingBit(key);
        pending[bit >>> 6] |= 1L << bit;
        anyPending = true;
    }

    private boolean maybePending(byte[] key) {
        int bit = pendingBit(key);
        return (pending[bit >>> 6] & (1L << bit)) != 0;
    }

    /**
     * Writes the current command's batch atomically, together with the slot counters it changed and the range
     * deletions it scheduled (in one write batch, so a crash never leaves half a command). Does nothing while
     * commits are deferred.
     */
    void commit() {
        if (deferred > 0) {
            return;
        }
        try {
            for (int[] dirty : dirtyList) {
                int d = dirty[0];
                int slot = dirty[1];
                int id = slot == HashSlot.COUNT ? EXPIRES_SLOT : slot;
                batch.put(counts, KeyCodec.slotStart(d, id), KeyCodec.longBytes(slotCounts[d][slot]));
            }
            if (!rangeDeletes.isEmpty()) {
                try (WriteBatch all = OrderedBatch.of(batch.getWriteBatch(), rangeDeletes, familiesById)) {
                    db.write(writeOptions, all);
                }
            } else if (batch.count() > 0) {
                db.write(writeOptions, batch);
            }
        } catch (RocksDBException e) {
            reloadDirtyCounts();
            metaCache.clear(); // it holds the batch's writes, which never landed
            throw new StorageException("write failed: " + e.getMessage(), e);
        } finally {
            batch.clear();
            if (anyPending) {
                java.util.Arrays.fill(pending, 0);
                anyPending = false;
            }
            rangeDeletes.clear();
            dirtyList.forEach(dirty -> dirtyCounts[dirty[0]][dirty[1]] = false);
            dirtyList.clear();
        }
    }

    /** After a failed write, the changed counters go back to what the disk holds, as the changes never landed. */
    private void reloadDirtyCounts() {
        for (int[] dirty : dirtyList) {
            int slot = dirty[1];
            byte[] key = KeyCodec.slotStart(dirty[0], slot == HashSlot.COUNT ? EXPIRES_SLOT : slot);
            try {
                byte[] stored = db.get(counts, key);
                slotCounts[dirty[0]][slot] = stored == null ? 0 : KeyCodec.bytesLong(stored);
            } catch (RocksDBException e) {
                // unreadable as well: keep the in-memory count, the next successful commit writes it
            }
        }
    }

    /** Opens a slot snapshot (between commands: the batch holds nothing unwritten). */
    RocksSlotSnapshot snapshot(int db, int fromSlot, int toSlot) {
        RocksSlotSnapshot snapshot = new RocksSlotSnapshot(this, db, fromSlot, toSlot, System.currentTimeMillis());
        snapshots.add(snapshot);
        return snapshot;
    }

    void forget(RocksSlotSnapshot snapshot) {
        snapshots.remove(snapshot);
    }

    /** Every database of this engine, for a commit that must write back the views of all of them. */
    RocksKeyspace[] keyspaces() {
        return databases;
    }

    @Override
    public void close() {
        if (syncer != null) {
            syncer.shutdownNow();
        }
        syncWal();
        new ArrayList<>(snapshots).forEach(RocksSlotSnapshot::close);
        batch.close();
        readOptions.close();
        writeOptions.close();
        handles.forEach(ColumnFamilyHandle::close);
        db.close();
        dbOptions.close();
        cfOptions.close();
    }
}
