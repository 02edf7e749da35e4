package io.slotkv.store.rocksdb;

import java.util.List;
import java.util.Map;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * Builds the plain write batch a commit writes when it holds range deletions. RocksDB's indexed batch refuses
 * DeleteRange, so range deletions are kept aside with the number of records the batch held when each was asked
 * for, and put back in their place here: a range deleted before a later write in the same commit (LTRIM then
 * RPUSH, FLUSHDB then SET inside one EXEC) must not erase that write.
 */
final class OrderedBatch extends WriteBatch.Handler {
    /** A range deletion and the number of batch records that precede it. */
    record RangeDelete(ColumnFamilyHandle family, byte[] from, byte[] to, int position) {}

    private final WriteBatch out = new WriteBatch();
    private final Map<Integer, ColumnFamilyHandle> families;
    private final List<RangeDelete> ranges;
    private int next;
    private int records;

    private OrderedBatch(Map<Integer, ColumnFamilyHandle> families, List<RangeDelete> ranges) {
        this.families = families;
        this.ranges = ranges;
    }

    /**
     * The records of {@code source} with {@code ranges} (in the order they were asked for) inserted at their
     * positions; the caller closes the result.
     */
    static WriteBatch of(WriteBatch source, List<RangeDelete> ranges, Map<Integer, ColumnFamilyHandle> families)
            throws RocksDBException {
        OrderedBatch builder = new OrderedBatch(families, ranges);
        try {
            source.iterate(builder);
            builder.rangesUpTo(Integer.MAX_VALUE);
            return builder.out;
        } catch (RocksDBException | RuntimeException e) {
            builder.out.close();
            throw e;
        } finally {
            builder.close();
        }
    }

    private void rangesUpTo(int position) throws RocksDBException {
        for (; next < ranges.size() && ranges.get(next).position() <= position; next++) {
            RangeDelete range = ranges.get(next);
            out.deleteRange(range.family(), range.from(), range.to());
        }
    }

    private ColumnFamilyHandle family(int id) {
        ColumnFamilyHandle family = families.get(id);
        if (family == null) {
            throw new IllegalStateException("write batch names an unknown column family " + id);
        }
        return family;
    }

    @Override
    public void put(int family, byte[] key, byte[] value) throws RocksDBException {
        rangesUpTo(records++);
        out.put(family(family), key, value);
    }

    @Override
    public void delete(int family, byte[] key) throws RocksDBException {
        rangesUpTo(records++);
        out.delete(family(family), key);
    }

    // The engine writes puts and deletes to named column families only; anything else is a defect.

    private static UnsupportedOperationException unexpected(String record) {
        return new UnsupportedOperationException("unexpected " + record + " record in a slotkv write batch");
    }

    @Override
    public void put(byte[] key, byte[] value) {
        throw unexpected("default family put");
    }

    @Override
    public void merge(int family, byte[] key, byte[] value) {
        throw unexpected("merge");
    }

    @Override
    public void merge(byte[] key, byte[] value) {
        throw unexpected("merge");
    }

    @Override
    public void delete(byte[] key) {
        throw unexpected("default family delete");
    }

    @Override
    public void singleDelete(int family, byte[] key) {
        throw unexpected("single delete");
    }

    @Override
    public void singleDelete(byte[] key) {
        throw unexpected("single delete");
    }

    @Override
    public void deleteRange(int family, byte[] from, byte[] to) {
        throw unexpected("range delete");
    }

    @Override
    public void deleteRange(byte[] from, byte[] to) {
        throw unexpected("range delete");
    }

    @Override
    public void logData(byte[] blob) {
        throw unexpected("log data");
    }

    @Override
    public void putBlobIndex(int family, byte[] key, byte[] value) {
        throw unexpected("blob index");
    }

    @Override
    public void markBeginPrepare() {
        throw unexpected("prepare");
    }

    @Override
    public void markEndPrepare(byte[] xid) {
        throw unexpected("prepare");
    }

    @Override
    public void markNoop(boolean emptyBatch) {
        // written by RocksDB itself into some batches; carries no data
    }

    @Override
    public void markRollback(byte[] xid) {
        throw unexpected("rollback");
    }

    @Override
    public void markCommit(byte[] xid) {
        throw unexpected("commit");
    }

    @Override
    public void markCommitWithTimestamp(byte[] xid, byte[] timestamp) {
        throw unexpected("commit");
    }
}
