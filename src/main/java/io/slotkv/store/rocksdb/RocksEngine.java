package io.slotkv.store.rocksdb;

import io.slotkv.protocol.HashSlot;
import io.slotkv.store.Keyspace;
import io.slotkv.store.StorageEngine;
import io.slotkv.store.StorageException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.rocksdb.AbstractEventListener;
import org.rocksdb.BackgroundErrorReason;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.Logger;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Status;
import org.rocksdb.WALRecoveryMode;
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
 *
 * <p>Faults: the data directory is checked before RocksDB opens it for writing, so a corrupt, unusable or locked
 * directory stops the server and is left exactly as it was. A write the disk refuses (full, file too large, I/O
 * error) fails its command and puts the engine in a write-error state that {@link #writeError()} reports (the
 * server answers writes with Redis's MISCONF error meanwhile) and leaves as soon as RocksDB accepts writes again.
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
    /**
     * Most point reads of a write path miss (a SET or RESTORE of a new key asks for its metadata first), and a
     * miss without a filter searches every level's index: whole-key bloom filters answer most misses in memory.
     */
    private final BloomFilter bloomFilter = new BloomFilter(10);
    private final Cache blockCache = new LRUCache(BLOCK_CACHE_BYTES);
    private final List<ColumnFamilyHandle> handles = new ArrayList<>();
    final ColumnFamilyHandle meta;
    final ColumnFamilyHandle data;
    final ColumnFamilyHandle score;
    private final ColumnFamilyHandle counts;
    /** Sub-key prefixes of collections staged and not yet published ({@link RocksKeyspace#stage}). */
    final ColumnFamilyHandle staged;
    final WriteBatchWithIndex batch = new WriteBatchWithIndex(true);
    private final List<OrderedBatch.RangeDelete> rangeDeletes = new ArrayList<>();
    private final Map<Integer, ColumnFamilyHandle> familiesById = new HashMap<>();
    final ReadOptions readOptions = new ReadOptions();
    private final WriteOptions writeOptions = new WriteOptions();
    private final WriteOptions syncWriteOptions = new WriteOptions().setSync(true);
    private boolean syncNext;
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
     * a read of a key whose bit is clear goes straight to RocksDB instead of through the indexed batch, whose
     * lookup led the profile of GET before this filter.
     */
    private final long[] pending = new long[PENDING_WORDS];
    private boolean anyPending;
    private final MetaCache metaCache = new MetaCache(META_CACHE_ENTRIES);
    private static final int META_CACHE_ENTRIES = 1 << 19;
    private static final long BLOCK_CACHE_BYTES = 64L << 20;
    private static final int PENDING_WORDS = 1024;
    private final String appendfsync;
    private final BackgroundErrors backgroundErrors;
    /** Why the last write failed, while writes keep failing; null when writes work. Read by the WAL syncer. */
    private volatile String writeError;
    private long lastWriteAttemptNanos;

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
        boolean fresh = checkDataDir(path);
        backgroundErrors = new BackgroundErrors();
        dbOptions = withFaultOptions(new DBOptions().setCreateIfMissing(fresh).setCreateMissingColumnFamilies(true))
                .setListeners(List.of(backgroundErrors));
        cfOptions = new ColumnFamilyOptions().setTableFormatConfig(new BlockBasedTableConfig()
                .setFilterPolicy(bloomFilter)
                .setBlockCache(blockCache));
        List<ColumnFamilyDescriptor> descriptors = List.of(
                new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions),
                new ColumnFamilyDescriptor("meta".getBytes(), cfOptions),
                new ColumnFamilyDescriptor("data".getBytes(), cfOptions),
                new ColumnFamilyDescriptor("score".getBytes(), cfOptions),
                new ColumnFamilyDescriptor("counts".getBytes(), cfOptions),
                new ColumnFamilyDescriptor("staged".getBytes(), cfOptions));
        try {
            db = RocksDB.open(dbOptions, path.toString(), descriptors, handles);
        } catch (RocksDBException e) {
            dbOptions.close();
            cfOptions.close();
            bloomFilter.close();
            blockCache.close();
            backgroundErrors.close();
            String reason = e.getMessage() != null && e.getMessage().contains("lock file")
                    ? "it is locked, probably by another running server (" + e.getMessage() + ")" : e.getMessage();
            throw unusable(path, reason, e);
        }
        meta = handles.get(1);
        data = handles.get(2);
        score = handles.get(3);
        counts = handles.get(4);
        staged = handles.get(5);
        handles.forEach(handle -> familiesById.put(handle.getID(), handle));
        this.appendfsync = appendfsync;
        writeOptions.setSync(appendfsync.equals("always"));
        slotCounts = new long[databases][HashSlot.COUNT + 1];
        dirtyCounts = new boolean[databases][HashSlot.COUNT + 1];
        loadCounts();
        dropUnpublished();
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

    /**
     * Removes the elements of collections that were being received when the server stopped: their metadata was
     * never written, so nothing else would ever find them. The sender starts such a key again from its first chunk.
     */
    private void dropUnpublished() throws IOException {
        try (RocksIterator it = db.newIterator(staged); WriteBatch drop = new WriteBatch()) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] prefix = it.key();
                drop.deleteRange(data, prefix, KeyCodec.prefixEnd(prefix));
                drop.deleteRange(score, prefix, KeyCodec.prefixEnd(prefix));
                drop.delete(staged, prefix);
            }
            if (drop.count() > 0) {
                db.write(writeOptions, drop);
            }
        } catch (RocksDBException e) {
            throw new IOException("could not drop the collections left staged by the last run: " + e.getMessage(), e);
        }
    }

    private void syncWal() {
        if (writeError != null) {
            // a sync would only fail again, and each failure is one more error that delays RocksDB's recovery
            return;
        }
        try {
            db.syncWal();
        } catch (RocksDBException e) {
            // as Redis after a failed fsync of its AOF: writes are refused until one works again
            writeError = reason(e);
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

    @Override
    public void syncNextCommit() {
        syncNext = true;
    }

    /** The value of {@code key} as the current batch leaves it: the batch's if it wrote the key, else RocksDB's. */
    byte[] read(ColumnFamilyHandle family, byte[] key) {
        if (family == meta) {
            byte[] cached = metaCache.get(key);
            if (cached != null) {
                return cached == MetaCache.ABSENT ? null : cached;
            }
        }
        try {
            byte[] value = !anyPending || !maybePending(key)
                    ? db.get(family, readOptions, key) : batch.getFromBatchAndDB(db, family, readOptions, key);
            if (family == meta) {
                metaCache.put(key, value == null ? MetaCache.ABSENT : value);
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
                metaCache.put(key, MetaCache.ABSENT);
            }
        } catch (RocksDBException e) {
            throw new StorageException("write failed: " + e.getMessage(), e);
        }
    }

    private static int pendingBit(byte[] key) {
        int h = Arrays.hashCode(key);
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
        WriteOptions options = syncNext ? syncWriteOptions : writeOptions;
        syncNext = false;
        try {
            for (int[] dirty : dirtyList) {
                int d = dirty[0];
                int slot = dirty[1];
                batch.put(counts, countKey(d, slot), KeyCodec.longBytes(slotCounts[d][slot]));
            }
            if (!rangeDeletes.isEmpty()) {
                try (WriteBatch all = OrderedBatch.of(batch.getWriteBatch(), rangeDeletes, familiesById)) {
                    db.write(options, all);
                }
            } else if (batch.count() > 0) {
                db.write(options, batch);
            }
        } catch (RocksDBException e) {
            metaCache.clear(); // it holds the batch's writes, which never landed
            throw writeFailed(e);
        } finally {
            batch.clear();
            if (anyPending) {
                Arrays.fill(pending, 0);
                anyPending = false;
            }
            rangeDeletes.clear();
            dirtyList.forEach(dirty -> dirtyCounts[dirty[0]][dirty[1]] = false);
            dirtyList.clear();
        }
    }

    /**
     * An iterator over {@code family} as the current batch leaves it: RocksDB's with the batch merged over it
     * while the batch holds writes (a DUMP after a write in the same transaction reads that write), RocksDB's alone
     * otherwise, which steps about twice as fast. For reads that write nothing while they iterate.
     */
    RocksIterator currentIterator(ColumnFamilyHandle family, ReadOptions options) {
        RocksIterator base = db.newIterator(family, options);
        return anyPending ? batch.newIteratorWithBase(family, base, options) : base;
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
        syncWriteOptions.close();
        handles.forEach(ColumnFamilyHandle::close);
        db.close();
        dbOptions.close();
        cfOptions.close();
        bloomFilter.close();
        blockCache.close();
        backgroundErrors.close();
    }

    /** The key of a (db, slot) counter in the counts column family; slot COUNT is the expiring-keys counter. */
    private static byte[] countKey(int db, int slot) {
        return KeyCodec.slotStart(db, slot == HashSlot.COUNT ? EXPIRES_SLOT : slot);
    }

    // ---------------------------------------------------------------- opening a data directory

    /**
     * The options that decide how faults are found at open: paranoid checks (every SST file the manifest lists is
     * opened and its size compared, checksums are verified, a failed write stops further writes instead of
     * leaving a hole in the WAL), and the WAL recovery mode. {@code TolerateCorruptedTailRecords} is Redis's
     * {@code aof-load-truncated yes}: a record cut short at the end of the log, which is what {@code kill -9} or a
     * failed write leaves, is dropped and the server starts; a damaged record anywhere else is corruption and the
     * server refuses to start rather than silently dropping everything after it ({@code PointInTimeRecovery},
     * RocksDB's default, would).
     */
    private static DBOptions withFaultOptions(DBOptions options) {
        return options.setParanoidChecks(true)
                .setSkipCheckingSstFileSizesOnDbOpen(false)
                .setWalRecoveryMode(WALRecoveryMode.TolerateCorruptedTailRecords);
    }

    /**
     * Checks the data directory before RocksDB opens it for writing, because a failed read-write open is not
     * harmless: RocksDB first rotates its LOG file (even in a directory another server is using), and without a
     * CURRENT file it would create an empty database over the files there. A corrupt directory is found by
     * opening it read-only first, which writes nothing; the price is reading the WAL twice at start-up.
     *
     * @return whether the directory is new (so RocksDB may create a database in it)
     * @throws IOException naming the directory and the reason, on one line, when it cannot be used
     */
    private static boolean checkDataDir(Path path) throws IOException {
        if (Files.exists(path) && !Files.isDirectory(path)) {
            throw unusable(path, "it is not a directory", null);
        }
        if (!Files.exists(path)) {
            try {
                Files.createDirectories(path);
            } catch (IOException e) {
                throw unusable(path, describe(e), e);
            }
            return true;
        }
        if (!Files.isWritable(path)) {
            throw unusable(path, "it is not writable (read-only file system or permissions)", null);
        }
        if (!Files.exists(path.resolve("CURRENT"))) {
            if (holdsData(path)) {
                throw unusable(path, "it holds RocksDB data files but no CURRENT file (lost or deleted); "
                        + "refusing to create an empty database over them", null);
            }
            return true;
        }
        String holder = lockHolder(path.resolve("LOCK"));
        if (holder != null) {
            throw unusable(path, "it is locked, probably by another running server (process " + holder + " holds "
                    + path.resolve("LOCK") + ")", null);
        }
        verifyReadOnly(path);
        return false;
    }

    /** Whether {@code dir} holds SST, WAL or blob files (files a database without CURRENT must not lose). */
    private static boolean holdsData(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString())
                    .anyMatch(name -> name.endsWith(".sst") || name.endsWith(".log") || name.endsWith(".blob"));
        }
    }

    /**
     * The process that holds RocksDB's lock on {@code lock}, read from /proc/locks (Linux), or null when none does
     * or it cannot be told (then RocksDB's own lock check still refuses the directory). Reading the lock table,
     * rather than trying to take the lock, cannot disturb a lock this process already holds.
     */
    private static String lockHolder(Path lock) {
        try {
            long inode = (Long) Files.getAttribute(lock, "unix:ino");
            long device = (Long) Files.getAttribute(lock, "unix:dev");
            long major = ((device >>> 8) & 0xfff) | ((device >>> 32) & ~0xfffL);
            long minor = (device & 0xff) | ((device >>> 12) & ~0xffL);
            String id = String.format("%02x:%02x:%d", major, minor, inode);
            // "1: POSIX  ADVISORY  WRITE 8365 fe:00:2154559 0 EOF": the pid comes just before the file's id
            for (String line : Files.readAllLines(Path.of("/proc/locks"))) {
                String[] fields = line.trim().split("\\s+");
                for (int i = 1; i < fields.length; i++) {
                    if (fields[i].equals(id)) {
                        return fields[i - 1];
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // no LOCK file, no /proc/locks, or no unix attributes: nothing known to hold it
        }
        return null;
    }

    /**
     * Opens the database read-only with every column family, so RocksDB's checks run without writing a byte (its
     * log goes to {@link OpenWarnings}, not to a LOG file).
     */
    private static void verifyReadOnly(Path path) throws IOException {
        try (OpenWarnings warnings = new OpenWarnings()) {
            try {
                openReadOnlyAndClose(path, warnings);
            } catch (RocksDBException e) {
                String message = String.valueOf(e.getMessage());
                // "checksum mismatch" alone does not say which file: RocksDB's last warning does
                String where = message.contains(path.toString()) || warnings.last == null
                        ? "" : " (" + warnings.last + ")";
                throw unusable(path, "it is corrupt: " + message + where, e);
            }
        }
    }

    private static void openReadOnlyAndClose(Path path, Logger logger) throws RocksDBException {
        List<ColumnFamilyHandle> opened = new ArrayList<>();
        try (Options listOptions = new Options();
                DBOptions options = withFaultOptions(new DBOptions()).setLogger(logger);
                ColumnFamilyOptions family = new ColumnFamilyOptions()) {
            // the default family first, even when a damaged manifest lists none: the open then says what is wrong
            List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
            descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, family));
            for (byte[] name : RocksDB.listColumnFamilies(listOptions, path.toString())) {
                if (!Arrays.equals(name, RocksDB.DEFAULT_COLUMN_FAMILY)) {
                    descriptors.add(new ColumnFamilyDescriptor(name, family));
                }
            }
            try (RocksDB readOnly = RocksDB.openReadOnly(options, path.toString(), descriptors, opened)) {
                opened.forEach(ColumnFamilyHandle::close);
            }
        }
    }

    /** RocksDB's log during the read-only check: only the last warning is kept, to say where damage was found. */
    private static final class OpenWarnings extends Logger {
        volatile String last;

        OpenWarnings() {
            super(InfoLogLevel.WARN_LEVEL);
        }

        @Override
        protected void log(InfoLogLevel level, String message) {
            // "[/db_impl/db_impl_open.cc:1119] /x/000010.log: dropping 14910 bytes; Corruption: checksum mismatch"
            last = message.replaceFirst("^\\[[^]]*]\\s*", "");
        }
    }

    /** The error that stops the server: the directory, and why, on one line. */
    private static IOException unusable(Path path, String reason, Exception cause) {
        String line = String.valueOf(reason).replaceAll("\\s+", " ").trim();
        return new IOException("cannot open the rocksdb data directory " + path + ": " + line, cause);
    }

    private static String describe(IOException e) {
        if (e instanceof FileAlreadyExistsException) {
            return "it exists and is not a directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage();
    }

    // ---------------------------------------------------------------- failed writes

    /**
     * A write RocksDB refused: the command fails, its batch is dropped, and the slot counters it had changed in
     * memory are read back from the disk. Writes then count as failing until {@link #writeError()} sees one work.
     */
    private StorageException writeFailed(RocksDBException e) {
        writeError = reason(e);
        lastWriteAttemptNanos = System.nanoTime();
        for (int[] dirty : dirtyList) {
            try {
                byte[] stored = db.get(counts, countKey(dirty[0], dirty[1]));
                slotCounts[dirty[0]][dirty[1]] = stored == null ? 0 : KeyCodec.bytesLong(stored);
            } catch (RocksDBException unreadable) {
                // the disk refuses reads too: keep the in-memory count, the best estimate left
            }
        }
        return new StorageException("write failed: " + e.getMessage(), e);
    }

    /** What Redis would print as strerror: "No space left on device" from RocksDB's "While appending ...: ...". */
    private static String reason(RocksDBException e) {
        String message = e.getMessage() == null ? "unknown error" : e.getMessage();
        return message.substring(message.lastIndexOf(": ") + 1).strip();
    }

    /**
     * Why writes fail ("No space left on device", "File too large"), or null when they work. While writes fail,
     * an empty write is tried at most once a second to see whether RocksDB takes writes again: it recovers from a
     * full disk by itself (its SstFileManager polls the free space every few seconds and resumes once a memtable
     * flush fits), while other I/O errors are fatal to this RocksDB instance and last until a restart. The Java
     * API has no {@code DB::Resume()}, so there is nothing more to try. Shard thread only.
     */
    @Override
    public String writeError() {
        if (writeError != null && System.nanoTime() - lastWriteAttemptNanos >= TimeUnit.SECONDS.toNanos(1)) {
            lastWriteAttemptNanos = System.nanoTime();
            try (WriteBatch empty = new WriteBatch()) {
                db.write(writeOptions, empty);
                writeError = null;
            } catch (RocksDBException e) {
                // still failing: keep the first reason, later ones are only RocksDB refusing after it
            }
        }
        return writeError;
    }

    /** The {@code appendfsync} policy this engine applies (the one it was opened with). */
    public String appendfsync() {
        return appendfsync;
    }

    // ---------------------------------------------------------------- statistics

    /**
     * RocksDB's main figures for INFO's rocksdb section, as {@code rocksdb_}-prefixed fields: memory (memtables,
     * block cache, table readers), size (keys, SST files, pending compaction), background work, write stalls and
     * background errors. Summed over the column families where each family has its own; the block cache is one,
     * shared by every family.
     */
    public Map<String, Object> info() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("rocksdb_cur_size_all_mem_tables", sum("rocksdb.cur-size-all-mem-tables"));
        fields.put("rocksdb_num_immutable_mem_table", sum("rocksdb.num-immutable-mem-table"));
        fields.put("rocksdb_block_cache_capacity", property("rocksdb.block-cache-capacity"));
        fields.put("rocksdb_block_cache_usage", property("rocksdb.block-cache-usage"));
        fields.put("rocksdb_block_cache_pinned_usage", property("rocksdb.block-cache-pinned-usage"));
        fields.put("rocksdb_estimate_table_readers_mem", sum("rocksdb.estimate-table-readers-mem"));
        fields.put("rocksdb_estimate_num_keys", sum("rocksdb.estimate-num-keys"));
        fields.put("rocksdb_estimate_pending_compaction_bytes", sum("rocksdb.estimate-pending-compaction-bytes"));
        fields.put("rocksdb_total_sst_files_size", sum("rocksdb.total-sst-files-size"));
        fields.put("rocksdb_live_sst_files_size", sum("rocksdb.live-sst-files-size"));
        fields.put("rocksdb_num_running_compactions", property("rocksdb.num-running-compactions"));
        fields.put("rocksdb_num_running_flushes", property("rocksdb.num-running-flushes"));
        fields.put("rocksdb_is_write_stopped", property("rocksdb.is-write-stopped"));
        fields.put("rocksdb_actual_delayed_write_rate", property("rocksdb.actual-delayed-write-rate"));
        fields.put("rocksdb_write_stall_delays", stallCount("total-delays"));
        fields.put("rocksdb_write_stall_stops", stallCount("total-stops") + writeBufferManagerStops());
        fields.put("rocksdb_background_errors", backgroundErrors.count.get());
        fields.put("rocksdb_last_background_error", backgroundErrors.last);
        return fields;
    }

    /** A whole-database property (or the shared block cache's), read through the default column family. */
    private long property(String name) {
        try {
            return db.getLongProperty(handles.get(0), name);
        } catch (RocksDBException e) {
            throw new StorageException("read failed: " + e.getMessage(), e);
        }
    }

    private long sum(String name) {
        try {
            return db.getAggregatedLongProperty(name);
        } catch (RocksDBException e) {
            throw new StorageException("read failed: " + e.getMessage(), e);
        }
    }

    /** Write stalls a column family counted since start ({@code total-delays}, {@code total-stops}), summed. */
    private long stallCount(String counter) {
        long total = 0;
        for (ColumnFamilyHandle family : handles) {
            total += Long.parseLong(mapProperty(family, "rocksdb.cf-write-stall-stats").getOrDefault(counter, "0"));
        }
        return total;
    }

    private long writeBufferManagerStops() {
        return Long.parseLong(mapProperty(handles.get(0), "rocksdb.db-write-stall-stats")
                .getOrDefault("write-buffer-manager-limit-stops", "0"));
    }

    private Map<String, String> mapProperty(ColumnFamilyHandle family, String name) {
        try {
            return db.getMapProperty(family, name);
        } catch (RocksDBException e) {
            throw new StorageException("read failed: " + e.getMessage(), e);
        }
    }

    /**
     * Counts the errors RocksDB raises to its error handler (a failed WAL write, flush or compaction) and keeps the
     * last one's text; called on RocksDB's threads.
     */
    private static final class BackgroundErrors extends AbstractEventListener {
        final AtomicLong count = new AtomicLong();
        volatile String last = "";

        BackgroundErrors() {
            super(EnabledEventCallback.ON_BACKGROUND_ERROR);
        }

        @Override
        public void onBackgroundError(BackgroundErrorReason reason, Status status) {
            count.incrementAndGet();
            String text = status.getState() == null ? status.getCodeString() : status.getState();
            last = (reason + ": " + text).replaceAll("\\s+", " ");
        }
    }
}
